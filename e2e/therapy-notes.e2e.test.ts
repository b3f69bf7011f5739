/**
 * Therapy notes (issue 14), as the demo therapist and front desk see them:
 * - a KAP integration session is booked for Diego Salazar with the therapist this morning;
 * - after the session, the therapist opens the patient's chart, writes the integration note, saves a draft and signs
 *   it through the confirmation dialog (which says what will be recorded); the note is then locked, and a correction
 *   is an addendum beside it;
 * - the front desk opens the same chart and sees no therapy notes at all.
 * Screenshots: test-results/therapy-notes/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { controllableClock, DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('therapy-notes');
const MINUTE = 60_000;

describe('therapy notes on the chart', () => {
  // The clock starts on Tuesday 3 November 2026, 10:00 in the demo clinic (e2e/support/server.ts).
  const clock = controllableClock();
  const clinic = clinicInBrowser({ clock });

  it('lets the therapist draft, sign (after confirming) and amend a note, and hides it from the front desk', async () => {
    const therapist = await clinic.open();
    const page = therapist.page;
    await signInToClinic(page, demoEmail('therapist'), DEMO_PASSWORD);
    const request = therapist.context.request;
    const csrf = ((await (await request.get('/api/auth/me')).json()) as { csrfToken?: string }).csrfToken ?? '';
    const me = ((await (await request.get('/api/auth/me')).json()) as { user: { userId: string } }).user.userId;
    const patientId = (
      (await (await request.get('/api/patients?q=Salazar')).json()) as { items: Array<{ id: string }> }
    ).items[0]!.id;
    const types = (
      (await (await request.get('/api/appointment-types')).json()) as { types: Array<{ id: string; code: string }> }
    ).types;
    const rooms = ((await (await request.get('/api/rooms')).json()) as { rooms: Array<{ id: string; name: string }> })
      .rooms;
    const booked = await request.post('/api/appointments', {
      headers: { 'x-csrf-token': csrf },
      data: {
        patientId,
        typeId: types.find((t) => t.code === 'kap-integration')!.id,
        staffId: me,
        roomId: rooms.find((r) => r.name === 'Consult room 2')!.id,
        start: '2026-11-03T10:05',
      },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    // The session begins; 10 minutes later (inside the 15-minute idle timeout) the therapist writes the note
    await clock.advance(10 * MINUTE);

    // The therapist opens the chart's therapy notes and writes the integration note
    await page.goto(`/patients/${patientId}`);
    await pageHeading(page).filter({ hasText: 'Diego Salazar' }).waitFor();
    const section = page.getByRole('region', { name: 'Therapy notes' });
    const article = section.getByRole('article', { name: /^Therapy note: KAP integration/ });
    await article.getByText('No note yet').waitFor();
    await article.getByRole('button', { name: 'Open note' }).click();
    expect(await article.getByLabel('Kind of note').inputValue()).toBe('integration');
    await article
      .getByRole('textbox', { name: 'Therapy note', exact: true })
      .fill('Integration: the patient described the session as calm and set two goals for the week.');
    await article.getByRole('button', { name: 'Save draft' }).click();
    await article.getByText('Draft saved.').waitFor();

    // Signing asks first, saying what will be recorded
    await article.getByRole('button', { name: 'Sign note' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sign this therapy note?' });
    await confirm.getByText(/^Sign the integration note for Diego Salazar, KAP integration/).waitFor();
    await confirm.getByText(/corrections are addenda/).waitFor();
    await shot(page, '01-confirm-signature');
    await confirm.getByRole('button', { name: 'Sign note' }).click();
    await article
      .getByRole('region', { name: 'Signed therapy note' })
      .getByText(/set two goals for the week/)
      .waitFor();
    expect(await article.getByRole('textbox', { name: 'Therapy note', exact: true }).count()).toBe(0);

    // A correction is an addendum beside the signed text
    await article.getByRole('textbox', { name: 'Addendum', exact: true }).fill('Addendum: three goals, not two.');
    await article.getByRole('button', { name: 'Add addendum' }).click();
    // The saved addendum as shown (a paragraph), not the text still in the box while it clears
    await article.locator('p', { hasText: 'Addendum: three goals, not two.' }).waitFor();
    await article
      .getByRole('region', { name: 'Signed therapy note' })
      .getByText(/set two goals for the week/)
      .waitFor();
    await shot(page, '02-signed-with-addendum');
    expect(therapist.problems).toEqual([]);

    // The front desk sees the chart without any therapy notes
    const desk = await clinic.open();
    await signInToClinic(desk.page, demoEmail('front_desk'), DEMO_PASSWORD);
    await desk.page.goto(`/patients/${patientId}`);
    await pageHeading(desk.page).filter({ hasText: 'Diego Salazar' }).waitFor();
    await desk.page.getByRole('navigation', { name: 'Sections of the record' }).waitFor();
    expect(await desk.page.getByRole('region', { name: 'Therapy notes' }).count()).toBe(0);
    expect(await desk.page.getByText('Therapy notes').count()).toBe(0);
    await therapist.context.close();
    await desk.context.close();
  });
});
