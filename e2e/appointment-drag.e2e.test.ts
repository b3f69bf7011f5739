/**
 * Drag to reschedule (issue 14): on the week calendar the front desk drags a consultation to another day; the move is
 * confirmed first (what moves, from when to when), then made with the reschedule API. Dragging it onto a day where
 * the clinician is already booked at that time is refused by the database's no-double-booking rule (409): the page
 * says why and the consultation stays where it was. The card's "Reschedule" dialog stays for keyboard users.
 * Screenshots: test-results/appointment-drag/.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('appointment-drag');

/** A mouse drag as a person makes it: press on the card, move over the target in steps, release. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 10);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 20, a.y + 20, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

describe('dragging an appointment to another day', () => {
  // The clock starts on Tuesday 3 November 2026, 10:00 in the demo clinic (e2e/support/server.ts).
  const clinic = clinicInBrowser();

  it('asks first, moves it, and keeps it in place when the clinician is already booked there', async () => {
    const { page, context, problems } = await clinic.open({ width: 1400, height: 900 });
    await signInToClinic(page, demoEmail('front_desk'), DEMO_PASSWORD);

    // Given two consultations with Dr Priya Prescriber at 14:00: Diego Salazar on Thursday, Marcus Okafor on Friday
    const get = async <T>(url: string): Promise<T> => (await (await page.request.get(url)).json()) as T;
    const csrf = (await get<{ csrfToken: string }>('/api/auth/me')).csrfToken;
    const calendar = await get<{
      staff: Array<{ id: string; displayName: string }>;
      rooms: Array<{ id: string; name: string }>;
      types: Array<{ id: string; name: string }>;
    }>('/api/appointments?from=2026-11-02&to=2026-11-08');
    const prescriber = calendar.staff.find((s) => s.displayName === 'Dr Priya Prescriber')!.id;
    const consultation = calendar.types.find((t) => t.name === 'Consultation')!.id;
    const patient = async (name: string) =>
      (await get<{ items: Array<{ id: string }> }>(`/api/patients?q=${name}`)).items[0]!.id;
    for (const [name, day, room] of [
      ['Salazar', '05', 0],
      ['Okafor', '06', 1],
    ] as const) {
      const response = await page.request.post('/api/appointments', {
        headers: { 'x-csrf-token': csrf },
        data: {
          patientId: await patient(name),
          typeId: consultation,
          staffId: prescriber,
          roomId: calendar.rooms[room]!.id,
          start: `2026-11-${day}T14:00`,
        },
      });
      expect(response.status()).toBe(201);
    }
    await page.goto('/schedule');
    await pageHeading(page).filter({ hasText: 'Schedule' }).waitFor();
    const card = page.getByRole('article', { name: '14:00 Consultation: Salazar, Diego' });
    const cell = (date: string) => page.locator(`td[data-cell="Dr Priya Prescriber|${date}"]`);
    await cell('2026-11-05').getByRole('article', { name: '14:00 Consultation: Salazar, Diego' }).waitFor();

    // When the front desk drags Diego's consultation to Wednesday
    await drag(page, card, cell('2026-11-04'));

    // Then the move is confirmed first, saying from when to when
    const confirm = page.getByRole('dialog', { name: 'Move this appointment?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      'Consultation for Diego Salazar: from 5 Nov 2026, 14:00 with Dr Priya Prescriber to 4 Nov 2026, 14:00 with Dr Priya Prescriber',
    );
    await shot(page, '01-confirm-move');
    await confirm.getByRole('button', { name: 'Move appointment' }).click();

    // And the consultation is now on Wednesday
    await cell('2026-11-04').getByRole('article', { name: '14:00 Consultation: Salazar, Diego' }).waitFor();
    expect(
      await cell('2026-11-05')
        .getByRole('article', { name: /Salazar/ })
        .count(),
    ).toBe(0);
    await shot(page, '02-moved');

    // When it is dragged onto Friday, where the prescriber already sees Marcus Okafor at 14:00, and confirmed
    await drag(page, card, cell('2026-11-06'));
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Move appointment' }).click();

    // Then the clash is shown, naming who is booked, and the consultation stays on Wednesday
    const refusal = page.getByRole('alert').filter({ hasText: 'The appointment was not moved' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Dr Priya Prescriber is already booked 14:00-15:00 (a Consultation)');
    expect(await refusal.textContent()).toContain('It stays at 4 Nov 2026, 14:00 with Dr Priya Prescriber.');
    await cell('2026-11-04').getByRole('article', { name: '14:00 Consultation: Salazar, Diego' }).waitFor();
    expect(
      await cell('2026-11-06')
        .getByRole('article', { name: /Salazar/ })
        .count(),
    ).toBe(0);
    await shot(page, '03-clash-refused');

    // Dismissing the drag's dialog moves nothing; the keyboard's Reschedule dialog is still on the card
    await drag(page, card, cell('2026-11-05'));
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await cell('2026-11-04').getByRole('article', { name: '14:00 Consultation: Salazar, Diego' }).waitFor();
    await card.getByRole('button', { name: /^Reschedule/ }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
