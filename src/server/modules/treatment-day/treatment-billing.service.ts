/**
 * The session's billing codes for a superbill: computed by the domain (`billingCodesForSession`) from the record and
 * the intake's diagnoses, and captured as an entry of the journal.
 */
import { billingCodesForSession, type SessionBilling } from '../../../domain/billing/index.js';
import { infusionRunningMinutes } from '../../../domain/pk/index.js';
import { readTimeline, type SessionEvent } from '../../../domain/session/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { RequestContext } from '../../http.js';
import type { Loaded } from './treatment-day.types.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import type { TreatmentDocumentJournal } from './treatment-document-journal.js';

const MINUTE = 60_000;

/** Billable minutes of a stopped infusion (pauses excluded, domain `infusionRunningMinutes`); undefined while it runs. */
export function billableInfusionMinutes(events: readonly SessionEvent[]): number | undefined {
  const stoppedAt = readTimeline('iv-ketamine', events).infusionEndedAt;
  return stoppedAt ? Math.round(infusionRunningMinutes(events, stoppedAt)) : undefined;
}

export class TreatmentBillingService {
  constructor(
    private readonly journal: TreatmentDocumentJournal,
    private readonly intake: TreatmentDayPorts['intake'],
    private readonly clock: () => Date,
  ) {}

  private billingInput(s: Loaded, diagnoses: readonly string[], now: Date) {
    const t = readTimeline(s.modality, s.record.events, now);
    if (s.modality === 'esketamine-nasal') {
      const end = t.dischargedAt ?? now;
      return {
        modality: s.modality,
        diagnoses,
        ...(t.devicesAdministeredAt.length > 0 ? { esketamineDoseMg: t.devicesAdministeredAt.length * 28 } : {}),
        ...(t.lastDeviceAt && t.isDosingComplete
          ? { observationMinutes: Math.floor((end.getTime() - t.lastDeviceAt.getTime()) / MINUTE) }
          : {}),
      };
    }
    const minutes = billableInfusionMinutes(s.record.events);
    return { modality: s.modality, diagnoses, ...(minutes !== undefined ? { infusionMinutes: minutes } : {}) };
  }

  async billing(ctx: RequestContext, sessionId: string) {
    const s = await this.journal.read(ctx, sessionId, 'billing');
    const diagnoses = await this.intake.latestDiagnoses(s.session.clinicId, s.session.patientId);
    let computed: ReturnType<typeof billingCodesForSession> | null = null;
    let problems: ReadonlyArray<{ field: string; message: string }> = [];
    try {
      computed = billingCodesForSession(this.billingInput(s, diagnoses, this.clock()));
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      problems = error.issues;
    }
    // The entry holds the SessionBilling captured (line 234).
    const captured = s.record.billing
      ? {
          ...(s.record.billing.data as unknown as SessionBilling),
          capturedAt: s.record.billing.recordedAt.toISOString(),
        }
      : null;
    return { computed, problems, captured };
  }

  async captureBilling(ctx: RequestContext, sessionId: string, input: { diagnoses?: string[] | undefined }) {
    return this.journal.write(ctx, sessionId, 'capture-billing', async (trx, s, now) => {
      const diagnoses =
        input.diagnoses ?? (await this.intake.latestDiagnoses(s.session.clinicId, s.session.patientId, trx));
      const result = billingCodesForSession(this.billingInput(s, diagnoses, now));
      await this.journal.append(
        trx,
        ctx,
        s,
        'billing-captured',
        JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
        now,
        now,
      );
      return { ...result, capturedAt: now.toISOString() };
    });
  }
}
