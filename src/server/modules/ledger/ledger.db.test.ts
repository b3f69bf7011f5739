/**
 * The controlled-substance ledger through the API, on PGlite and PostgreSQL.
 * Sources: 21 CFR 1304.22(c) (receipt, administration and disposal records), 21 CFR 1304.11 (counts and
 * inventories), 21 CFR 1301.76(b) and 88 FR 40707 (loss notice: 1 business day; DEA Form 106: 45 days).
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { WITNESS_THROTTLE } from '../../auth/throttle.js';
import { demoEmail } from '../../seed/demo-data.js';
import { DEMO_LEDGER } from '../../seed/demo-ledger.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, TEST_PASSWORD, type Session, type TestApp } from '../../testing/test-app.js';
import {
  KETAMINE_50,
  PRESCRIBER_WITNESS,
  SPRAVATO_KIT_2,
  SUPPLIER,
  lossReportBody,
  receiptBody,
} from './ledger.testing.js';

const MANNER = 'Expelled into a drug-disposal container';

describeEachDatabase('controlled-substance ledger', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let prescriber: Session;
  let admin: Session;
  let patientIds: string[];
  let patientNames: string[];
  let clinicId: string;

  /** A completed treatment session for a demo patient (the sessions module does this for real sessions). */
  async function newSession(patient = 0): Promise<string> {
    const patientId = patientIds[patient]!;
    const row = await t.services.measures.recordPastSession(clinicId, patientId, {
      modality: 'iv-ketamine',
      number: 1,
      startsAt: new Date('2026-11-02T14:00:00Z'),
      minutes: 60,
    });
    return row.id;
  }

  /** The body of a draw for a session of a demo patient, by default from lot T50-A in the test safe. */
  function drawBody(sessionId: string, patient: number, amount: object, lot = 'T50-A', locationId = 'test-safe') {
    return { sessionId, patientId: patientIds[patient], ndc: KETAMINE_50, lot, locationId, amount };
  }

  function postDraw(sessionId: string, patient: number, amount: object) {
    return api(t.app, nurse, 'POST', '/api/ledger/draws', drawBody(sessionId, patient, amount));
  }

  /** Wastes from lot T50-A, signed by the prescriber unless another witness (or none: null) is given. */
  function postWaste(
    sessionId: string,
    mg: string,
    witness: { email: string; password: string } | null = PRESCRIBER_WITNESS,
  ) {
    return api(t.app, nurse, 'POST', '/api/ledger/wastes', {
      sessionId,
      ndc: KETAMINE_50,
      lot: 'T50-A',
      amount: { mg },
      manner: MANNER,
      ...(witness ? { witness } : {}),
    });
  }

  async function receive(lot: string, containers: number, locationId = 'test-safe', ndc = KETAMINE_50) {
    const response = await api(
      t.app,
      nurse,
      'POST',
      '/api/ledger/receipts',
      receiptBody({ ndc, lot, locationId, containers }),
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function head(): Promise<number> {
    const row = await sql<{
      lastSequence: number;
    }>`select last_sequence from ledger_head where clinic_id = ${clinicId}`.execute(ctx.database.db);
    return Number(row.rows[0]?.lastSequence ?? 0);
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    admin = await signIn(t.app, 'admin');
    clinicId = nurse.clinicId;
    const patients = (await api(t.app, nurse, 'GET', '/api/patients?limit=20')).json().items as Array<{
      id: string;
      givenName: string;
      familyName: string;
    }>;
    patientIds = patients.map((p) => p.id);
    patientNames = patients.map((p) => `${p.givenName} ${p.familyName}`);
    for (const locationId of ['test-safe', 'count-safe', 'race-safe']) {
      const created = await api(t.app, admin, 'POST', '/api/ledger/locations', {
        locationId,
        name: `Safe ${locationId}`,
        openableByRoles: ['admin', 'prescriber', 'nurse'],
      });
      expect(created.statusCode, created.body).toBe(201);
    }
  });

  it('starts the demo clinic with stock on hand, every session reconciled and an intact chain', async () => {
    const overview = (await api(t.app, nurse, 'GET', '/api/ledger/overview')).json();
    const demo = overview.balances.filter((b: { locationId: string }) => b.locationId === DEMO_LEDGER.locationId);
    // 10 vials of 500 mg, minus two 50 mg draws; 4 kits of 3 devices, minus 3 + 2 devices.
    expect(demo).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ndc: DEMO_LEDGER.ketamine.ndc,
          lot: DEMO_LEDGER.ketamine.lot,
          mg: '4900',
          containers: { full: 9, partialQuantity: 400_000 },
        }),
        expect.objectContaining({
          ndc: DEMO_LEDGER.esketamine.ndc,
          lot: DEMO_LEDGER.esketamine.lot,
          quantity: 7,
          containers: { full: 2, partialQuantity: 1 },
        }),
      ]),
    );
    // Every session with a draw is reconciled. The demo's treatment day doses patients without ledger draws: those
    // sessions count as unreconciled, each flagged missingDraw (issue 10 item 14; 21 CFR 1304.22(c)).
    const open = (await api(t.app, nurse, 'GET', '/api/ledger/sessions/unreconciled')).json().items;
    expect(open.every((r: { missingDraw?: boolean; hasDraws: boolean }) => r.missingDraw === true && !r.hasDraws)).toBe(
      true,
    );
    expect(overview.unreconciledSessions).toBe(open.length);
    expect(overview.openDiscrepancies).toBe(0);
    const verify = (await api(t.app, admin, 'GET', '/api/ledger/verify')).json();
    expect(verify).toMatchObject({ intact: true, checked: overview.asOfSequence });
    const wastes = (await api(t.app, nurse, 'GET', '/api/ledger/entries?kind=waste')).json().items;
    expect(wastes).toHaveLength(2);
    expect(wastes[0].event.witness).toMatchObject({
      name: 'Dr Priya Prescriber',
      authenticated: true,
      method: 'password',
    });
  });

  it('receives with a witness, draws for a session, records administration and witnessed waste: balance and a clean reconciliation', async () => {
    const sessionId = await newSession(0);
    const received = await receive('T50-A', 2);
    expect(received.entry).toMatchObject({ kind: 'receipt', summary: expect.stringContaining('Received 2 x') });
    expect(received.entry.event.witness).toMatchObject({ name: 'Dr Priya Prescriber', authenticated: true });
    expect(received.entry.event.receivedBy).toMatchObject({ name: 'Nora Nurse', role: 'nurse' });
    expect(received.balances).toEqual([
      expect.objectContaining({ lot: 'T50-A', locationId: 'test-safe', quantity: 1_000_000, mg: '1000' }),
    ]);

    const draw = await postDraw(sessionId, 0, { mg: '50', ml: '1' });
    expect(draw.statusCode, draw.body).toBe(201);
    expect(draw.headers.location).toBe(`/api/ledger/entries/${draw.json().entry.sequence}`);
    expect(draw.json().balances[0]).toMatchObject({
      quantity: 950_000,
      mg: '950',
      containers: { full: 1, partialQuantity: 450_000 },
    });
    expect(draw.json().reconciliation).toMatchObject({ drawn: 50_000, difference: 50_000, reconciled: false });
    const withDraws = (items: Array<{ missingDraw?: boolean }>) => items.filter((r) => !r.missingDraw);
    const open = withDraws((await api(t.app, nurse, 'GET', '/api/ledger/sessions/unreconciled')).json().items);
    expect(open).toEqual([
      expect.objectContaining({
        sessionId,
        drawnMg: '50',
        differenceMg: '50',
        patient: expect.objectContaining({ name: patientNames[0] }),
      }),
    ]);

    const given = await api(t.app, nurse, 'POST', '/api/ledger/administrations', {
      sessionId,
      ndc: KETAMINE_50,
      lot: 'T50-A',
      amount: { mg: '36.5' },
    });
    expect(given.statusCode, given.body).toBe(201);
    // 21 CFR 1304.22(c): the record holds the patient's name and address, taken from the patient record.
    expect(given.json().entry.event).toMatchObject({
      patientName: patientNames[0],
      patientAddress: expect.stringMatching(/^\d+ Example Street, Springfield, IL 62701, US$/),
      quantity: 36_500,
      volumeUl: 730,
    });

    const wasted = await postWaste(sessionId, '13.5');
    expect(wasted.statusCode, wasted.body).toBe(201);
    expect(wasted.json().reconciliation).toMatchObject({
      drawn: 50_000,
      administered: 36_500,
      wasted: 13_500,
      difference: 0,
      reconciled: true,
    });

    const balances = (await api(t.app, nurse, 'GET', '/api/ledger/balances')).json().items;
    expect(balances.find((b: { lot: string }) => b.lot === 'T50-A')).toMatchObject({
      quantity: 950_000,
      locationName: 'Safe test-safe',
      description: '1 full vial + 450 mg (9 mL) in an opened one (950 mg (19 mL))',
    });
    const reconciliation = (
      await api(t.app, prescriber, 'GET', `/api/ledger/sessions/${sessionId}/reconciliation`)
    ).json();
    expect(reconciliation).toMatchObject({
      hasDraws: true,
      reconciled: true,
      drawnMg: '50',
      administeredMg: '36.5',
      wastedMg: '13.5',
      differenceMg: '0',
    });
    expect(withDraws((await api(t.app, nurse, 'GET', '/api/ledger/sessions/unreconciled')).json().items)).toEqual([]);

    const audit = (await api(t.app, admin, 'GET', `/api/audit?patientId=${patientIds[0]}`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['ledger-draw', 'ledger-administration', 'ledger-waste']));
  });

  it('refuses a draw that would make a balance negative (422 negative-balance) and appends nothing', async () => {
    const sessionId = await newSession(1);
    const before = await head();
    const response = await postDraw(sessionId, 1, { mg: '2000' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'negative-balance', errors: [{ field: 'amount' }] });
    expect(response.json().detail).toContain('holds 950 mg (19 mL)');
    expect(await head()).toBe(before);
  });

  it('answers 400 naming the request field for malformed amounts and unknown places', async () => {
    const sessionId = await newSession(1);
    const base = { sessionId, patientId: patientIds[1], ndc: KETAMINE_50, lot: 'T50-A', locationId: 'test-safe' };
    // 0.001 mg of a 50 mg/mL solution is not a whole number of microlitres: the volume must be given.
    const noVolume = await api(t.app, nurse, 'POST', '/api/ledger/draws', { ...base, amount: { mg: '0.001' } });
    expect(noVolume.statusCode).toBe(400);
    expect(noVolume.json().errors).toEqual([expect.objectContaining({ field: 'amount.ml' })]);
    const mismatch = await api(t.app, nurse, 'POST', '/api/ledger/draws', { ...base, amount: { mg: '50', ml: '2' } });
    expect(mismatch.json().errors).toEqual([
      expect.objectContaining({ field: 'amount.ml', message: expect.stringContaining('does not match') }),
    ]);
    const devices = await api(t.app, nurse, 'POST', '/api/ledger/draws', { ...base, amount: { devices: 2 } });
    expect(devices.json().errors).toEqual([expect.objectContaining({ field: 'amount.devices' })]);
    const nowhere = await api(t.app, nurse, 'POST', '/api/ledger/draws', {
      ...base,
      locationId: 'garage',
      amount: { mg: '50' },
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors).toEqual([expect.objectContaining({ field: 'locationId' })]);
    const wrongPatient = await api(t.app, nurse, 'POST', '/api/ledger/draws', {
      ...base,
      patientId: patientIds[2],
      amount: { mg: '50' },
    });
    expect(wrongPatient.json().errors).toEqual([
      expect.objectContaining({ field: 'sessionId', message: 'is not a session of this patient' }),
    ]);
  });

  it('refuses waste signed with a wrong witness password (401 naming witness), audits and throttles it', async () => {
    const sessionId = await newSession(2);
    await postDraw(sessionId, 2, { mg: '50' });
    const before = await head();
    const sleepsBefore = t.sleeps.length;
    const wrong = await postWaste(sessionId, '50', { ...PRESCRIBER_WITNESS, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'witness-credentials-invalid', errors: [{ field: 'witness' }] });
    expect(t.sleeps.length).toBe(sleepsBefore + 1);
    expect(await head()).toBe(before);
    // No witness at all: the clinic default requires one for waste.
    const none = await postWaste(sessionId, '50', null);
    expect(none.json()).toMatchObject({ status: 422, code: 'witness-required', errors: [{ field: 'witness' }] });
    // The nurse's own session still works: a wrong witness password is not a sign-out.
    expect((await api(t.app, nurse, 'GET', '/api/ledger/balances')).statusCode).toBe(200);
    const audit = (await api(t.app, admin, 'GET', '/api/audit?limit=50')).json().items;
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'witness-failed', outcome: 'failure' })]),
    );
    // With the right password the session reconciles.
    const ok = await postWaste(sessionId, '50');
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('slows a witness after repeated wrong passwords on the witness counter only: their own sign-in still works', async () => {
    const created = await t.services.users.create(clinicId, {
      email: 'second.nurse@demo.ketaclinic.test',
      displayName: 'Second Nurse',
      role: 'nurse',
      password: 'second-nurse-password',
    });
    expect(created.id).toBeDefined();
    const sessionId = await newSession(3);
    await postDraw(sessionId, 3, { mg: '10' });
    const attempt = (password: string) =>
      postWaste(sessionId, '10', { email: 'second.nurse@demo.ketaclinic.test', password });
    // WITNESS_THROTTLE: the free attempts and one more pass at once; the next must wait.
    for (let i = 0; i <= WITNESS_THROTTLE.freeAttempts; i += 1)
      expect((await attempt('wrong-password')).statusCode).toBe(401);
    const waiting = await attempt('second-nurse-password');
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBe(WITNESS_THROTTLE.firstWaitSeconds);
    const signInWorks = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'second.nurse@demo.ketaclinic.test', password: 'second-nurse-password' },
    });
    expect(signInWorks.statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    const afterWait = await attempt('second-nurse-password');
    expect(afterWait.statusCode, afterWait.body).toBe(201);
  });

  it('refuses a witness who is the person recording the entry, and one whose role does not handle controlled substances', async () => {
    const sessionId = await newSession(4);
    await postDraw(sessionId, 4, { mg: '10' });
    const self = await postWaste(sessionId, '10', { email: demoEmail('nurse'), password: TEST_PASSWORD });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ code: 'witness-same-as-actor', errors: [{ field: 'witness' }] });
    const therapist = await postWaste(sessionId, '10', { email: demoEmail('therapist'), password: TEST_PASSWORD });
    expect(therapist.json()).toMatchObject({ status: 422, code: 'witness-role-not-allowed' });
    const ok = await postWaste(sessionId, '10');
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('lets 20 concurrent draws on stock for 10 end with exactly 10 successes and a zero balance', async () => {
    await receive('T-RACE', 1, 'race-safe'); // one 500 mg vial: ten 50 mg draws
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => newSession(i % 20)));
    const before = await head();
    const responses = await Promise.all(
      sessions.map((sessionId, i) =>
        api(
          t.app,
          i % 2 === 0 ? nurse : prescriber,
          'POST',
          '/api/ledger/draws',
          drawBody(sessionId, i % 20, { mg: '50', ml: '1' }, 'T-RACE', 'race-safe'),
        ),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 422)).toHaveLength(10);
    for (const r of responses.filter((x) => x.statusCode === 422)) expect(r.json().code).toBe('negative-balance');
    expect(await head()).toBe(before + 10);
    const balance = (await api(t.app, nurse, 'GET', '/api/ledger/balances?includeZero=true'))
      .json()
      .items.find((b: { lot: string }) => b.lot === 'T-RACE');
    expect(balance).toMatchObject({ quantity: 0, mg: '0' });
    const sequences = responses
      .filter((r) => r.statusCode === 201)
      .map((r) => r.json().entry.sequence)
      .sort((a: number, b: number) => a - b);
    expect(sequences).toEqual(Array.from({ length: 10 }, (_, i) => before + 1 + i));
    expect((await api(t.app, admin, 'GET', '/api/ledger/verify')).json()).toMatchObject({ intact: true });
    // Ten sessions now hold 50 mg each until their administration and waste are recorded.
    const unreconciled = (await api(t.app, nurse, 'GET', '/api/ledger/sessions/unreconciled'))
      .json()
      .items.map((r: { sessionId: string }) => r.sessionId);
    const drawnFor = responses.flatMap((r, i) => (r.statusCode === 201 ? [sessions[i]] : []));
    expect(unreconciled).toEqual(expect.arrayContaining(drawnFor));
  });

  it('opens a discrepancy when a count finds a vial missing; only an admin resolves it', async () => {
    await receive('T-CNT', 3, 'count-safe');
    const count = await api(t.app, nurse, 'POST', '/api/ledger/counts', {
      countKind: 'daily',
      timing: 'close-of-business',
      locationId: 'count-safe',
      lines: [{ ndc: KETAMINE_50, lot: 'T-CNT', fullContainers: 2 }],
      witness: PRESCRIBER_WITNESS,
    });
    expect(count.statusCode, count.body).toBe(201);
    expect(count.json().discrepancies).toEqual([
      expect.objectContaining({
        lot: 'T-CNT',
        expected: 1_500_000,
        counted: 1_000_000,
        difference: -500_000,
        differenceMg: '-500',
        status: 'open',
      }),
    ]);
    const discrepancyId = count.json().discrepancies[0].discrepancyId;
    expect(
      (await api(t.app, nurse, 'GET', '/api/ledger/discrepancies'))
        .json()
        .items.map((d: { discrepancyId: string }) => d.discrepancyId),
    ).toContain(discrepancyId);
    expect((await api(t.app, nurse, 'GET', '/api/ledger/overview')).json().openDiscrepancies).toBe(1);

    const byNurse = await api(t.app, nurse, 'POST', '/api/ledger/discrepancies/resolve', {
      discrepancyId,
      resolution: 'explained',
      reason: 'Found it.',
    });
    expect(byNurse.statusCode).toBe(403);
    const resolved = await api(t.app, admin, 'POST', '/api/ledger/discrepancies/resolve', {
      discrepancyId,
      resolution: 'explained',
      reason: 'Vial found in the second shelf of the same safe; recount correct.',
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    expect(resolved.json().discrepancies[0]).toMatchObject({
      status: 'explained',
      resolution: { resolvedBy: 'Alex Admin' },
    });
    expect((await api(t.app, nurse, 'GET', '/api/ledger/discrepancies')).json().items).toEqual([]);
    const again = await api(t.app, admin, 'POST', '/api/ledger/discrepancies/resolve', {
      discrepancyId,
      resolution: 'explained',
      reason: 'twice',
    });
    expect(again.json()).toMatchObject({ status: 422, code: 'discrepancy-not-open' });
  });

  it('turns a shortage into a loss report with the 1-business-day and 45-day deadlines', async () => {
    const count = await api(t.app, nurse, 'POST', '/api/ledger/counts', {
      countKind: 'shift',
      locationId: 'count-safe',
      lines: [{ ndc: KETAMINE_50, lot: 'T-CNT', fullContainers: 2 }],
    });
    const discrepancyId = count.json().discrepancies[0].discrepancyId;
    // Discovered Monday 2 November 2026: written notice by Tuesday 3 November, Form 106 by 17 December (45 days).
    const loss = await api(
      t.app,
      admin,
      'POST',
      '/api/ledger/loss-reports',
      lossReportBody('T-CNT', 'count-safe', {
        lossType: 'other',
        circumstances: 'One vial missing at the shift count; not found after a search.',
        form106: { reportedToPolice: false },
      }),
    );
    expect(loss.statusCode, loss.body).toBe(201);
    expect(loss.json().deadlines).toMatchObject({
      discoveredOn: '2026-11-02',
      deaWrittenNotice: { dueBy: '2026-11-03' },
      form106: { dueBy: '2026-12-17' },
    });
    expect(loss.json().form106).toMatchObject({
      substance: { lot: 'T-CNT', quantity: '500 mg' },
      registrant: { registeredName: 'Demo Clinic' },
    });
    const resolved = await api(t.app, admin, 'POST', '/api/ledger/discrepancies/resolve', {
      discrepancyId,
      resolution: 'loss-reported',
      reason: 'Reported to DEA.',
      lossEntryId: loss.json().entry.entryId,
    });
    expect(resolved.statusCode, resolved.body).toBe(201);
    expect(resolved.json().discrepancies[0]).toMatchObject({ status: 'loss-reported' });
    expect((await api(t.app, nurse, 'GET', '/api/ledger/loss-reports')).json().items).toEqual([
      expect.objectContaining({ resolvesDiscrepancy: discrepancyId }),
    ]);
    const nurseLoss = await api(t.app, nurse, 'POST', '/api/ledger/loss-reports', {
      ndc: KETAMINE_50,
      lot: 'T-CNT',
      source: { from: 'location', locationId: 'count-safe' },
      amount: { mg: '1' },
      lossType: 'other',
      circumstances: 'x',
      form106: { reportedToPolice: false },
    });
    expect(nurseLoss.statusCode).toBe(403);
  });

  it('destroys expired kits with two witnesses signing in, answering the DEA Form 41 record', async () => {
    await receive('SPR-OLD', 2, 'test-safe', SPRAVATO_KIT_2);
    const destroy = (devices: number, method: string, address: string, witnesses: Array<typeof PRESCRIBER_WITNESS>) =>
      api(t.app, admin, 'POST', '/api/ledger/destructions', {
        ndc: SPRAVATO_KIT_2,
        lot: 'SPR-OLD',
        locationId: 'test-safe',
        amount: { devices },
        reason: 'damaged',
        method,
        destructionSite: { name: 'Demo Clinic', address },
        witnesses,
      });
    const destroyed = await destroy(3, 'Reverse-distributor take-back', '1 Main St, Springfield, IL', [
      { email: demoEmail('nurse'), password: TEST_PASSWORD },
      PRESCRIBER_WITNESS,
    ]);
    expect(destroyed.statusCode, destroyed.body).toBe(201);
    expect(destroyed.json().form41).toMatchObject({
      item: { batch: 'SPR-OLD', fullPackages: 1, totalDestroyed: '3 devices' },
      witnesses: ['Nora Nurse', 'Dr Priya Prescriber'],
    });
    expect(destroyed.json().balances[0]).toMatchObject({ quantity: 1 });
    const sameTwice = await destroy(1, 'x', '1 Main St', [PRESCRIBER_WITNESS, PRESCRIBER_WITNESS]);
    expect(sameTwice.json()).toMatchObject({
      status: 422,
      code: 'witnesses-not-distinct',
      errors: [{ field: 'witnesses.1' }],
    });
  });

  it('corrects an entry with a new entry that keeps the original', async () => {
    const sessionId = await newSession(5);
    const drawn = (await postDraw(sessionId, 5, { mg: '25' })).json();
    const corrected = await api(t.app, nurse, 'POST', '/api/ledger/corrections/draw', {
      correctsEntryId: drawn.entry.entryId,
      reason: 'Typed 25 mg; 30 mg was drawn.',
      replacement: drawBody(sessionId, 5, { mg: '30' }),
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.json().reconciliation).toMatchObject({ drawn: 30_000 });
    const original = (await api(t.app, nurse, 'GET', `/api/ledger/entries/${drawn.entry.sequence}`)).json();
    expect(original).toMatchObject({
      event: { quantity: 25_000 },
      correctedBySequence: [corrected.json().entry.sequence],
    });
    const wrongKind = await api(t.app, nurse, 'POST', '/api/ledger/corrections/waste', {
      correctsEntryId: drawn.entry.entryId,
      reason: 'x',
      replacement: null,
    });
    expect(wrongKind.json().errors).toEqual([expect.objectContaining({ field: 'correctsEntryId' })]);
    const voided = await api(t.app, nurse, 'POST', '/api/ledger/corrections/draw', {
      correctsEntryId: drawn.entry.entryId,
      reason: 'Drawn for the wrong session; returned to the safe unopened.',
      replacement: null,
    });
    expect(voided.statusCode, voided.body).toBe(201);
    expect(voided.json().reconciliation).toMatchObject({ drawn: 0, reconciled: true });
  });

  it('lets only ledger roles see the ledger, and only admins do admin work', async () => {
    for (const role of ['therapist', 'front_desk'] as const) {
      const other = await signIn(t.app, role);
      expect((await api(t.app, other, 'GET', '/api/ledger/balances')).statusCode).toBe(403);
    }
    expect(
      (
        await api(t.app, admin, 'POST', '/api/ledger/receipts', {
          ndc: KETAMINE_50,
          lot: 'X',
          expiry: '2028-01',
          locationId: 'test-safe',
          containers: 1,
          supplier: SUPPLIER,
        })
      ).statusCode,
    ).toBe(403);
    expect((await api(t.app, nurse, 'GET', '/api/ledger/verify')).statusCode).toBe(403);
    expect(
      (
        await api(t.app, nurse, 'POST', '/api/ledger/inventories', {
          countKind: 'biennial-inventory',
          timing: 'opening-of-business',
          locationId: 'test-safe',
          lines: [],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('answers reports as JSON, RFC 4180 CSV and PDF', async () => {
    const report = (who: Session, query: string) => api(t.app, who, 'GET', `/api/ledger/reports/${query}`);
    const NOVEMBER = 'from=2026-11-01&to=2026-11-30';
    const log = await report(nurse, `administration-log?${NOVEMBER}`);
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json()).toMatchObject({
      report: 'administration-log',
      clinic: { name: 'Demo Clinic' },
      period: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(log.json().rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'administered',
          patientName: patientNames[0],
          amountMg: '36.5',
          volumeMl: '0.73',
        }),
        expect.objectContaining({ action: 'wasted', amountMg: '13.5', witness: 'Dr Priya Prescriber' }),
      ]),
    );
    const csv = await report(nurse, `administration-log?${NOVEMBER}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="administration-log-2026-11-01-to-2026-11-30.csv"',
    );
    expect(
      csv.body.startsWith(
        'Date,Time,Entry,Action,Session,Patient ID,Patient name,Patient address,Drug,NDC,Lot,Amount (mg),',
      ),
    ).toBe(true);
    expect(csv.body).toMatch(/"\d+ Example Street, Springfield, IL 62701, US"/);
    expect(csv.body.endsWith('\r\n')).toBe(true);
    const pdf = await report(nurse, `administration-log?${NOVEMBER}&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const discrepancies = await report(admin, 'discrepancies?format=csv');
    expect(discrepancies.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(discrepancies.body).toContain('explained');
    const lot = await report(nurse, `lot-history?ndc=${KETAMINE_50}&lot=T50-A&format=pdf`);
    expect(lot.headers['content-type']).toBe('application/pdf');
    const history = (await report(nurse, `lot-history?ndc=${KETAMINE_50}&lot=T50-A`)).json();
    expect(history.rows[0]).toMatchObject({ kind: 'receipt', safeBalance: 1_000_000 });
    const badPeriod = await report(nurse, 'administration-log?from=2026-11-30&to=2026-11-01');
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
  });

  it('takes the biennial inventory (estimates allowed) and reports it', async () => {
    const inventory = await api(t.app, admin, 'POST', '/api/ledger/inventories', {
      countKind: 'biennial-inventory',
      timing: 'opening-of-business',
      locationId: 'count-safe',
      // Books: 3 vials received, 1 reported lost.
      lines: [{ ndc: KETAMINE_50, lot: 'T-CNT', fullContainers: 2 }],
      witness: { email: demoEmail('nurse'), password: TEST_PASSWORD },
    });
    expect(inventory.statusCode, inventory.body).toBe(201);
    expect(inventory.json().discrepancies).toEqual([]);
    const report = (await api(t.app, admin, 'GET', '/api/ledger/reports/inventory?on=2026-11-02')).json();
    expect(report.rows).toEqual([
      expect.objectContaining({
        lot: 'T-CNT',
        fullContainers: 2,
        totalMg: '1000',
        timing: 'opening-of-business',
        witness: 'Nora Nurse',
      }),
    ]);
    expect(report.status).toMatchObject({ status: 'ok', lastInventory: '2026-11-02', dueBy: '2028-11-02' });
  });

  it('sees what another server process appended: the memo of folded entries is checked against the database', async () => {
    const other = await createTestApp(ctx.database, { seed: false, clock: t.clock });
    try {
      const transfer = (app: TestApp['app'], fromLocationId: string, toLocationId: string) =>
        api(app, nurse, 'POST', '/api/ledger/transfers', {
          ndc: KETAMINE_50,
          lot: 'T-MEMO',
          fromLocationId,
          toLocationId,
          amount: { mg: '100' },
        });
      await receive('T-MEMO', 1);
      expect(
        (await api(t.app, nurse, 'GET', '/api/ledger/balances'))
          .json()
          .items.filter((b: { lot: string }) => b.lot === 'T-MEMO'),
      ).toHaveLength(1);
      const moved = await transfer(other.app, 'test-safe', 'race-safe');
      expect(moved.statusCode, moved.body).toBe(201);
      const seen = (await api(t.app, nurse, 'GET', '/api/ledger/balances'))
        .json()
        .items.filter((b: { lot: string }) => b.lot === 'T-MEMO');
      expect(seen.map((b: { locationId: string; mg: string }) => [b.locationId, b.mg])).toEqual([
        ['race-safe', '100'],
        ['test-safe', '400'],
      ]);
      const next = await transfer(t.app, 'race-safe', 'test-safe');
      expect(next.json().entry.sequence).toBe(moved.json().entry.sequence + 1);
    } finally {
      await other.app.close();
    }
  });

  describe('tamper evidence (runs last: it edits the stored ledger)', () => {
    it('keeps entries append-only in the database itself', async () => {
      const { db } = ctx.database;
      await expect(sql`delete from ledger_entry where clinic_id = ${clinicId}`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`update ledger_entry set kind = 'x'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(
        sql`update ledger_head set last_sequence = 1 where clinic_id = ${clinicId}`.execute(db),
      ).rejects.toThrow(/only moves forward/);
      await expect(sql`delete from ledger_head`.execute(db)).rejects.toThrow(/cannot be removed/);
    });

    it('detects removal of the newest entry, refuses to append on top, and detects an edited entry at its sequence', async () => {
      const { db } = ctx.database;
      const last = await head();
      const saved = await sql<
        Record<string, unknown>
      >`select * from ledger_entry where clinic_id = ${clinicId} and sequence = ${last}`.execute(db);
      await sql`alter table ledger_entry disable trigger ledger_entry_no_update`.execute(db);
      await sql`delete from ledger_entry where clinic_id = ${clinicId} and sequence = ${last}`.execute(db);
      expect((await api(t.app, admin, 'GET', '/api/ledger/verify')).json()).toMatchObject({
        intact: false,
        brokenAtSequence: last,
        reason: 'entries-missing-after-last',
      });
      const refused = await api(t.app, nurse, 'POST', '/api/ledger/receipts', {
        ndc: KETAMINE_50,
        lot: 'T-AFTER',
        expiry: '2028-06',
        locationId: 'test-safe',
        containers: 1,
        supplier: SUPPLIER,
        witness: PRESCRIBER_WITNESS,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ledger-integrity');

      const row = saved.rows[0]!;
      await sql`insert into ledger_entry (clinic_id, sequence, entry_id, kind, event, recorded_at, recorded_by, prev_hash, hash)
        values (${row.clinicId}, ${row.sequence}, ${row.entryId}, ${row.kind}, ${JSON.stringify(row.event)}, ${row.recordedAt}, ${row.recordedBy}, ${row.prevHash}, ${row.hash})`.execute(
        db,
      );
      expect((await api(t.app, admin, 'GET', '/api/ledger/verify')).json()).toMatchObject({
        intact: true,
        checked: last,
      });

      const target = last - 3;
      await sql`update ledger_entry set event = jsonb_set(event, '{occurredAt}', '"2026-10-01T09:00:00-04:00"') where clinic_id = ${clinicId} and sequence = ${target}`.execute(
        db,
      );
      await sql`alter table ledger_entry enable trigger ledger_entry_no_update`.execute(db);
      expect((await api(t.app, admin, 'GET', '/api/ledger/verify')).json()).toEqual({
        intact: false,
        checked: target - 1,
        brokenAtSequence: target,
        reason: 'content-hash-mismatch',
      });
    });
  });
});
