/**
 * Issue 10 items 1, 2 and 6 on the session screen, with the server's and the browsers' clocks moved together. The demo
 * patient in the pre-dose check (Tomasz Nowicki, IV ketamine) is opened by a nurse and a prescriber:
 * - item 6: the nurse adds the ride home minutes later; the pre-dose vital signs keep the time they were taken;
 * - item 2: a C-SSRS screener at "high" recorded today stops the session; both screens say the chair is waiting for
 *   a prescriber, and the prescriber records an evaluation of that answer on the screen;
 * - item 1: the prescriber's earlier acknowledgement of the questionnaire warning covered the answers as they were:
 *   after the new answer it shows as needing a new decision, and only a new acknowledgement lets dosing start.
 * Screenshots: test-results/treatment-day-safety/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { acknowledgeEveryWarning, chooseOption, pageHeading, postAsWebApp, treatmentBoard } from './support/pages.js';
import { controllableClock } from './support/server.js';
import { clinicInBrowser, nurseAndPrescriber } from './support/suite.js';

const shot = screenshots('treatment-day-safety');

describe('treatment-day safety on the session screen (issue 10)', () => {
  const clock = controllableClock();
  const clinic = clinicInBrowser({ clock });

  it(
    'keeps the vitals time on re-save, waits for a prescriber after a same-day "high", and asks for a new decision',
    { timeout: 180_000 },
    async () => {
      // Both browsers' clocks follow the server's (clinic.open installs it); `advance` moves all three together.
      const { nurse, prescriber, advance } = await nurseAndPrescriber(clinic, clock);
      const page = nurse.page;
      const rx = prescriber.page;

      const board = await treatmentBoard(nurse.context);
      const chair = board.chairs.find((c) => c.phase === 'pre-dose' && c.modality === 'iv-ketamine' && c.isCheckedIn);
      if (!chair) throw new Error('the demo clinic has no checked-in IV session in pre-dose today');
      const url = `/sessions/${chair.sessionId}/treatment`;
      await page.goto(url);
      await pageHeading(page).filter({ hasText: 'Treatment: Tomasz Nowicki' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Live: changes by anyone appear here' }).waitFor();

      // Item 6. Given the pre-dose vital signs taken on arrival, at the time shown
      const vitalsTime = page.getByTestId('pre-dose-vitals-time');
      const takenText = (await vitalsTime.textContent()) ?? '';
      const takenAt = /taken at (\d\d:\d\d)/.exec(takenText)?.[1];
      if (!takenAt) throw new Error(`no vitals time shown: ${takenText}`);
      const vitalsRow = page.locator('tr[data-item="pre-dose-vitals"]');
      await vitalsRow.getByText(`Pre-dose vital signs recorded at ${takenAt}.`).waitFor();

      // When, 22 minutes later, the nurse adds the ride home and saves the check-in (the vitals are sent again)
      await advance(22);
      const checkIn = page.getByRole('form', { name: 'Check-in' });
      await checkIn.getByLabel('Ride home: name').fill('Anna Nowicka');
      await checkIn.getByLabel('Ride home: phone').fill('555-0199');
      await checkIn.getByLabel('Ride home confirmed').check();
      await checkIn.getByRole('button', { name: 'Save check-in' }).click();
      await checkIn.getByText('Check-in saved').waitFor();
      await page.locator('tr[data-item="ride-home"]').getByText('Pass').waitFor();
      // Then the vital signs keep the time they were taken, on the form and in the checklist
      await vitalsTime.getByText(`taken at ${takenAt}.`, { exact: false }).waitFor();
      await vitalsRow.getByText(`Pre-dose vital signs recorded at ${takenAt}.`).waitFor();
      await shot(page, '01-vitals-keep-their-time');

      // The prescriber acknowledges the remaining warnings, as the answers stand now
      await rx.goto(url);
      await pageHeading(rx).filter({ hasText: 'Treatment: Tomasz Nowicki' }).waitFor();
      const warnings = rx.getByRole('button', { name: /^Acknowledge warning:/ });
      await warnings.first().waitFor();
      const acknowledgeAll = () => acknowledgeEveryWarning(rx, warnings);
      await acknowledgeAll();
      await page.getByText('The checklist allows dosing to start.').waitFor();

      // Item 2. When a C-SSRS screener at "high" is recorded for the patient today
      await advance(2);
      const view = (await (await nurse.context.request.get(`/api/sessions/${chair.sessionId}/treatment`)).json()) as {
        session: { patient: { id: string } };
      };
      const recorded = await postAsWebApp(nurse.context, `/api/patients/${view.session.patient.id}/measures`, {
        instrument: 'c-ssrs-screener',
        context: 'pre-session',
        answers: { 1: true, 2: true, 3: true, 4: true, 5: true, 6: false },
      });
      expect(recorded.status, recorded.body).toBe(201);
      // Then the nurse's screen follows live: it stops the session and says it waits for a prescriber
      const nurseRisk = page.getByRole('region', { name: 'Same-day suicide risk' });
      await nurseRisk.getByText('Waiting for a prescriber', { exact: true }).waitFor();
      await nurseRisk.getByText(/is waiting for a prescriber to evaluate today's suicide-risk answer/).waitFor();
      await page.getByText('The session is stopped').waitFor();
      await page.locator('tr[data-item="suicide-risk-today"]').getByText('Blocked').waitFor();
      // Item 1: the earlier acknowledgement of the questionnaires no longer covers them
      await page
        .locator('tr[data-item="questionnaires"]')
        .getByText(/Needs a new decision: the acknowledgement by .* covered an earlier reading/)
        .waitFor();
      await shot(page, '02-waiting-for-a-prescriber');
      // The board says the same
      const boardNow = await treatmentBoard(nurse.context);
      expect(boardNow.chairs.find((c) => c.sessionId === chair.sessionId)?.waitingFor?.message).toMatch(
        /waiting for a prescriber/,
      );

      // When the prescriber records an evaluation of that answer on the screen
      const rxRisk = rx.getByRole('region', { name: 'Same-day suicide risk' });
      const form = rxRisk.getByRole('form', { name: /^Evaluate suicide-risk answer/ });
      await form.waitFor();
      await shot(rx, '03-prescriber-evaluates');
      await chooseOption(
        rx,
        form.getByRole('textbox', { name: 'Decision' }).or(form.getByRole('combobox', { name: 'Decision' })),
        'Dosing may proceed today',
      );
      await form
        .getByLabel('Evaluation')
        .fill('Seen at the chair: passive thoughts, no plan or intent; safety plan reviewed; proceed.');
      await form.getByRole('button', { name: 'Record evaluation' }).click();
      // Then the block lifts on both screens, the evaluation on record
      await rxRisk.getByText(/Evaluated by .* dosing may proceed/).waitFor();
      await nurseRisk.getByText('Waiting for a prescriber', { exact: true }).waitFor({ state: 'detached' });
      await page.getByText('The session is stopped').waitFor({ state: 'detached' });
      // And the questionnaire warning needs the prescriber's new decision before dosing may start
      await expect(page.getByText('The checklist allows dosing to start.').isVisible()).resolves.toBe(false);
      await acknowledgeAll();
      await page.getByText('The checklist allows dosing to start.').waitFor();
      await page
        .locator('tr[data-item="questionnaires"]')
        .getByText(/Acknowledged by .* Reviewed with the patient/)
        .waitFor();
      await shot(page, '04-new-decision-recorded');
    },
  );
});
