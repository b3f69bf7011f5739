import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../domain/audit/hash-chain.js';
import { auditContent, rawAuditContentJson, type RawAuditEvent } from './audit.repository.js';

function camel(row: RawAuditEvent) {
  return {
    seq: row.seq, id: row.id, clinicId: row.clinic_id, userId: row.user_id, userRole: row.user_role, action: row.action,
    resourceType: row.resource_type, resourceId: row.resource_id, patientId: row.patient_id, occurredAt: row.occurred_at,
    clientIp: row.client_ip, outcome: row.outcome as 'success', detail: row.detail as Record<string, unknown>,
    lastSeenAt: row.last_seen_at, accessCount: row.access_count, windowEndsAt: row.window_ends_at,
  };
}

const v2: RawAuditEvent = {
  seq: 42, id: '0b7e6c1e-3f0a-4c38-9a55-1c1b2f3a4d5e', clinic_id: 'c1', user_id: 'u1', user_role: 'nurse', action: 'read',
  resource_type: 'Patient', resource_id: 'p1', patient_id: 'p1', occurred_at: new Date('2026-12-06T10:01:00Z'), client_ip: '10.0.0.1',
  outcome: 'success', detail: { results: 3, nested: { b: [1, 'two', null], a: true }, 'é': 'unicode "quoted"' },
  last_seen_at: new Date('2026-12-06T10:03:15Z'), access_count: 10, window_ends_at: new Date('2026-12-06T10:05:00Z'),
};

describe('the fast audit content serialiser (sealer and verifier)', () => {
  it('writes exactly the canonical JSON of the event content for a v2 event', () => {
    expect(rawAuditContentJson(v2)).toBe(canonicalJson(auditContent(camel(v2))));
  });

  it('writes exactly the canonical JSON for a v1 event (no last-seen time), nulls included', () => {
    const v1: RawAuditEvent = { ...v2, last_seen_at: null, window_ends_at: null, clinic_id: null, user_id: null, user_role: null, resource_id: null, patient_id: null, client_ip: null, detail: {} };
    expect(rawAuditContentJson(v1)).toBe(canonicalJson(auditContent(camel(v1))));
    expect(rawAuditContentJson(v1)).not.toContain('accessCount');
  });

  it('writes a null window for a v2 event that never collapses', () => {
    const write: RawAuditEvent = { ...v2, action: 'update', window_ends_at: null };
    expect(rawAuditContentJson(write)).toBe(canonicalJson(auditContent(camel(write))));
  });
});
