// Source: clinic policy, no clinical guideline. Who may hold an appointment type, what it takes and how long it lasts
// are the clinic's appointment types (src/server/modules/appointments/appointment-type-defaults.ts, clinic
// defaults an admin edits); the rules below only apply them.
import { describe, expect, it } from 'vitest';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import {
  appointmentEnd,
  cancellationReason,
  groupSlotKey,
  isAppointmentChangeable,
  requireRoleMayHold,
  requireVideoLinkFits,
  resourceToBook,
  type AppointmentTypeRules,
} from './appointments.js';
import type { ClinicHours } from './clinic-hours.js';
import { weekdayHours } from './clinic-hours.testing.js';

const consultation: AppointmentTypeRules = {
  id: 'type-consult',
  name: 'Consultation',
  durationMin: 60,
  roles: ['prescriber'],
  resource: 'room',
  isGroup: false,
  isTelehealth: false,
};
const kapGroup: AppointmentTypeRules = {
  id: 'type-kap-group',
  name: 'KAP integration group',
  durationMin: 90,
  roles: ['therapist', 'prescriber'],
  resource: 'room',
  isGroup: true,
  isTelehealth: false,
};
const telehealth: AppointmentTypeRules = {
  ...consultation,
  id: 'type-tele',
  name: 'Telehealth follow-up',
  resource: 'none',
  isTelehealth: true,
};
const chairVisit: AppointmentTypeRules = {
  ...consultation,
  id: 'type-chair',
  name: 'Measure visit',
  resource: 'chair',
};

// Monday to Friday 08:00-17:00; weekends closed. 2 November 2026 is a Monday.
const hours: ClinicHours = weekdayHours('08:00', '17:00');
const now = new Date('2026-11-02T15:00:00Z');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('who may hold an appointment type', () => {
  it('lets a staff member whose role the type lists hold it', () => {
    expect(() => requireRoleMayHold(kapGroup, { displayName: 'Dr Ada', role: 'prescriber' })).not.toThrow();
  });

  it('refuses any other role with role-cannot-hold-type on staffId, naming the roles that may', () => {
    const error = thrown(() => requireRoleMayHold(consultation, { displayName: 'Sam Lee', role: 'front_desk' }));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error).toMatchObject({
      code: 'role-cannot-hold-type',
      message: 'Sam Lee (front desk) cannot hold a Consultation: it is held by prescriber.',
      issues: [{ field: 'staffId', message: 'a Consultation needs prescriber' }],
    });
  });
});

describe('the room or chair a type takes', () => {
  it('uses the room named for a type held in a room, and needs one', () => {
    expect(resourceToBook(consultation, 'room', 'room-1')).toBe('room-1');
    expect(thrown(() => resourceToBook(consultation, 'room', undefined))).toMatchObject({
      issues: [{ field: 'roomId', message: 'is required' }],
    });
  });

  it('refuses a chair for a type held in a room, and asks for none', () => {
    expect(resourceToBook(consultation, 'chair', undefined)).toBeNull();
    const error = thrown(() => resourceToBook(consultation, 'chair', 'chair-1'));
    expect(error).toBeInstanceOf(DomainValidationError);
    expect(error).toMatchObject({ issues: [{ field: 'chairId', message: 'not used by a Consultation' }] });
  });

  it('needs a chair for a type held in a chair, and refuses a room for it', () => {
    expect(resourceToBook(chairVisit, 'chair', 'chair-1')).toBe('chair-1');
    expect(thrown(() => resourceToBook(chairVisit, 'chair', undefined))).toMatchObject({
      issues: [{ field: 'chairId', message: 'is required' }],
    });
    expect(thrown(() => resourceToBook(chairVisit, 'room', 'room-1'))).toMatchObject({
      issues: [{ field: 'roomId', message: 'not used by a Measure visit' }],
    });
  });

  it('takes neither for a telehealth type', () => {
    expect(resourceToBook(telehealth, 'room', undefined)).toBeNull();
    expect(resourceToBook(telehealth, 'chair', undefined)).toBeNull();
  });
});

describe('a video link', () => {
  it('belongs to a telehealth type only', () => {
    expect(() => requireVideoLinkFits(telehealth, 'https://video.example/abc')).not.toThrow();
    expect(() => requireVideoLinkFits(consultation, undefined)).not.toThrow();
    expect(thrown(() => requireVideoLinkFits(consultation, 'https://video.example/abc'))).toMatchObject({
      issues: [{ field: 'videoLink', message: 'only for telehealth types' }],
    });
  });
});

describe('when an appointment may start, and when it ends', () => {
  it('ends the type length after a start inside clinic hours', () => {
    const startsAt = new Date('2026-11-03T14:00:00Z');
    const end = appointmentEnd({ start: '2026-11-03T09:00', startsAt, now, durationMin: 60, clinicHours: hours });
    expect(end.toISOString()).toBe('2026-11-03T15:00:00.000Z');
  });

  it('refuses a start that has passed with in-the-past on start', () => {
    const error = thrown(() =>
      appointmentEnd({
        start: '2026-11-02T09:59',
        startsAt: new Date('2026-11-02T14:59:00Z'),
        now,
        durationMin: 30,
        clinicHours: hours,
      }),
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error).toMatchObject({
      code: 'in-the-past',
      message: '2026-11-02 09:59 has passed.',
      issues: [{ field: 'start', message: 'is in the past' }],
    });
  });

  it('accepts a start at this very minute', () => {
    expect(() =>
      appointmentEnd({ start: '2026-11-02T10:00', startsAt: now, now, durationMin: 30, clinicHours: hours }),
    ).not.toThrow();
  });

  it('refuses a booking that would run past closing, for its whole length, with outside-clinic-hours', () => {
    const error = thrown(() =>
      appointmentEnd({
        start: '2026-11-03T16:30',
        startsAt: new Date('2026-11-03T21:30:00Z'),
        now,
        durationMin: 60,
        clinicHours: hours,
      }),
    );
    expect(error).toMatchObject({ code: 'outside-clinic-hours', issues: [{ field: 'start' }] });
  });

  it('refuses a day the clinic is closed, naming the day', () => {
    const error = thrown(() =>
      appointmentEnd({
        start: '2026-11-07T10:00',
        startsAt: new Date('2026-11-07T15:00:00Z'),
        now,
        durationMin: 30,
        clinicHours: hours,
      }),
    );
    expect(error).toMatchObject({
      code: 'outside-clinic-hours',
      message: 'The clinic is closed on Saturday 2026-11-07.',
    });
  });
});

describe('a group slot', () => {
  it('is shared by the same group type, clinician and start', () => {
    const at = new Date('2026-11-03T15:00:00Z');
    expect(groupSlotKey(kapGroup, 'staff-1', at)).toBe('group:type-kap-group:staff-1:2026-11-03T15:00:00.000Z');
    expect(groupSlotKey(kapGroup, 'staff-2', at)).not.toBe(groupSlotKey(kapGroup, 'staff-1', at));
  });

  it('does not exist for a type booked one patient at a time', () => {
    expect(groupSlotKey(consultation, 'staff-1', new Date('2026-11-03T15:00:00Z'))).toBeNull();
  });
});

describe('changing an appointment', () => {
  it('moves or cancels a booked appointment, never a cancelled one', () => {
    expect(isAppointmentChangeable('booked')).toBe(true);
    expect(isAppointmentChangeable('cancelled')).toBe(false);
  });

  it('needs a reason of at least three characters to cancel, kept trimmed', () => {
    expect(cancellationReason('  Patient unwell  ')).toBe('Patient unwell');
    expect(cancellationReason('ill')).toBe('ill');
    expect(thrown(() => cancellationReason(' no '))).toMatchObject({
      issues: [{ field: 'reason', message: 'is required' }],
    });
  });
});
