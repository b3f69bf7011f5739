/**
 * The FHIR R4 facade's service: reads and searches (every one audited, scoped to the caller's clinic), the
 * CapabilityStatement, and creating a QuestionnaireResponse through the measures service.
 */
import type { Bundle, BundleLink, CapabilityStatement, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { importQuestionnaireResponse } from '../../domain/fhir/questionnaire-response-import.js';
import { DomainValidationError } from '../../domain/shared/validation.js';
import { BadRequestError, NotFoundError } from '../errors/http-errors.js';
import type { RequestContext } from '../http.js';
import type { AuditService } from '../modules/audit/audit.service.js';
import type { MeasuresService } from '../modules/measures/measures.service.js';
import { FHIR_RESOURCES, type FhirResourceDefinition, type Served } from './fhir-resources.js';
import type { FhirRepository } from './fhir.repository.js';
import { matchesDates, SearchQuery } from './search-params.js';

const PATIENT_DEFINITION = FHIR_RESOURCES.find((d) => d.type === 'Patient')!;

/** `_include` values a type supports: its patient references (`Observation:patient`, `Observation:subject`). */
function includesOf(def: FhirResourceDefinition): string[] {
  return def.searchParams
    .filter((p) => p.name === 'patient' || p.name === 'subject')
    .map((p) => `${def.type}:${p.name}`);
}

/** A token with patient/ scopes sees its patient's records and records about no patient (Questionnaires, staff), never a Group. */
function inCompartment(ctx: RequestContext, served: Served): boolean {
  const only = ctx.principal.compartmentPatientId;
  if (served.isPopulation) return only === undefined;
  return only === undefined || served.patientId === null || served.patientId === only;
}

/** Accepted by every type: meta.lastUpdated, with eq/lt/le/gt/ge prefixes. */
const LAST_UPDATED = {
  name: '_lastUpdated',
  type: 'date' as const,
  documentation: 'When the resource last changed (meta.lastUpdated), with eq/lt/le/gt/ge prefixes',
};

export class FhirService {
  constructor(
    private readonly repo: FhirRepository,
    private readonly measures: MeasuresService,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly softwareVersion: string,
  ) {}

  capabilityStatement(baseUrl: string): CapabilityStatement {
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: this.clock().toISOString(),
      kind: 'instance',
      software: { name: 'Ketaclinic', version: this.softwareVersion },
      implementation: { description: 'Ketaclinic FHIR R4 server', url: baseUrl },
      fhirVersion: '4.0.1',
      format: ['application/fhir+json', 'json'],
      instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
      rest: [
        {
          mode: 'server',
          operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
          security: {
            description:
              'Sign in to Ketaclinic (session cookie; state-changing requests also send the x-csrf-token header), or send an API token created by a clinic admin as Authorization: Bearer <token>: it is authorised by its role and its SMART v2 scopes (e.g. system/Observation.rs; patient/ scopes limit it to one patient). Every read is audited and limited to the clinic of the caller. A system with its own key pair may instead use SMART Backend Services (client credentials with a signed JWT): see .well-known/smart-configuration.',
            // SMART App Launch: where the token endpoint is (https://hl7.org/fhir/smart-app-launch/conformance.html).
            service: [
              {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
                ],
              },
            ],
            extension: [
              {
                url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                extension: [{ url: 'token', valueUri: `${baseUrl}/auth/token` }],
              },
            ],
          },
          resource: FHIR_RESOURCES.map((def) => ({
            type: def.type,
            ...(def.profiles ? { supportedProfile: [...def.profiles] } : {}),
            interaction: [
              { code: 'read' as const },
              { code: 'search-type' as const },
              ...(def.type === 'QuestionnaireResponse' ? [{ code: 'create' as const }] : []),
            ],
            ...(includesOf(def).length > 0 ? { searchInclude: includesOf(def) } : {}),
            ...(def.type === 'Group'
              ? {
                  operation: [
                    { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' },
                  ],
                }
              : {}),
            ...(def.type === 'Patient'
              ? {
                  operation: [
                    {
                      name: 'export',
                      definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
                    },
                  ],
                }
              : {}),
            searchParam: [...def.searchParams, LAST_UPDATED].map((p) => ({
              name: p.name,
              type: p.type,
              documentation: p.documentation,
            })),
          })),
        },
      ],
    };
  }

  async read(ctx: RequestContext, def: FhirResourceDefinition, id: string): Promise<Resource> {
    const found = /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? await def.read(this.repo, ctx.principal.clinicId, id) : undefined;
    const served = found && inCompartment(ctx, found) ? found : undefined;
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: def.type,
      resourceId: id,
      patientId: served?.patientId ?? null,
      outcome: served ? 'success' : 'failure',
      detail: { via: 'fhir' },
    });
    if (!served) throw new NotFoundError(`${def.type}/${id} is not known in this clinic.`);
    return served.resource;
  }

  async search(
    ctx: RequestContext,
    def: FhirResourceDefinition,
    rawQuery: Record<string, unknown>,
    baseUrl: string,
  ): Promise<Bundle> {
    const includes = includesOf(def);
    const query = new SearchQuery(
      def.type,
      rawQuery,
      [...def.searchParams, LAST_UPDATED].map((p) => p.name).concat(includes.length > 0 ? ['_include'] : []),
    );
    const include = query.all('_include');
    include?.forEach((v) => {
      if (!includes.includes(v))
        throw new BadRequestError(`Search parameter _include: ${v} is not supported`, [
          { field: '_include', message: `must be one of ${includes.join(', ')}` },
        ]);
    });
    const lastUpdated = query.dates('_lastUpdated');
    const matches: Served[] = (await def.search(this.repo, ctx.principal.clinicId, query))
      .filter((m) => inCompartment(ctx, m))
      .filter(
        (m) =>
          lastUpdated === undefined ||
          (m.resource.meta?.lastUpdated !== undefined &&
            matchesDates(new Date(m.resource.meta.lastUpdated), lastUpdated)),
      );
    const start = query.after === undefined ? 0 : matches.findIndex((m) => m.resource.id > query.after!);
    const page = start < 0 ? [] : matches.slice(start, start + query.count);
    const hasMore = start >= 0 && start + query.count < matches.length;
    const patients = [...new Set(page.map((m) => m.patientId).filter((p): p is string => p !== null))];
    // _include=<Type>:patient (or :subject): the patients the page refers to, once each.
    const included: Served[] =
      include && include.length > 0 && def.type !== 'Patient' && patients.length > 0
        ? await PATIENT_DEFINITION.search(
            this.repo,
            ctx.principal.clinicId,
            new SearchQuery('Patient', { _id: patients.join(',') }, ['_id']),
          )
        : [];
    await this.audit.record(ctx, {
      action: 'search',
      resourceType: def.type,
      patientId: patients.length === 1 ? patients[0] : null,
      detail: {
        via: 'fhir',
        results: page.length,
        total: matches.length,
        patients: patients.length,
        included: included.length,
      },
    });
    const link = (after?: string): string => {
      const params = new URLSearchParams(query.criteria());
      params.set('_count', String(query.count));
      if (after !== undefined) params.set('_after', after);
      return `${baseUrl}/${def.type}?${params.toString()}`;
    };
    const links: BundleLink[] = [{ relation: 'self', url: link(query.after) }];
    if (hasMore) links.push({ relation: 'next', url: link(page.at(-1)!.resource.id) });
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link: links,
      entry: [
        ...page.map((m) => ({
          fullUrl: `${baseUrl}/${def.type}/${m.resource.id}`,
          resource: m.resource,
          search: { mode: 'match' as const },
        })),
        ...included.map((m) => ({
          fullUrl: `${baseUrl}/Patient/${m.resource.id}`,
          resource: m.resource,
          search: { mode: 'include' as const },
        })),
      ],
    };
  }

  /**
   * A QuestionnaireResponse from another system (LOINC form or ours): mapped to the instrument's answers, then
   * recorded by the measures service exactly like one answered in the app (scored, stored, alert raised).
   */
  async createQuestionnaireResponse(ctx: RequestContext, body: unknown): Promise<QuestionnaireResponse> {
    const imported = importQuestionnaireResponse(body);
    const patient = (await this.repo.patients(ctx.principal.clinicId, { ids: [imported.patientId] }))[0];
    if (
      !patient ||
      (ctx.principal.compartmentPatientId !== undefined && patient.id !== ctx.principal.compartmentPatientId)
    ) {
      throw new BadRequestError('The subject is not a patient of this clinic.', [
        { field: 'subject', message: 'is not a patient of this clinic' },
      ]);
    }
    if (
      imported.encounterId !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(imported.encounterId)
    ) {
      throw new BadRequestError('The encounter is not a treatment session of this patient.', [
        { field: 'encounter', message: 'is not a treatment session of this patient' },
      ]);
    }
    let recorded;
    try {
      recorded = await this.measures.record(ctx, patient.id, {
        instrument: imported.instrumentId,
        answers: imported.answers,
        context: 'other',
        ...(imported.authored ? { observedAt: imported.authored.toISOString() } : {}),
        ...(imported.encounterId ? { sessionId: imported.encounterId } : {}),
      });
    } catch (error) {
      if (!(error instanceof DomainValidationError) && !(error instanceof BadRequestError)) throw error;
      // Name the sender's item, not the instrument's internal linkId.
      const issues = error instanceof DomainValidationError ? error.issues : error.fields;
      throw new DomainValidationError(
        issues.map((i) => {
          const m = /^answers\.(.+)$/.exec(i.field);
          if (!m)
            return {
              field: ({ observedAt: 'authored', sessionId: 'encounter' } as Record<string, string>)[i.field] ?? i.field,
              message: i.message,
            };
          const linkId = imported.senderLinkIds[m[1]!];
          return {
            field: linkId ? `item.where(linkId='${linkId}')` : `item (instrument item ${m[1]})`,
            message: i.message,
          };
        }),
      );
    }
    const def = FHIR_RESOURCES.find((d) => d.type === 'QuestionnaireResponse')!;
    const served = await def.read(this.repo, ctx.principal.clinicId, recorded.id);
    return served!.resource as QuestionnaireResponse;
  }
}
