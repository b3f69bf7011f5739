/**
 * The session's billing codes for a superbill: computed by the domain (`billingCodesForSession`) from the record and
 * the intake's diagnoses, and captured as an entry of the journal.
 */
import { billingCodesForSession, sessionBillingInput, type SessionBilling } from '../../../domain/billing/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { RequestContext } from '../../http.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import type { TreatmentDocumentJournal } from './treatment-document-journal.js';

export class TreatmentBillingService {
  constructor(
    private readonly journal: TreatmentDocumentJournal,
    private readonly intake: TreatmentDayPorts['intake'],
    private readonly clock: () => Date,
  ) {}

  async billing(ctx: RequestContext, sessionId: string) {
    const s = await this.journal.read(ctx, sessionId, 'billing');
    const diagnoses = await this.intake.latestDiagnoses(s.session.clinicId, s.session.patientId);
    let computed: ReturnType<typeof billingCodesForSession> | null = null;
    let problems: ReadonlyArray<{ field: string; message: string }> = [];
    try {
      computed = billingCodesForSession(sessionBillingInput(s.modality, s.record.events, diagnoses, this.clock()));
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
      const result = billingCodesForSession(sessionBillingInput(s.modality, s.record.events, diagnoses, now));
      await this.journal.append(
        trx,
        ctx,
        s,
        { kind: 'billing-captured', data: JSON.parse(JSON.stringify(result)) as Record<string, unknown> },
        now,
      );
      return { ...result, capturedAt: now.toISOString() };
    });
  }
}
