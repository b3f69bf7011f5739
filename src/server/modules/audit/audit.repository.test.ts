import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../domain/audit/hash-chain.js';
import { auditContent, isoFromUtcText, rawAuditContentJson, type RawAuditEvent } from './audit.repository.js';

// The parser node-postgres applies to a timestamptz (type oid 1184): how the sealer's Dates were made.
const timestamptzParser = pg.types.getTypeParser(1184);

type DatedEvent = RawAuditEvent & { occurred_at: Date; last_seen_at: Date | null; window_ends_at: Date | null };

function camel(row: DatedEvent) {
  return {
    seq: row.seq,
    id: row.id,
    clinicId: row.clinic_id,
    userId: row.user_id,
    userRole: row.user_role,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    patientId: row.patient_id,
    occurredAt: row.occurred_at,
    clientIp: row.client_ip,
    outcome: row.outcome as 'success',
    detail: row.detail as Record<string, unknown>,
    lastSeenAt: row.last_seen_at,
    accessCount: row.access_count,
    windowEndsAt: row.window_ends_at,
  };
}

const v2: DatedEvent = {
  seq: 42,
  id: '0b7e6c1e-3f0a-4c38-9a55-1c1b2f3a4d5e',
  clinic_id: 'c1',
  user_id: 'u1',
  user_role: 'nurse',
  action: 'read',
  resource_type: 'Patient',
  resource_id: 'p1',
  patient_id: 'p1',
  occurred_at: new Date('2026-12-06T10:01:00Z'),
  client_ip: '10.0.0.1',
  outcome: 'success',
  detail: { results: 3, nested: { b: [1, 'two', null], a: true }, é: 'unicode "quoted"' },
  last_seen_at: new Date('2026-12-06T10:03:15Z'),
  access_count: 10,
  window_ends_at: new Date('2026-12-06T10:05:00Z'),
};

describe('the fast audit content serialiser (sealer and verifier)', () => {
  it('writes exactly the canonical JSON of the event content for a v2 event', () => {
    expect(rawAuditContentJson(v2)).toBe(canonicalJson(auditContent(camel(v2))));
  });

  it('writes exactly the canonical JSON for a v1 event (no last-seen time), nulls included', () => {
    const v1: DatedEvent = {
      ...v2,
      last_seen_at: null,
      window_ends_at: null,
      clinic_id: null,
      user_id: null,
      user_role: null,
      resource_id: null,
      patient_id: null,
      client_ip: null,
      detail: {},
    };
    expect(rawAuditContentJson(v1)).toBe(canonicalJson(auditContent(camel(v1))));
    expect(rawAuditContentJson(v1)).not.toContain('accessCount');
  });

  it('writes a null window for a v2 event that never collapses', () => {
    const write: DatedEvent = { ...v2, action: 'update', window_ends_at: null };
    expect(rawAuditContentJson(write)).toBe(canonicalJson(auditContent(camel(write))));
  });

  it('reads the same content from the UTC text and JSON text the verifier selects as from Dates and parsed JSON', () => {
    const asText: RawAuditEvent = {
      ...v2,
      occurred_at: '2026-12-06 10:01:00',
      last_seen_at: '2026-12-06 10:03:15',
      window_ends_at: '2026-12-06 10:05:00',
      detail: JSON.stringify(v2.detail),
    };
    expect(rawAuditContentJson(asText)).toBe(rawAuditContentJson(v2));
  });
});

describe('UTC timestamp text to ISO (what the database driver and Date would have made of it)', () => {
  it('keeps milliseconds, pads them, and adds them when the database left them out', () => {
    expect(isoFromUtcText('2026-12-06 10:01:00.5')).toBe('2026-12-06T10:01:00.500Z');
    expect(isoFromUtcText('2026-12-06 10:01:00.012')).toBe('2026-12-06T10:01:00.012Z');
    expect(isoFromUtcText('2026-12-06 10:01:00')).toBe('2026-12-06T10:01:00.000Z');
  });

  it('truncates microseconds as the driver does, including where binary floating point lands just below', () => {
    for (let ms = 0; ms < 1000; ms += 1) {
      for (const micro of ['', '0', '499', '999']) {
        const fraction = `.${String(ms).padStart(3, '0')}${micro}`;
        const driver = timestamptzParser(`2026-12-06 10:01:00${fraction}+00`) as Date;
        expect(isoFromUtcText(`2026-12-06 10:01:00${fraction}`)).toBe(driver.toISOString());
      }
    }
  });
});
