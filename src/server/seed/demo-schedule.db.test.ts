import { describe, expect, it } from 'vitest';
import { describeEachDatabase, openTestDatabase } from '../testing/test-database.js';
import { api, createTestApp, signIn, TestClock } from '../testing/test-app.js';

describeEachDatabase('demo schedule', (ctx) => {
  it("books today's sessions in chairs relative to the server's start, with plans, consents and decisions behind them", async () => {
    // The test clock: Monday 2026-11-02 15:00 UTC = 10:00 in New York.
    const t = await createTestApp(ctx.database);
    const desk = await signIn(t.app, 'front_desk');
    const day = (await api(t.app, desk, 'GET', '/api/schedule?from=2026-11-02&to=2026-11-02')).json();
    expect(day.days[0].hours).toEqual({ open: '08:00', close: '18:00' });
    expect(day.chairs.map((c: { name: string }) => c.name)).toEqual(['Chair 1', 'Chair 2', 'Chair 3']);
    const today = day.sessions.filter((s: { chair: unknown }) => s.chair !== null);
    // Booked relative to the start (10:00), so each dose demo-treatment-day.ts gives falls inside its slot.
    expect(
      today.map((s: { start: string; chair: { name: string }; patient: { familyName: string } }) => [
        s.start.slice(11),
        s.chair.name,
        s.patient.familyName,
      ]),
    ).toEqual([
      ['08:20', 'Chair 3', 'Marquez'],
      ['08:45', 'Chair 2', 'Oyelaran'],
      ['09:00', 'Chair 1', 'Salazar'],
      ['11:00', 'Chair 1', 'Nowicki'],
    ]);
    expect(
      today.every(
        (s: { status: string; staff: { displayName: string } }) =>
          s.status === 'scheduled' && s.staff.displayName === 'Nora Nurse',
      ),
    ).toBe(true);
    const esketamine = today.find((s: { patient: { familyName: string } }) => s.patient.familyName === 'Oyelaran');
    expect(esketamine.reminders.items.find((i: { code: string }) => i.code === 'ride-home').status).toBe('confirmed');
    // The demo records Oyelaran's REMS enrolment: the day schedule agrees with the session checklist (issue 14), so
    // it is confirmed here, not listed as missing.
    expect(esketamine.reminders.items.find((i: { code: string }) => i.code === 'rems-enrolled')?.status).toBe(
      'confirmed',
    );
    expect(esketamine.reminders.missing).not.toContain('Enrolled in the SPRAVATO REMS');
    // The sessions already dosed had every preparation confirmed; Tomasz Nowicki, still to start, lacks his ride home
    for (const s of today as Array<{ patient: { familyName: string }; reminders: { missing: string[] } }>) {
      if (s.patient.familyName === 'Nowicki') expect(s.reminders.missing).toContain('Ride home confirmed');
      else expect(s.reminders.missing, s.patient.familyName).toEqual([]);
    }
    expect(day.shifts.map((s: { displayName: string }) => s.displayName).sort()).toEqual([
      'Dr Priya Prescriber',
      'Nora Nurse',
    ]);

    const week = (await api(t.app, desk, 'GET', '/api/schedule?from=2026-11-02&to=2026-11-08')).json();
    expect(week.sessions.length).toBeGreaterThan(8);
    expect(week.days.find((d: { weekday: string }) => d.weekday === 'Saturday').hours).toEqual({
      open: '09:00',
      close: '13:00',
    });

    const haddad = (await api(t.app, desk, 'GET', '/api/patients?q=haddad')).json().items[0];
    // Eligibility and the intake's clinical history are for clinical staff (issue 10, item 16).
    const nurse = await signIn(t.app, 'nurse');
    const eligibility = (await api(t.app, nurse, 'GET', `/api/patients/${haddad.id}/eligibility`)).json();
    expect(eligibility.current[0]).toMatchObject({
      modality: 'esketamine-nasal',
      decision: 'ineligible',
      standing: { code: 'ineligible-absolute' },
    });
    const calloway = (await api(t.app, desk, 'GET', '/api/patients?q=calloway')).json().items[0];
    expect((await api(t.app, nurse, 'GET', `/api/patients/${calloway.id}/intake`)).json().version).toBe(1);
    expect((await api(t.app, desk, 'GET', `/api/patients/${calloway.id}/registration`)).json().version).toBe(1);
    expect(
      (await api(t.app, desk, 'GET', `/api/patients/${calloway.id}/consents`))
        .json()
        .status.every((s: { current: boolean }) => !s.current),
    ).toBe(true);
  });

  it('tells one story: every patient with a session has an intake, a consent and a signed plan, and every dose is given inside its booked slot', async () => {
    // Given the demo clinic started at 10:00 on Monday 2 November 2026 (the test clock)
    const t = await createTestApp(ctx.database);
    const prescriber = await signIn(t.app, 'prescriber');
    const patients = (await api(t.app, prescriber, 'GET', '/api/patients?limit=100')).json().items as Array<{
      id: string;
      familyName: string;
    }>;
    expect(patients).toHaveLength(20);

    const slots = new Map<string, { startsAt: string; endsAt: string }>();
    const withSessions: string[] = [];
    for (const patient of patients) {
      const sessions = (await api(t.app, prescriber, 'GET', `/api/patients/${patient.id}/sessions`)).json()
        .items as Array<{ id: string; startsAt: string; endsAt: string; modality: string }>;
      for (const s of sessions) slots.set(s.id, s);
      if (sessions.length === 0) continue;
      withSessions.push(patient.familyName);
      // Then each has an intake, a current consent for the modality and a signed plan behind the sessions
      const intake = await api(t.app, prescriber, 'GET', `/api/patients/${patient.id}/intake`);
      expect(intake.statusCode, patient.familyName).toBe(200);
      expect(intake.json().version, patient.familyName).toBeGreaterThanOrEqual(1);
      const consents = (await api(t.app, prescriber, 'GET', `/api/patients/${patient.id}/consents`)).json()
        .status as Array<{ modality: string; current: boolean }>;
      for (const modality of new Set(sessions.map((s) => s.modality))) {
        expect(
          consents.find((c) => c.modality === modality)?.current,
          `${patient.familyName}: ${modality} consent`,
        ).toBe(true);
      }
      const plans = (await api(t.app, prescriber, 'GET', `/api/patients/${patient.id}/plans`)).json().items as Array<{
        status: string;
        signedAt: string | null;
      }>;
      expect(
        plans.some((p) => p.signedAt !== null && p.status !== 'draft'),
        `${patient.familyName}: signed plan`,
      ).toBe(true);
      // And an esketamine patient is enrolled in the SPRAVATO REMS before any session (label, REMS requirement)
      if (sessions.some((s) => s.modality === 'esketamine-nasal')) {
        const enrolment = (await api(t.app, prescriber, 'GET', `/api/patients/${patient.id}/rems-enrolment`)).json()
          .current as { enrolledOn: string } | null;
        expect(enrolment, `${patient.familyName}: REMS enrolment`).not.toBeNull();
        expect(
          enrolment!.enrolledOn <= sessions.map((s) => s.startsAt.slice(0, 10)).sort()[0]!,
          `${patient.familyName}: enrolled before dosing`,
        ).toBe(true);
      }
    }
    // (the measures and ledger histories and today's four: the two patients the outcome tests use have none)
    expect(withSessions.sort()).toEqual(
      [
        'Brennan',
        'Chen',
        'Farouk',
        'Hollis',
        'Lindqvist',
        'Marquez',
        'Nowicki',
        'Okafor',
        'Oyelaran',
        'Raman',
        'Salazar',
        'Takahashi',
      ].sort(),
    );

    // The SPRAVATO REMS Patient Monitoring Form of the latest esketamine session (Beatrix Hollis, 3 days ago) is due
    // within its 7 days (REMS requirement: submitted within 7 days of the session)
    const rems = (await api(t.app, prescriber, 'GET', '/api/rems/sessions')).json().items as Array<{
      patient: { name: string };
      status: string;
      deadline: string;
    }>;
    const hollis = rems.find((r) => r.patient.name.includes('Hollis'));
    expect(hollis?.status).toBe('due');
    expect(Date.parse(hollis!.deadline)).toBeGreaterThan(t.clock.now().getTime());
    expect(Date.parse(hollis!.deadline) - t.clock.now().getTime()).toBeLessThan(7 * 86_400_000);

    // Every dose recorded on a treatment day (infusion started, device given) and every ledger administration is
    // inside the session's booked slot
    const doses = await t.services.treatmentDayRecords.dosedSessions(prescriber.clinicId);
    expect(doses.length).toBe(3);
    const ledger = (await api(t.app, prescriber, 'GET', '/api/ledger/entries?kind=administration&limit=500')).json()
      .items as Array<{ event: { sessionId: string }; occurredAt: string }>;
    expect(ledger.length).toBe(4);
    for (const dose of [
      ...doses.map((d) => ({ sessionId: d.sessionId, at: d.dosedAt.toISOString() })),
      ...ledger.map((e) => ({ sessionId: e.event.sessionId, at: e.occurredAt })),
    ]) {
      const slot = slots.get(dose.sessionId);
      expect(slot, dose.sessionId).toBeDefined();
      expect(Date.parse(dose.at), `dose at ${dose.at} in ${slot!.startsAt}–${slot!.endsAt}`).toBeGreaterThanOrEqual(
        Date.parse(slot!.startsAt),
      );
      expect(Date.parse(dose.at), `dose at ${dose.at} in ${slot!.startsAt}–${slot!.endsAt}`).toBeLessThanOrEqual(
        Date.parse(slot!.endsAt),
      );
    }
  });
});

describe('demo schedule started near midnight', () => {
  it("books today's sessions at their fixed times of day when the relative ones would fall on another day", async () => {
    const opened = await openTestDatabase('pglite');
    try {
      // 00:10 on Tuesday 3 November in New York: 100 minutes earlier is Monday
      const t = await createTestApp(opened.database, { clock: new TestClock(new Date('2026-11-03T05:10:00Z')) });
      const desk = await signIn(t.app, 'front_desk');
      const day = (await api(t.app, desk, 'GET', '/api/schedule?from=2026-11-03&to=2026-11-03')).json();
      const today = day.sessions.filter(
        (s: { chair: unknown; sessionNumber: number }) => s.chair !== null && s.sessionNumber === 1,
      );
      expect(
        today.map((s: { start: string; patient: { familyName: string } }) => [s.start.slice(11), s.patient.familyName]),
      ).toEqual([
        ['09:00', 'Salazar'],
        ['10:00', 'Oyelaran'],
        ['11:00', 'Nowicki'],
        ['11:00', 'Marquez'],
      ]);
    } finally {
      await opened.dispose();
    }
  }, 120_000);
});

describe('demo schedule started at any hour', () => {
  // The demo staff's shift must cover every session booked today, or seeding stops ("no shift covering …") and the
  // server does not start. At night the sessions take their fixed times; late in the day the shift runs later.
  it.each([
    ['03:00 on a weekday night', '2026-11-03T08:00:00Z', '2026-11-03', 'fixed'],
    ['01:59 as the clocks go forward (DST starts)', '2027-03-14T06:59:00Z', '2027-03-14', 'fixed'],
    ['16:30 on a weekday afternoon', '2026-11-03T21:30:00Z', '2026-11-03', 'relative'],
    ['21:30 in the evening', '2026-11-04T02:30:00Z', '2026-11-03', 'fixed'],
  ])(
    'seeds when the server starts at %s',
    async (_when, instant, date, mode) => {
      const opened = await openTestDatabase('pglite');
      try {
        const t = await createTestApp(opened.database, { clock: new TestClock(new Date(instant)) });
        const desk = await signIn(t.app, 'front_desk');
        const day = (await api(t.app, desk, 'GET', `/api/schedule?from=${date}&to=${date}`)).json();
        const today = day.sessions.filter(
          (s: { chair: unknown; sessionNumber: number }) => s.chair !== null && s.sessionNumber === 1,
        );
        expect(today).toHaveLength(4);
        const starts = today.map((s: { start: string }) => s.start.slice(11)).sort();
        if (mode === 'fixed') expect(starts).toEqual(['09:00', '10:00', '11:00', '11:00']);
        else expect(starts).not.toContain('09:00');
      } finally {
        await opened.dispose();
      }
    },
    120_000,
  );
});

describe('demo schedule on a closed day', () => {
  it('still has sessions today when the server starts on a Sunday', async () => {
    const opened = await openTestDatabase('pglite');
    try {
      const t = await createTestApp(opened.database, { clock: new TestClock(new Date('2026-11-08T17:00:00Z')) });
      const desk = await signIn(t.app, 'front_desk');
      const day = (await api(t.app, desk, 'GET', '/api/schedule?from=2026-11-08&to=2026-11-08')).json();
      expect(day.days[0].hours).toBeNull();
      expect(day.sessions.filter((s: { chair: unknown }) => s.chair !== null)).toHaveLength(4);
    } finally {
      await opened.dispose();
    }
  });
});
