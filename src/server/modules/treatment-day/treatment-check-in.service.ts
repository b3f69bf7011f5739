import { validateVitalSignReading, type VitalSignReading } from '../../../domain/monitoring/index.js';
import { readTimeline, type SessionEvent } from '../../../domain/session/index.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { type CheckInData } from './treatment-day-record.js';

import {
  clinicalTime,
  definedVitals,
  sameVitals,
  TreatmentConflictError,
  type CheckInInput,
  type SuicideRiskEvaluationInput,
} from './treatment-day.types.js';
import type { TreatmentSessionCore } from './treatment-session-core.js';

/** Check-in, a prescriber's acknowledgement of a checklist warning, and the evaluation of a same-day suicide-risk answer. */
export class TreatmentCheckInService {
  constructor(private readonly core: TreatmentSessionCore) {}

  /** Records arrival and the pre-session facts (a later check-in is a new version; the earlier stays on record). */
  async checkIn(ctx: RequestContext, sessionId: string, input: CheckInInput) {
    await this.core.write(ctx, sessionId, 'check-in', async (trx, s, now) => {
      if (s.record.discharge)
        throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      const t = readTimeline(s.modality, s.record.events as SessionEvent[]);
      if (t.dosingStartedAt)
        throw new TreatmentConflictError('Dosing has started: the check-in can no longer change.', 'dosing-started');
      const arrivedAt = s.record.checkIn
        ? new Date(s.record.checkIn.data.arrivedAt)
        : clinicalTime(input.arrivedAt, now, 'arrivedAt');
      const data: Record<string, unknown> = {
        arrivedAt: arrivedAt.toISOString(),
        identityChecked: input.identityChecked,
      };
      if (input.identityMethod) data.identityMethod = input.identityMethod;
      const previous = s.record.checkIn?.data;
      const preDoseVitals = this.preDoseVitalsOnResave(input.preDoseVitals, previous?.preDoseVitals, now);
      if (preDoseVitals) data.preDoseVitals = preDoseVitals;
      if (input.weightKg !== undefined) data.weightKg = input.weightKg;
      if (input.fasting) {
        const fasting: Record<string, string> = {};
        for (const key of ['lastFoodAt', 'lastLiquidAt'] as const) {
          const value = input.fasting[key];
          if (value === undefined) continue;
          fasting[key] =
            value === 'none-today' ? 'none-today' : clinicalTime(value, now, `fasting.${key}`).toISOString();
        }
        data.fasting = fasting;
      }
      if (input.ride)
        data.ride = {
          ...input.ride,
          ...(input.ride.name ? { name: input.ride.name.trim() } : {}),
          ...(input.ride.phone ? { phone: input.ride.phone.trim() } : {}),
        };
      if (input.pregnancy) {
        // A re-save that repeats the recorded result without its test time keeps the time recorded (never drops or re-dates it).
        const keptTestedAt =
          previous?.pregnancy?.testedAt !== undefined && previous.pregnancy.result === input.pregnancy.result
            ? previous.pregnancy.testedAt
            : undefined;
        const testedAt = input.pregnancy.testedAt
          ? clinicalTime(input.pregnancy.testedAt, now, 'pregnancy.testedAt').toISOString()
          : keptTestedAt;
        data.pregnancy = {
          canBecomePregnant: input.pregnancy.canBecomePregnant,
          ...(input.pregnancy.result ? { result: input.pregnancy.result } : {}),
          ...(testedAt ? { testedAt } : {}),
        };
      }
      // A fact the re-save does not send again stays as recorded (a re-save adds; it never silently drops).
      if (previous) {
        for (const key of ['identityMethod', 'weightKg', 'fasting', 'ride', 'pregnancy'] as const) {
          if (data[key] === undefined && previous[key] !== undefined) data[key] = previous[key];
        }
      }
      // The domain validates the whole checklist input (weight range, dates) before anything is stored.
      const version = s.record.entries.filter((e) => e.kind === 'check-in').length + 1;
      await this.core.checklist(s, now, trx, data as unknown as CheckInData);
      await this.core.append(trx, ctx, s, 'check-in', data, arrivedAt, now);
      return { result: undefined, detail: { version } };
    });
    return this.core.current(ctx, sessionId);
  }

  /**
   * The pre-dose vital signs a check-in (re-)save records. Nothing recorded changes its time or value by a re-save
   * (issue 10 item 6: adding the ride home re-dated "pre-dose vitals 21:39" to 22:01, which then passed the 60-min
   * rule):
   * - not sent again, or sent again with the same values and no time: the recorded reading stays, with its time;
   * - new values with no time (taken now), or with a time later than the recorded reading: a new reading (the re-take);
   * - the same values at another time (a re-dating), or new values dated at or before the recorded reading: a correction of the
   *   recorded reading, which needs `correctionReason`; the original is kept inside the new version (`corrects`) and
   *   in the earlier check-in version.
   */
  private preDoseVitalsOnResave(
    input: CheckInInput['preDoseVitals'],
    recorded: CheckInData['preDoseVitals'],
    now: Date,
  ): CheckInData['preDoseVitals'] | undefined {
    if (!input) return recorded;
    const vitals = definedVitals(input);
    const reason = input.correctionReason?.trim();
    if (input.correctionReason !== undefined && !reason)
      throw new BadRequestError('A correction needs a reason.', [
        { field: 'preDoseVitals.correctionReason', message: 'must not be blank' },
      ]);
    if (recorded && input.takenAt === undefined && sameVitals(vitals, recorded) && !reason) return recorded;
    const takenAt = clinicalTime(input.takenAt, now, 'preDoseVitals.takenAt');
    validateVitalSignReading({ ...vitals, takenAt } as VitalSignReading, 'preDoseVitals');
    const reading = { ...vitals, takenAt: takenAt.toISOString() };
    if (!recorded) return reading;
    const recordedAt = new Date(recorded.takenAt).getTime();
    if (sameVitals(vitals, recorded) && takenAt.getTime() === recordedAt) return recorded;
    if (reason) return { ...reading, corrects: { ...definedVitals(recorded), takenAt: recorded.takenAt, reason } };
    if (!sameVitals(vitals, recorded) && (input.takenAt === undefined || takenAt.getTime() > recordedAt))
      return reading;
    throw new TreatmentConflictError(
      `This changes the pre-dose vital signs recorded at ${recorded.takenAt}: record a new reading (a later time), or correct the recorded one with a reason.`,
      'recorded-vitals-change',
      [{ field: 'preDoseVitals.correctionReason', message: 'is required to change a recorded reading' }],
    );
  }

  /** A prescriber's documented acknowledgement of a checklist warning. Blocks cannot be acknowledged. */
  async acknowledgeWarning(
    ctx: RequestContext,
    sessionId: string,
    input: { item: string; reason: string; at?: string | undefined },
  ) {
    await this.core.write(ctx, sessionId, 'acknowledge-checklist-warning', async (trx, s, now) => {
      const reason = input.reason.trim();
      if (!reason)
        throw new BadRequestError('An acknowledgement needs a reason.', [{ field: 'reason', message: 'is required' }]);
      // `at`: when the prescriber gave it, if documented afterwards (never before arrival, never in the future).
      const at = clinicalTime(input.at, now);
      const arrivedAt = s.record.checkIn ? new Date(s.record.checkIn.data.arrivedAt) : undefined;
      if (input.at !== undefined && (!arrivedAt || at.getTime() < arrivedAt.getTime())) {
        throw new BadRequestError('An acknowledgement cannot precede the check-in.', [
          { field: 'at', message: 'is before the patient arrived' },
        ]);
      }
      const result = await this.core.checklist(s, at, trx);
      const item = result.items.find((i) => i.code === input.item);
      if (!item)
        throw new BadRequestError(`No checklist item ${input.item} for this session.`, [
          { field: 'item', message: `must be one of ${result.items.map((i) => i.code).join(', ')}` },
        ]);
      if (item.status !== 'warn') {
        throw new TreatmentConflictError(
          `${item.code} is ${item.status === 'block' ? 'a block, which no acknowledgement lifts' : 'not a warning'}: ${item.message}`,
          'not-a-warning',
          [{ field: 'item', message: item.message }],
        );
      }
      // What was acknowledged: a newer reading or answer changes the evidence and needs a new decision (issue 10 item 1).
      await this.core.append(
        trx,
        ctx,
        s,
        'checklist-acknowledged',
        { item: item.code, reason, message: item.message, evidence: item.evidence },
        at,
        now,
      );
      return { result: undefined, detail: { item: item.code } };
    });
    return this.core.current(ctx, sessionId);
  }

  /**
   * A prescriber's evaluation of one suicide-risk answer given on the treatment day (issue 10 item 2). It names the
   * answer (measure) it evaluated: an evaluation of an older answer never covers a newer one. "may-proceed" lifts
   * that answer's block; "do-not-dose" keeps dosing stopped. The route allows prescribers only (session:override).
   */
  async evaluateSuicideRisk(ctx: RequestContext, sessionId: string, input: SuicideRiskEvaluationInput) {
    await this.core.write(ctx, sessionId, 'evaluate-suicide-risk', async (trx, s, now) => {
      const note = input.note.trim();
      if (!note) throw new BadRequestError('An evaluation needs a note.', [{ field: 'note', message: 'is required' }]);
      const at = clinicalTime(input.at, now);
      const risk = await this.core.suicideRisk(s, now, trx);
      const signal = risk.signals.find((x) => x.measureId === input.measureId);
      if (!signal) {
        throw new BadRequestError('That answer is not a suicide-risk answer of this treatment day.', [
          {
            field: 'measureId',
            message: `must name one of today's suicide-risk answers${risk.signals.length > 0 ? ` (${risk.signals.map((x) => x.measureId).join(', ')})` : ' (there is none)'}`,
          },
        ]);
      }
      if (at.getTime() < signal.observedAt.getTime())
        throw new BadRequestError('The evaluation is earlier than the answer.', [
          { field: 'at', message: 'is before the answer was given' },
        ]);
      await this.core.repo.insertSuicideRiskEvaluation(trx, {
        clinicId: s.session.clinicId,
        sessionId: s.session.id,
        patientId: s.session.patientId,
        measureId: input.measureId,
        decision: input.decision,
        note,
        evaluatedAt: at,
        evaluatedBy: ctx.principal.userId,
        recordedAt: now,
      });
      return { result: undefined, detail: { measureId: input.measureId, decision: input.decision } };
    });
    return this.core.current(ctx, sessionId);
  }
}
