/**
 * The clinic board is live: two staff members have it open; a vital sign recorded by one shows on both boards
 * (a hypertensive reading raises an alert) without anyone reloading. Screenshots: test-results/clinic-board/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots, type BrowserSession } from './support/browser.js';
import { mainNavigation, pageHeading, postAsWebApp, treatmentBoard } from './support/pages.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('clinic-board');

async function openBoard(session: BrowserSession): Promise<void> {
  await mainNavigation(session.page).getByRole('link', { name: 'Clinic board' }).click();
  await pageHeading(session.page).filter({ hasText: 'Clinic board' }).waitFor();
  await session.page.getByRole('status').filter({ hasText: 'Live: updates appear as they happen' }).waitFor();
}

function rowOf(page: Page, sessionId: string) {
  return page.locator(`tr[data-session-id="${sessionId}"]`);
}

describe('the clinic board', () => {
  const clinic = clinicInBrowser();

  it("shows a vital sign recorded by one staff member on another's open board, live", async () => {
    const nurse = await clinic.openAs('nurse');
    const prescriber = await clinic.openAs('prescriber');

    // Given both have the board open, connected to the live channel
    await openBoard(nurse);
    await openBoard(prescriber);
    const board = await treatmentBoard(nurse.context);
    const chair = board.chairs.find((c) => c.phase === 'pre-dose' && c.openAlerts.length === 0);
    if (!chair)
      throw new Error(
        `the demo clinic has no pre-dose session today: ${JSON.stringify(board.chairs.map((c) => c.phase))}`,
      );
    const prescribersRow = rowOf(prescriber.page, chair.sessionId);
    await prescribersRow.getByRole('cell', { name: 'None' }).waitFor();
    // A marker that a reload would erase: the board must change in place.
    await prescriber.page.evaluate('window.boardMarker = 1');
    await shot(prescriber.page, '01-board-before');

    // When the nurse checks the patient in (if the demo has not), the prescriber's board says so
    if (!chair.isCheckedIn) {
      await prescribersRow.getByText('Not checked in').waitFor();
      const checkedIn = await postAsWebApp(nurse.context, `/api/sessions/${chair.sessionId}/check-in`, {
        identityChecked: true,
      });
      expect(checkedIn.status, checkedIn.body).toBe(200);
      await prescribersRow.getByText('Checked in', { exact: true }).waitFor({ timeout: 5_000 });
      await shot(prescriber.page, '01b-board-after-check-in');
    }

    // When the nurse records a hypertensive reading for that chair
    const started = performance.now();
    const written = await postAsWebApp(nurse.context, `/api/sessions/${chair.sessionId}/observations`, {
      kind: 'vitals',
      vitals: { systolic: 192, diastolic: 112, heartRate: 88, spo2: 97, respiratoryRate: 14 },
    });
    expect(written.status, written.body).toBe(201);

    // Then the prescriber's board shows the open alert, without a reload, and so does the nurse's
    await prescribersRow.getByRole('cell', { name: 'None' }).waitFor({ state: 'detached', timeout: 5_000 });
    const shownAfterMs = performance.now() - started;
    await rowOf(nurse.page, chair.sessionId)
      .getByRole('cell', { name: 'None' })
      .waitFor({ state: 'detached', timeout: 5_000 });
    expect(await prescriber.page.evaluate('window.boardMarker')).toBe(1);
    console.log(`[clinic-board] vital sign written -> alert on the other browser's board: ${shownAfterMs} ms`);
    await shot(prescriber.page, '02-board-after-alert');
    await shot(nurse.page, '03-nurse-board-after-alert');

    expect(nurse.problems).toEqual([]);
    expect(prescriber.problems).toEqual([]);
    await nurse.context.close();
    await prescriber.context.close();
  });
});
