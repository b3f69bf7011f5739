/**
 * The treatment day's rows and domain results as API responses: the session, alerts grouped by reading, the
 * suicide-risk reading, the discharge decision, and the session view (`sessionView`). Pure mapping, no I/O.
 */
import {
  chairStatus,
  dueChecks,
  groupReadingAlerts,
  type DischargeDecision,
} from '../../../domain/monitoring/index.js';
import {
  isIvInfusion,
  modalityName,
  readTimeline,
  type ChecklistResult,
  type SameDaySuicideRisk,
  type SessionEvent,
} from '../../../domain/session/index.js';
import type { AlertRow, EntryRow } from './treatment-day.repository.js';

import { iso, initials, waitingForPrescriber, deliveredMg, type Loaded } from './treatment-day.types.js';
import { staffRefsFrom, type StaffRef } from '../../../contract/common.js';

export function sessionDto(s: Loaded) {
  const r = s.session;
  return {
    id: r.id,
    patient: {
      id: r.patientId,
      givenName: r.givenName,
      familyName: r.familyName,
      initials: initials(r.givenName, r.familyName),
      mrn: r.mrn,
    },
    modality: s.modality,
    modalityName: modalityName(s.modality),
    sessionNumber: r.sessionNumber,
    status: r.status,
    chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    plannedDoseMg: r.doseMg,
    plannedDurationMin: r.durationMin,
    staff: r.staffName,
  };
}

export function suicideRiskDto(risk: SameDaySuicideRisk) {
  return {
    treatmentDate: risk.treatmentDate,
    blocksDosing: risk.blocksDosing,
    message: risk.message,
    awaitingPrescriber: risk.awaitingPrescriber.map((a) => a.measureId),
    signals: risk.signals.map((a) => ({
      measureId: a.measureId,
      instrumentId: a.instrumentId,
      observedAt: a.observedAt.toISOString(),
      describe: a.describe,
      citation: a.citation,
      evaluation: a.evaluation
        ? {
            by: a.evaluation.by,
            at: a.evaluation.at.toISOString(),
            decision: a.evaluation.decision,
            note: a.evaluation.note,
          }
        : null,
    })),
  };
}

/**
 * The alerts one reading (journal entry) raised, grouped, in the order raised; inside a group in the order of the
 * clinic's threshold set (as the domain evaluated them).
 */
export function groupedAlerts(alerts: readonly AlertRow[], thresholdOrder: readonly string[]): AlertRow[][] {
  const rank = (code: string) => {
    const i = thresholdOrder.indexOf(code);
    return i < 0 ? thresholdOrder.length : i;
  };
  const groups = new Map<string, AlertRow[]>();
  for (const a of alerts) groups.set(a.entryId, [...(groups.get(a.entryId) ?? []), a]);
  return [...groups.values()].map((rows) => [...rows].sort((x, y) => rank(x.code) - rank(y.code)));
}

/**
 * One reading's alerts as one: the most severe threshold's id, code and values (so the fields the API always had
 * keep their meaning), the combined message, and every threshold crossed in `thresholds`.
 */
export function groupDto(rows: readonly AlertRow[], by: (id: string | null) => StaffRef | null) {
  const group = groupReadingAlerts(rows)!;
  const head = group.thresholds[0]!;
  const isAcknowledged = rows.every((r) => r.ackAt);
  return {
    ...alertDto(head, by),
    message: group.message,
    codes: group.codes,
    acknowledgement:
      isAcknowledged && head.ackAt
        ? { action: head.ackAction, at: head.ackAt.toISOString(), by: by(head.ackBy) }
        : null,
    thresholds: group.thresholds.map((r) => alertDto(r, by)),
  };
}

export function alertDto(a: AlertRow, by: (id: string | null) => StaffRef | null) {
  return {
    id: a.id,
    entryId: a.entryId,
    code: a.code,
    severity: a.severity,
    message: a.message,
    value: Number(a.value),
    limit: Number(a.limitValue),
    raisedAt: a.raisedAt.toISOString(),
    acknowledgement: a.ackAt ? { action: a.ackAction, at: a.ackAt.toISOString(), by: by(a.ackBy) } : null,
  };
}

export function dischargeDto(decision: DischargeDecision) {
  return {
    allowed: decision.allowed,
    overridden: decision.overridden,
    earliestAt: iso(decision.earliestAt),
    reasons: decision.reasons.map((r) => ({
      code: r.code,
      message: r.message,
      overridable: r.overridable,
      citation: r.citation,
    })),
    override: decision.override
      ? { by: decision.override.by, at: decision.override.at.toISOString(), reason: decision.override.reason }
      : null,
  };
}

/**
 * The session view: the session, its phase, check-in, checklist, dose, administration, due checks, the timeline with
 * corrections, alerts grouped by reading, adverse events and discharge. `names`: user ids to display names.
 */
export function sessionView(
  s: Loaded,
  now: Date,
  checklist: ChecklistResult & { suicideRisk: SameDaySuicideRisk },
  names: ReadonlyMap<string, string>,
  verificationRequired: boolean,
) {
  const { record, modality, settings } = s;
  const events = record.events as SessionEvent[];
  const status = chairStatus({ modality, events, now, settings: settings.monitoring });
  const due = dueChecks({ modality, events, now, settings: settings.monitoring });
  const timeline = readTimeline(modality, events, now);
  const by = staffRefsFrom(names);
  const corrections = new Map<string, EntryRow[]>();
  for (const e of record.entries)
    if (e.correctsId) corrections.set(e.correctsId, [...(corrections.get(e.correctsId) ?? []), e]);
  const entryDto = (e: EntryRow) => ({
    id: e.id,
    kind: e.kind,
    data: e.data,
    at: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    recordedBy: by(e.recordedBy),
    correctionOf: e.correctsId,
    correctionReason: e.correctionReason,
  });
  return {
    session: sessionDto(s),
    phase: {
      phase: status.phase,
      since: iso(status.since),
      minutesInPhase: status.minutesInPhase ?? null,
      dosingStartedAt: iso(status.dosingStartedAt),
      monitoringStartedAt: iso(status.monitoringStartedAt),
      minimumMonitoringEndsAt: iso(status.minimumMonitoringEndsAt),
    },
    checkIn: record.checkIn
      ? {
          ...record.checkIn.data,
          recordedAt: record.checkIn.entry.recordedAt.toISOString(),
          recordedBy: by(record.checkIn.entry.recordedBy),
        }
      : null,
    checklist,
    // Today's suicide-risk answers and who is waiting on whom (issue 10 item 2).
    suicideRisk: suicideRiskDto(checklist.suicideRisk),
    waitingFor: waitingForPrescriber(checklist.suicideRisk, s.session.chairName),
    dose: record.dose
      ? {
          id: record.dose.entry.id,
          ...record.dose.data,
          preparedAt: record.dose.entry.occurredAt.toISOString(),
          preparedBy: by(record.dose.entry.recordedBy),
          verification: {
            required: verificationRequired,
            verifiedBy: by(record.dose.verifiedBy),
            verifiedAt: iso(record.dose.verifiedAt),
          },
        }
      : null,
    administration: {
      infusionStartedAt: iso(timeline.infusionStartedAt),
      infusionEndedAt: iso(timeline.infusionEndedAt),
      isInfusionRunning: timeline.isInfusionRunning,
      isInfusionPaused: timeline.isInfusionPaused,
      estimatedDeliveredMg: isIvInfusion(modality) ? Math.round(deliveredMg(events, now) * 10) / 10 : null,
      devicesAdministeredAt: timeline.devicesAdministeredAt.map((d) => d.toISOString()),
      devices: status.devices
        ? {
            ...status.devices,
            nextDeviceAllowedAt: iso(status.devices.nextDeviceAllowedAt),
            monitoringStartsAt: iso(status.devices.monitoringStartsAt),
            monitoringEndsAt: iso(status.devices.monitoringEndsAt),
          }
        : null,
    },
    checks: {
      next: due.next
        ? { id: due.next.id, label: due.next.label, dueAt: due.next.dueAt.toISOString(), status: due.next.status }
        : null,
      minutesUntilNext: due.minutesUntilNext ?? null,
      items: due.checks.map((c) => ({
        id: c.id,
        kind: c.kind,
        label: c.label,
        dueAt: c.dueAt.toISOString(),
        status: c.status,
        doneAt: iso(c.doneAt),
      })),
      overdue: due.overdue.length,
    },
    timeline: record.entries
      .filter((e) => !e.correctsId)
      .map((e) => ({
        ...entryDto(e),
        isCorrected: corrections.has(e.id),
        corrections: (corrections.get(e.id) ?? []).map(entryDto),
      })),
    // One alert per reading, each threshold it crossed inside it (issue 10 item 7).
    alerts: groupedAlerts(
      s.alerts,
      settings.thresholds.thresholds.map((x) => x.code),
    ).map((group) => groupDto(group, by)),
    adverseEvents: record.adverseEvents.map((e) => ({
      ...e,
      startedAt: e.startedAt.toISOString(),
      endedAt: iso(e.endedAt),
      interventions: e.interventions.map((i) => ({ ...i, at: i.at.toISOString() })),
    })),
    discharge: record.discharge
      ? { at: record.discharge.occurredAt.toISOString(), by: by(record.discharge.recordedBy), ...record.discharge.data }
      : null,
  };
}
