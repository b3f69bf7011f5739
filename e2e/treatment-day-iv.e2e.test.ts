/**
 * A full IV ketamine session on the session screen (/sessions/:id/treatment), with the server's and the browsers'
 * clocks moved together. First a look at the demo's esketamine patient (each device with its time, the 2-hour
 * monitoring clock counting down). Then the demo patient in the pre-dose check (Tomasz Nowicki), opened from the
 * clinic board: the nurse confirms the ride home, the prescriber acknowledges the checklist's warnings, the nurse
 * prepares the dose and the prescriber verifies it; the infusion runs with four sets of vital signs, one hypertensive
 * reading raising alerts that are acknowledged with the action taken, a rate change, a pause with its reason, a
 * correction struck through with its reason, an adverse event treated with ondansetron; discharge is blocked (the
 * clinic's 30 minutes after the infusion), then allowed once the clock has passed them (with MOAA/S and CADSS-6
 * rated); the note is edited, signed and given an addendum. Then a prescriber discharges another patient with a
 * documented override, and the screen is checked on a phone; the esketamine patient's next session records its
 * devices five minutes apart (the countdown shown) and starts the two-hour clock.
 * Screenshots: test-results/treatment-day-iv/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import {
  acknowledgeEveryWarning,
  chooseOption,
  closeCleanly,
  mainNavigation,
  pageHeading,
  stopInfusionAndReadDischargeBlocks,
  treatmentBoard,
} from './support/pages.js';
import { controllableClock } from './support/server.js';
import { clinicInBrowser, nurseAndPrescriber } from './support/suite.js';

const shot = screenshots('treatment-day-iv');
const MINUTE = 60_000;

/** A datetime-local value for an instant on the clinic's clock (the screen reads typed times in the clinic's zone). */
function localInput(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

describe('an IV ketamine session on the session screen', () => {
  const clock = controllableClock();
  const clinic = clinicInBrowser({ clock });

  it(
    'runs check-in, dose, monitoring with an acknowledged alert and an adverse event, discharge and a signed note',
    { timeout: 240_000 },
    async () => {
      // Both browsers' clocks follow the server's (clinic.open installs it); `advance` moves all three together.
      const { nurse, prescriber, advance } = await nurseAndPrescriber(clinic, clock);
      const page = nurse.page;

      const board = await treatmentBoard(nurse.context);

      // The same screen for the demo's esketamine patient in monitoring: each device with its time, and the 2-hour
      // monitoring clock from the last device counting down
      const esketamine = board.chairs.find((c) => c.modality === 'esketamine-nasal' && c.phase === 'monitoring');
      if (!esketamine) throw new Error('the demo clinic has no esketamine session in monitoring today');
      await page.goto(`/sessions/${esketamine.sessionId}/treatment`);
      await page.getByRole('heading', { name: 'Nasal devices' }).waitFor();
      await page.getByText('2 of 2 devices given.').waitFor();
      // Times are on the clinic's clock (the browser here runs in UTC), as in the server's own messages
      const eskView = (await (
        await nurse.context.request.get(`/api/sessions/${esketamine.sessionId}/treatment`)
      ).json()) as { administration: { devicesAdministeredAt: string[] } };
      const secondDeviceAt = localInput(
        new Date(eskView.administration.devicesAdministeredAt[1]!),
        board.timeZone,
      ).slice(11);
      await page.getByRole('list', { name: 'Devices' }).getByText(`Device 2: given at ${secondDeviceAt}`).waitFor();
      const monitoringClock = page.getByRole('timer').filter({ hasText: '2-hour monitoring from the last device' });
      const before = await monitoringClock.textContent();
      expect(before).toMatch(/1:0\d:\d\d remaining/);
      await page.waitForTimeout(1500);
      expect(await monitoringClock.textContent()).not.toBe(before);
      await shot(page, '00-esketamine-monitoring-clock');

      // Given the demo patient waiting in the pre-dose check, opened from the clinic board
      const chair = board.chairs.find((c) => c.phase === 'pre-dose' && c.modality === 'iv-ketamine' && c.isCheckedIn);
      if (!chair)
        throw new Error(
          `the demo clinic has no checked-in IV session in pre-dose today: ${JSON.stringify(board.chairs.map((c) => [c.modality, c.phase]))}`,
        );
      await mainNavigation(page).getByRole('link', { name: 'Clinic board' }).click();
      await page.getByRole('link', { name: `open the session of ${chair.patientInitials}`, exact: false }).click();
      await pageHeading(page).filter({ hasText: 'Treatment: Tomasz Nowicki' }).waitFor();
      expect(page.url()).toContain(`/sessions/${chair.sessionId}/treatment`);
      await page.getByRole('status').filter({ hasText: 'Live: changes by anyone appear here' }).waitFor();
      // The next action sits above the checklist, with a link to the section where it is done
      const nextAction = page.getByRole('complementary', { name: 'Next action' });
      await nextAction.getByText('Next action: start the infusion when the checklist allows it.').waitFor();
      expect(await nextAction.getByRole('link', { name: 'Go to dose and administration' }).getAttribute('href')).toBe(
        '#section-dose-and-administration',
      );

      // The checklist shows the missing ride home as a block that stops the session, with its reason
      const rideRow = page.locator('tr[data-item="ride-home"]');
      await rideRow.getByText('Blocked').waitFor();
      await rideRow.getByText(/No ride home is confirmed/).waitFor();
      await page.getByText('The session is stopped').waitFor();
      await shot(page, '01-checklist-blocked');

      // When the nurse records the ride home and the fasting times
      const checkIn = page.getByRole('form', { name: 'Check-in' });
      await checkIn.getByLabel('Ride home: name').fill('Anna Nowicka');
      await checkIn.getByLabel('Ride home: phone').fill('555-0199');
      await checkIn.getByLabel('Ride home confirmed').check();
      await checkIn.getByLabel('No food today').check();
      await checkIn
        .getByLabel('Last liquid')
        .fill(localInput(new Date(clock.now().getTime() - 180 * MINUTE), board.timeZone));
      await checkIn.getByRole('button', { name: 'Save check-in' }).click();
      await checkIn.getByText('Check-in saved').waitFor();
      // Then the ride home passes, and nothing blocks any more
      await rideRow.getByText('Pass').waitFor();
      await page.getByText('The session is stopped').waitFor({ state: 'detached' });

      // The prescriber, on the same screen, acknowledges each remaining warning with a documented reason
      const rx = prescriber.page;
      await rx.goto(`/sessions/${chair.sessionId}/treatment`);
      await pageHeading(rx).filter({ hasText: 'Treatment: Tomasz Nowicki' }).waitFor();
      const warnings = rx.getByRole('button', { name: /^Acknowledge warning:/ });
      await warnings.first().waitFor();
      await shot(rx, '02-prescriber-warnings');
      await acknowledgeEveryWarning(rx, warnings);
      await rx.getByText('The checklist allows dosing to start.').waitFor();
      // The nurse's screen follows live
      await page.getByText('The checklist allows dosing to start.').waitFor();
      await page
        .getByText(/Acknowledged by .* Reviewed with the patient/)
        .first()
        .waitFor();

      // The nurse prepares the plan's dose with its lot; she cannot verify her own preparation
      const prepare = page.getByRole('form', { name: 'Prepare the dose' });
      // The lot comes from the stock the clinic holds in its controlled-substance ledger (issue 10 item 14)
      await prepare.getByLabel('Lot (from the controlled-substance ledger)').click();
      await page.getByRole('option', { name: /^KET50-DEMO-A / }).click();
      await prepare.getByRole('button', { name: 'Prepare dose' }).click();
      await page.getByRole('heading', { name: 'Prepared dose' }).waitFor();
      await page.getByText(/mL\/h \(/).waitFor();
      await page.getByText('You prepared this dose: another staff member must verify it.').waitFor();
      await expect(page.getByRole('button', { name: 'Start infusion' }).isDisabled()).resolves.toBe(true);
      // The prescriber verifies it as the second person
      await rx.getByRole('button', { name: 'Verify prepared dose' }).click();
      const confirmVerify = rx.getByRole('dialog', { name: 'Verify this prepared dose?' });
      await confirmVerify.getByText(/^Verify for .*: \d+(\.\d+)? mg, [\d.]+ mL at /).waitFor();
      await confirmVerify.getByRole('button', { name: 'Verify dose' }).click();
      await rx.getByText(/Verified by .* at \d\d:\d\d/).waitFor();
      await page.getByText(/Verified by .* at \d\d:\d\d/).waitFor();
      await shot(page, '03-dose-prepared-and-verified');

      // The infusion starts at the pump rate from the plan
      await page.getByRole('button', { name: 'Start infusion' }).click();
      await page.getByText('Infusion started.').waitFor();
      await page.getByRole('table', { name: 'Administration record' }).getByText('Infusion started').waitFor();
      await page
        .getByRole('region', { name: 'Checks due' })
        .getByText(/^Next: /)
        .waitFor();

      const observations = page.getByRole('form', { name: 'Record an observation' });
      const recordVitals = async (v: {
        systolic: number;
        diastolic: number;
        heartRate: number;
        spo2: number;
        respiratoryRate: number;
      }) => {
        await observations
          .locator('label')
          .filter({ hasText: /^Vital signs$/ })
          .click();
        await observations.getByLabel('Systolic BP').fill(String(v.systolic));
        await observations.getByLabel('Diastolic BP').fill(String(v.diastolic));
        await observations.getByLabel('Heart rate').fill(String(v.heartRate));
        await observations.getByLabel('SpO2').fill(String(v.spo2));
        await observations.getByLabel('Respiratory rate').fill(String(v.respiratoryRate));
        await observations.getByRole('button', { name: 'Record vital signs' }).click();
        await observations.getByText(/Vital signs recorded/).waitFor();
      };
      const timeline = page.getByRole('table', { name: 'Monitoring timeline' });

      // 10 min: the first vital signs, within limits
      await advance(10);
      await recordVitals({ systolic: 128, diastolic: 80, heartRate: 76, spo2: 98, respiratoryRate: 14 });
      await timeline.getByText('BP 128/80, HR 76, SpO2 98%, RR 14').waitFor();
      await shot(page, '04-infusing-pk-curve');
      await page.getByText(/Model: Domino \(1982\), 3-compartment/).waitFor();
      await page.getByText(/it informs, it never sets a dose/).waitFor();
      await page.getByText(/actual so far peaks at \d+ ng\/mL/).waitFor();

      // 20 min: a hypertensive reading raises alerts on the screen (and the prescriber's, live)
      await advance(10);
      await recordVitals({ systolic: 186, diastolic: 112, heartRate: 92, spo2: 97, respiratoryRate: 16 });
      await observations.getByText(/alerts? (was|were) raised/).waitFor();
      const alertButtons = page.getByRole('button', { name: /^Acknowledge alert:/ });
      await alertButtons.first().waitFor();
      await rx
        .getByRole('region', { name: 'Monitoring alerts' })
        .getByText(/mmHg|systolic|diastolic/i)
        .first()
        .waitFor();
      await shot(page, '05-hypertension-alert');
      // The nurse acknowledges each with the action taken
      while ((await alertButtons.count()) > 0) {
        await alertButtons.first().click();
        const dialog = page.getByRole('dialog', { name: 'Acknowledge monitoring alert' });
        await dialog.getByLabel('Action taken').fill('Prescriber informed; rate reduced; BP rechecked in 5 minutes.');
        await dialog.getByRole('button', { name: 'Acknowledge alert', exact: true }).click();
        await dialog.waitFor({ state: 'detached' });
      }
      await page.getByText(/Alert acknowledged:/).waitFor();
      await page
        .getByRole('region', { name: 'Monitoring alerts' })
        .getByText(/Prescriber informed; rate reduced/)
        .first()
        .waitFor();

      // The rate is reduced, and the recheck is better
      const rate = page.getByLabel('New rate');
      await rate.fill('0.5');
      await page.getByRole('button', { name: 'Change rate' }).click();
      const administration = page.getByRole('table', { name: 'Administration record' });
      await administration.getByText('0.5 mg/min').waitFor();
      await page.getByRole('button', { name: 'Pause infusion' }).click();
      await page.getByText('Say why the infusion is paused.').waitFor();
      await page.getByLabel('Pause reason').fill('Patient asked for a short break');
      await page.getByRole('button', { name: 'Pause infusion' }).click();
      await administration.getByText('reason: Patient asked for a short break').waitFor();
      await page.getByRole('button', { name: 'Resume infusion' }).click();
      await administration.getByText('Resumed').waitFor();
      await advance(5);
      await recordVitals({ systolic: 146, diastolic: 90, heartRate: 84, spo2: 98, respiratoryRate: 15 });
      // A transcription error is corrected: the original stays, struck through, with the reason
      const recheck = timeline.getByRole('row').filter({ hasText: 'BP 146/90' });
      await recheck.getByRole('button', { name: /^Correct / }).click();
      const correction = page.getByRole('dialog');
      await correction.getByLabel('Systolic BP').fill('144');
      await correction.getByLabel('Reason for the correction').fill('Transcription error: the monitor read 144');
      await correction.getByRole('button', { name: 'Save correction' }).click();
      await correction.waitFor({ state: 'detached' });
      await recheck.locator('s', { hasText: 'BP 146/90' }).waitFor();
      await recheck.getByText(/Corrected to: BP 144\/90.*reason: Transcription error: the monitor read 144/).waitFor();

      // Nausea, treated with ondansetron: an adverse event with its intervention
      await observations
        .locator('label')
        .filter({ hasText: /^Nausea$/ })
        .click();
      await chooseOption(page, observations.getByRole('combobox', { name: 'Nausea', exact: true }), 'moderate');
      await observations.getByRole('button', { name: 'Record nausea' }).click();
      await timeline.getByText('Nausea: moderate').waitFor();
      await page.getByRole('button', { name: 'Record adverse event' }).click();
      const ae = page.getByRole('dialog', { name: 'Record an adverse event' });
      await chooseOption(page, ae.getByRole('combobox', { name: 'Type', exact: true }), 'Nausea / vomiting');
      await ae.getByLabel('Description').fill('Nausea 25 min into the infusion; no vomiting.');
      await ae.getByRole('button', { name: 'Add intervention' }).click();
      await chooseOption(page, ae.getByRole('combobox', { name: 'Intervention 1', exact: true }), 'Ondansetron');
      await ae.getByLabel('Intervention 1 dose').fill('4 mg');
      await chooseOption(page, ae.getByRole('combobox', { name: 'Intervention 1 route', exact: true }), 'IV');
      await chooseOption(page, ae.getByRole('combobox', { name: 'Outcome', exact: true }), 'resolved');
      await shot(page, '06-adverse-event-form');
      await ae.getByRole('button', { name: 'Save adverse event' }).click();
      await ae.waitFor({ state: 'detached' });
      const events = page.getByRole('list', { name: 'Adverse events' });
      await events.getByText(/Nausea \/ vomiting: mild/).waitFor();
      await events.getByText(/Intervention: Ondansetron 4 mg IV at \d\d:\d\d/).waitFor();

      // The infusion ends; discharge is blocked and says exactly why
      await advance(10);
      const why = await stopInfusionAndReadDischargeBlocks(page);
      await why.getByText(/discharge needs a rating taken after dosing|No MOAA\/S is recorded/).waitFor();
      expect(await page.getByRole('button', { name: 'Discharge patient' }).isDisabled()).toBe(true);
      await shot(page, '07-discharge-blocked');

      // 30 minutes later: the fourth vital signs and MOAA/S 5; discharge is allowed
      await advance(30);
      await recordVitals({ systolic: 126, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 });
      await observations
        .locator('label')
        .filter({ hasText: /^MOAA\/S$/ })
        .click();
      await chooseOption(page, observations.getByRole('combobox', { name: 'MOAA/S rating', exact: true }), /^5:/);
      await observations.getByRole('button', { name: 'Record MOAA/S' }).click();
      await timeline.getByText('MOAA/S 5').waitFor();
      // and the dissociation scale, CADSS-6 (six items rated 0-4)
      await observations
        .locator('label')
        .filter({ hasText: /^CADSS-6$/ })
        .click();
      for (const [item, rating] of [
        [1, 1],
        [2, 0],
        [3, 1],
        [4, 0],
        [5, 0],
        [6, 0],
      ] as const) {
        await chooseOption(
          page,
          observations.getByRole('combobox', { name: new RegExp(`^CADSS-6 item ${item}:`) }),
          new RegExp(`^${rating}: `),
        );
      }
      await observations.getByRole('button', { name: 'Record CADSS-6' }).click();
      await timeline.getByText('CADSS-6 total 2').waitFor();
      await page.getByText('Discharge criteria met').waitFor();
      expect(await timeline.getByText(/^BP \d+\/\d+/).count()).toBe(4);
      await shot(page, '08-discharge-allowed');
      await page.getByRole('button', { name: 'Discharge patient' }).click();
      const confirmDischarge = page.getByRole('dialog', { name: 'Discharge this patient?' });
      await confirmDischarge.getByText(/clinically stable, ride home present/).waitFor();
      await confirmDischarge.getByRole('button', { name: 'Discharge', exact: true }).click();
      await page.getByText(/Discharged at \d\d:\d\d by /).waitFor();
      await page
        .getByRole('region', { name: 'Checks due' })
        .getByText(/no further checks are due/)
        .waitFor();

      // The note composed from the record is edited (a saved draft version), signed and locked; a later change is an addendum
      const note = page.getByLabel('Note text');
      await expect(note.inputValue()).resolves.toMatch(/Ondansetron|ondansetron/);
      await note.fill(`${await note.inputValue()}\n\nPlan: next infusion as booked; call if nausea recurs.`);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft saved.').waitFor();
      await page.getByText('Draft version 1').waitFor();
      await page.getByRole('button', { name: 'Sign note' }).click();
      const confirmNote = page.getByRole('dialog', { name: 'Sign this session note?' });
      await confirmNote.getByText(/corrections are addenda/).waitFor();
      await confirmNote.getByRole('button', { name: 'Sign note' }).click();
      await page.getByText('Signed and locked').waitFor();
      await page.getByText('Note signed; later changes are addenda.').waitFor();
      await page
        .getByRole('region', { name: 'Signed note' })
        .getByText(/Plan: next infusion as booked/)
        .waitFor();
      await expect(page.getByLabel('Note text').count()).resolves.toBe(0);
      await page
        .getByRole('textbox', { name: 'Addendum', exact: true })
        .fill('Patient phoned at home: no further nausea.');
      await page.getByRole('button', { name: 'Add addendum' }).click();
      await page
        .getByRole('region', { name: /^Addendum / })
        .getByText('Patient phoned at home: no further nausea.')
        .waitFor();
      await rx.getByText('Signed and locked').waitFor();
      await shot(page, '09-discharged-note-signed');

      const record = (await (await nurse.context.request.get(`/api/sessions/${chair.sessionId}/treatment`)).json()) as {
        phase: { phase: string };
        alerts: Array<{ acknowledgement: unknown }>;
        adverseEvents: Array<{ interventions: Array<{ code: string }> }>;
      };
      expect(record.phase.phase).toBe('discharged');
      expect(record.alerts.length).toBeGreaterThan(0);
      expect(record.alerts.every((a) => a.acknowledgement !== null)).toBe(true);
      expect(record.adverseEvents[0]?.interventions.map((i) => i.code)).toEqual(['ondansetron']);

      await closeCleanly(nurse, prescriber);
    },
  );

  it('records esketamine devices five minutes apart, counting down, then starts the two-hour clock', async () => {
    const nurse = await clinic.openAs('nurse');
    const prescriber = await clinic.openAs('prescriber');
    const page = nurse.page;
    // Given the esketamine patient's next booked session (Hannah Oyelaran, session 2)
    const board = await treatmentBoard(nurse.context);
    const until = new Date(Date.parse(`${board.date}T12:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10);
    const schedule = (await (
      await nurse.context.request.get(`/api/schedule?from=${board.date}&to=${until}`)
    ).json()) as {
      sessions: Array<{
        id: string;
        modality: string;
        sessionNumber: number | null;
        status: string;
        patient: { familyName: string };
      }>;
    };
    const next = schedule.sessions.find(
      (x) =>
        x.patient.familyName === 'Oyelaran' &&
        x.modality === 'esketamine-nasal' &&
        x.sessionNumber === 2 &&
        x.status === 'scheduled',
    );
    if (!next) throw new Error('the demo esketamine patient has no second session booked');
    await page.goto(`/sessions/${next.id}/treatment`);
    await pageHeading(page).filter({ hasText: 'Treatment: Hannah Oyelaran' }).waitFor();

    // When she is checked in (fasting, ride home, vital signs) and the prescriber acknowledges the warnings
    const checkIn = page.getByRole('form', { name: 'Check-in' });
    await checkIn.getByLabel('Identity checked (two identifiers)').check();
    for (const [label, value] of [
      ['Systolic BP', '122'],
      ['Diastolic BP', '76'],
      ['Heart rate', '70'],
      ['SpO2', '98'],
      ['Respiratory rate', '14'],
    ] as const) {
      await checkIn.getByLabel(label, { exact: true }).fill(value);
    }
    await checkIn.getByLabel('No food today').check();
    await checkIn
      .getByLabel('Last liquid')
      .fill(localInput(new Date(clock.now().getTime() - 120 * MINUTE), board.timeZone));
    await checkIn.getByLabel('Ride home: name').fill('Sam Oyelaran');
    await checkIn.getByLabel('Ride home: phone').fill('555-0142');
    await checkIn.getByLabel('Ride home confirmed').check();
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    await checkIn.getByText('Check-in saved').waitFor();
    const rx = prescriber.page;
    await rx.goto(`/sessions/${next.id}/treatment`);
    await pageHeading(rx).filter({ hasText: 'Treatment: Hannah Oyelaran' }).waitFor();
    const warnings = rx.getByRole('button', { name: /^Acknowledge warning:/ });
    for (let n = 0; n < 6 && (await warnings.count()) > 0; n++) {
      await warnings.first().click();
      const dialog = rx.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('Reviewed with the patient; safe to proceed today.');
      await dialog.getByRole('button', { name: 'Acknowledge warning', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.getByText('The checklist allows dosing to start.').waitFor();

    // And the devices are prepared with their lot (verified by a second person if the clinic asks for it)
    const prepare = page.getByRole('form', { name: 'Prepare the dose' });
    // The lot comes from the stock the clinic holds in its controlled-substance ledger (issue 10 item 14)
    await prepare.getByLabel('Lot (from the controlled-substance ledger)').click();
    await page.getByRole('option', { name: /^SPR84-DEMO-B / }).click();
    await prepare.getByRole('button', { name: 'Prepare dose' }).click();
    await page.getByText(/× 28 mg nasal devices?, 5 min apart/).waitFor();
    const verify = rx.getByRole('button', { name: 'Verify prepared dose' });
    const view = (await (await nurse.context.request.get(`/api/sessions/${next.id}/treatment`)).json()) as {
      dose: { devices: number; verification: { required: boolean } };
    };
    if (view.dose.verification.required) {
      await verify.click();
      await rx
        .getByRole('dialog', { name: 'Verify this prepared dose?' })
        .getByRole('button', { name: 'Verify dose' })
        .click();
      await page.getByText(/Verified by .* at \d\d:\d\d/).waitFor();
    }
    // The plan's dose in 28 mg devices (56 mg: two; 84 mg: three)
    expect(view.dose.devices).toBeGreaterThanOrEqual(2);

    // Then device 1 is recorded, and device 2 waits for the 5-minute countdown
    await page.getByRole('button', { name: 'Record device 1 given' }).click();
    const countdown = page.getByRole('timer').filter({ hasText: 'Device 2 may be given in' });
    await countdown.filter({ hasText: /in 4:[0-5]\d/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Record device 2 given' }).isDisabled()).toBe(true);
    await shot(page, '12-esketamine-device-countdown');
    for (let device = 2; device <= view.dose.devices; device++) {
      await clock.advance(5 * MINUTE);
      await page.getByText(`Device ${device} may be given now.`).waitFor();
      await page.getByRole('button', { name: `Record device ${device} given` }).click();
      await page
        .getByRole('list', { name: 'Devices' })
        .getByText(new RegExp(`Device ${device}: given at \\d\\d:\\d\\d`))
        .waitFor();
    }
    await page.getByText(`${view.dose.devices} of ${view.dose.devices} devices given.`).waitFor();
    // The 2-hour monitoring clock runs from the last device
    await page
      .getByRole('timer')
      .filter({ hasText: /2-hour monitoring from the last device .*: (2:00:00|1:59:\d\d) remaining/ })
      .waitFor();
    await shot(page, '13-esketamine-two-hour-clock');
    await closeCleanly(nurse, prescriber);
  });

  it('lets a prescriber discharge with a documented override of the overridable reasons', async () => {
    const prescriber = await clinic.openAs('prescriber');
    const page = prescriber.page;
    // Given the demo's IV patient whose infusion is running (Diego Salazar)
    const board = await treatmentBoard(prescriber.context);
    const infusing = board.chairs.find((c) => c.modality === 'iv-ketamine' && c.phase === 'dosing');
    if (!infusing) throw new Error('the demo clinic has no IV infusion running today');
    await page.goto(`/sessions/${infusing.sessionId}/treatment`);
    await pageHeading(page).filter({ hasText: 'Treatment: Diego Salazar' }).waitFor();

    // When the infusion is stopped and the patient wants to leave at once
    await stopInfusionAndReadDischargeBlocks(page);
    expect(await page.getByRole('button', { name: 'Discharge patient' }).isDisabled()).toBe(true);

    // Then the override needs a reason, and with one the patient is discharged, the override on record
    await page.getByRole('button', { name: 'Discharge with override' }).click();
    await page.getByText('Document why the patient may go home.').waitFor();
    await page
      .getByLabel('Override reason (prescriber)')
      .fill('Patient insists on leaving; assessed by me, stable, escorted home by her partner.');
    await page.getByRole('button', { name: 'Discharge with override' }).click();
    const confirmOverride = page.getByRole('dialog', { name: 'Discharge despite the criteria?' });
    await confirmOverride.getByText(/Override reason: “Patient insists on leaving/).waitFor();
    await confirmOverride.getByRole('button', { name: 'Discharge with override' }).click();
    await page.getByText(/Discharged at \d\d:\d\d by /).waitFor();
    await page.getByText(/Criteria overridden by .*: Patient insists on leaving/).waitFor();
    await shot(page, '10-discharge-override');

    // The screen fits a phone: nothing wider than the screen but the scrollable tables
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByText(/Criteria overridden by/).waitFor();
    // (polled: the shell's navigation collapses with a transition after the resize)
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'), { timeout: 5_000 })
      .toBeLessThanOrEqual(390);
    await shot(page, '11-phone');

    const record = (await (
      await prescriber.context.request.get(`/api/sessions/${infusing.sessionId}/treatment`)
    ).json()) as { discharge: { overridden: boolean } | null };
    expect(record.discharge?.overridden).toBe(true);
    expect(prescriber.problems).toEqual([]);
    await prescriber.context.close();
  });
});
