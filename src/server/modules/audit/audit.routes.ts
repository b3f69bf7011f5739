import { AuditEventListSchema, AuditQuerySchema, AuditVerificationSchema } from '../../../contract/audit.js';
import { errorResponses, type App } from '../../http.js';
import { resourceLabel } from '../../../domain/audit/resource-label.js';
import { foldForSearch } from '../patients/patient-search-terms.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(service: AuditService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/audit',
      {
        config: { access: { permission: 'audit:read' } },
        schema: {
          tags: ['audit'],
          summary: "The clinic's audit log, newest first",
          querystring: AuditQuerySchema,
          response: { 200: AuditEventListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const principal = request.requirePrincipal();
        const q = request.query;
        const rows = await service.list({
          clinicId: principal.clinicId,
          patientId: q.patientId,
          userId: q.userId,
          patientText: q.patient?.trim() ? { mrn: q.patient.trim(), folded: foldForSearch(q.patient) } : undefined,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          beforeSeq: q.beforeSeq,
          limit: q.limit ?? 100,
        });
        await request.audit({
          action: 'read',
          resourceType: 'AuditLog',
          patientId: q.patientId ?? null,
          detail: { results: rows.length, byPatientText: Boolean(q.patient) },
        });
        // The declared fields only: the chain's internals (clinicId, prevHash, collapseKey, windowEndsAt) stay inside.
        return {
          items: rows.map((r) => ({
            seq: r.seq,
            id: r.id,
            userId: r.userId,
            userRole: r.userRole,
            action: r.action,
            resourceType: r.resourceType,
            resourceId: r.resourceId,
            patientId: r.patientId,
            occurredAt: r.occurredAt.toISOString(),
            clientIp: r.clientIp,
            outcome: r.outcome,
            detail: r.detail,
            hash: r.hash ?? '',
            sealed: r.hash !== null,
            position: r.position,
            accessCount: r.accessCount,
            lastSeenAt: (r.lastSeenAt ?? r.occurredAt).toISOString(),
            patientName:
              r.patientGivenName !== null ? `${r.patientGivenName} ${r.patientFamilyName ?? ''}`.trim() : null,
            patientMrn: r.patientMrn,
            userName: r.userName,
            resourceLabel: resourceLabel(r.resourceType),
          })),
        };
      },
    );

    app.get(
      '/api/audit/verify',
      {
        config: { access: { permission: 'audit:read' } },
        schema: {
          tags: ['audit'],
          summary:
            'Seals pending events, checks the whole hash chain against its head, and names the first place that breaks it',
          description:
            "`checked` and `pending` count the caller's clinic only; the chain and its head are shared by every clinic in the database.",
          response: { 200: AuditVerificationSchema, ...errorResponses },
        },
      },
      async (request) => {
        const principal = request.requirePrincipal();
        await service.seal();
        const verdict = await service.verify({ clinicId: principal.clinicId });
        await request.audit({ action: 'verify', resourceType: 'AuditLog', detail: { intact: verdict.intact } });
        return verdict;
      },
    );
  };
}
