/**
 * Measurement-based care, end to end: a therapist sends a PHQ-9 link; the patient answers on a phone with item 9
 * above 0 and sees the crisis resources first; the nurse finds the suicide-risk alert at the top of the page,
 * acknowledges it with a note, and sees the new score on the patient's chart.
 * Screenshots: test-results/measurement-based-care/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('measurement-based-care');
const PHONE = { width: 390, height: 844 };

/** The page's full scroll width in CSS pixels (wider than the viewport means sideways scrolling). */
const pageWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));

async function openPatient(page: Page, familyName: string, listName: string, fullName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('searchbox', { name: 'Search patients' }).fill(familyName);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: listName }).click();
  await pageHeading(page).filter({ hasText: fullName }).waitFor();
}

describe('measurement-based care: home questionnaire, crisis screen and suicide-risk alert', () => {
  const clinic = clinicInBrowser();

  it('sends a PHQ-9 link, shows the patient crisis resources first, and the nurse acknowledges the alert', async () => {
    // Given a therapist on the record of a demo patient with a PHQ-9 history (latest score 6, in remission)
    const staff = await clinic.open();
    await signInToClinic(staff.page, demoEmail('therapist'), DEMO_PASSWORD);
    await openPatient(staff.page, 'Raman', 'Raman, Priya', 'Priya Raman');
    const measures = staff.page.getByRole('region', { name: 'Measures and outcomes' });
    await measures.getByTestId('trajectory-summary-phq-9').filter({ hasText: 'Latest PHQ-9 score 6 ' }).waitFor();
    await measures.getByRole('img', { name: /PHQ-9 scores over time/ }).waitFor();
    expect(await staff.page.getByRole('region', { name: 'Open suicide-risk alerts' }).count()).toBe(0);
    await shot(staff.page, '01-therapist-patient-chart');

    // When she sends a PHQ-9 questionnaire link
    await measures.getByRole('button', { name: 'Send questionnaire link' }).click();
    await measures.getByRole('button', { name: 'Create link' }).click();
    await measures.getByText('Choose at least one questionnaire.').waitFor();
    await measures.getByRole('checkbox', { name: 'PHQ-9: Patient Health Questionnaire-9' }).check();
    // Clinician-rated scales cannot be sent to a patient
    expect(await measures.getByRole('checkbox', { name: /MADRS/ }).count()).toBe(0);
    await measures.getByRole('button', { name: 'Create link' }).click();

    // Then the link is shown once, to copy, with its expiry
    await measures.getByText('Questionnaire link created').waitFor();
    const url = await measures.getByRole('textbox', { name: 'Questionnaire link' }).inputValue();
    expect(url).toMatch(
      new RegExp(`^${clinic.server.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/q/[A-Za-z0-9_-]{20,}$`),
    );
    await measures.getByText(/^Expires /).waitFor();
    await shot(staff.page, '02-link-created');
    await measures.getByRole('button', { name: 'Done' }).click();
    await measures
      .getByRole('table', { name: 'Questionnaire links' })
      .getByRole('row')
      .filter({ hasText: 'PHQ-9' })
      .filter({ hasText: 'open' })
      .waitFor();

    // When the patient opens the link on a phone
    const phone = await clinic.open(PHONE);
    await phone.page.goto(url);
    await pageHeading(phone.page).filter({ hasText: 'PHQ-9 questionnaire' }).waitFor();
    await phone.page
      .getByText(/Pfizer/)
      .first()
      .waitFor();
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.width);
    // The answer targets are large enough for a finger (at least 44 px high)
    const firstChoice = await phone.page.getByRole('radio').first().boundingBox();
    expect(firstChoice?.height ?? 0).toBeGreaterThanOrEqual(44);
    await shot(phone.page, '03-patient-questionnaire');

    // Sending without answers says what is missing
    await phone.page.getByRole('button', { name: 'Send my answers' }).click();
    await phone.page.getByRole('alert').filter({ hasText: 'Some questions are not answered' }).waitFor();
    expect(await phone.page.getByText('Please choose an answer.').count()).toBe(9);

    // And she answers every item: "More than half the days" to items 1-8, "Several days" to item 9 (total 17)
    const groups = phone.page.getByRole('radiogroup');
    expect(await groups.count()).toBe(9);
    for (let i = 0; i < 8; i += 1) await groups.nth(i).getByRole('radio').nth(2).click();
    await groups.nth(8).getByRole('radio').nth(1).click();
    await expect.poll(() => phone.page.getByText('Please choose an answer.').count()).toBe(0);
    await shot(phone.page, '04-patient-answered');
    await phone.page.getByRole('button', { name: 'Send my answers' }).click();

    // Then the crisis screen comes first, with the clinic's crisis line (988 by default), before any thank-you
    await pageHeading(phone.page).filter({ hasText: 'Please get support now' }).waitFor();
    await phone.page.getByText('988 Suicide & Crisis Lifeline').waitFor();
    expect(await phone.page.getByRole('link', { name: 'Call 988' }).getAttribute('href')).toBe('tel:988');
    expect(await phone.page.getByText('Thank you').count()).toBe(0);
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone.page, '05-crisis-screen');
    await phone.page.getByRole('button', { name: 'I have read this' }).click();
    await pageHeading(phone.page).filter({ hasText: 'Thank you' }).waitFor();
    await shot(phone.page, '06-thank-you');

    // And the link cannot be used twice
    await phone.page.reload();
    await pageHeading(phone.page).filter({ hasText: 'Already completed' }).waitFor();
    await phone.page.getByText('These questionnaires have already been completed.').waitFor();
    await shot(phone.page, '07-link-used');

    // An expired link says so plainly too (this one is made to expire in the database, as the clock would)
    const csrf = ((await (await staff.context.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const patientId = new URL(staff.page.url()).pathname.split('/').at(-1) ?? '';
    const second = await staff.context.request.post(`/api/patients/${patientId}/measure-links`, {
      headers: { 'x-csrf-token': csrf },
      data: { instruments: ['gad-7'], context: 'follow-up' },
    });
    expect(second.status()).toBe(201);
    const expiring = (await second.json()) as { id: string; path: string };
    await clinic.server.server.database.db
      .updateTable('measureLink')
      .set({ expiresAt: new Date(clinic.server.clock.now().getTime() - 60_000) })
      .where('id', '=', expiring.id)
      .execute();
    await phone.page.goto(expiring.path);
    await pageHeading(phone.page).filter({ hasText: 'This link has expired' }).waitFor();
    await phone.page.getByText('Please ask your clinic for a new one.').waitFor();
    await shot(phone.page, '07b-link-expired');

    // The therapist sees the alert at the top of her page too, but acknowledging is for prescribers and nurses
    await staff.page.reload();
    const therapistBanner = staff.page.getByRole('region', { name: 'Open suicide-risk alerts' });
    await therapistBanner.getByRole('link', { name: 'Priya Raman' }).waitFor();
    expect(await therapistBanner.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);

    // When the nurse signs in, the alert is at the top of the page, above the page's heading
    const nurse = await clinic.open();
    await signInToClinic(nurse.page, demoEmail('nurse'), DEMO_PASSWORD);
    const banner = nurse.page.getByRole('region', { name: 'Open suicide-risk alerts' });
    const alertRow = banner.getByRole('listitem', { name: 'Alert for Priya Raman' });
    await alertRow.waitFor();
    await alertRow.getByText(/from home questionnaire/).waitFor();
    await alertRow.getByText('moderate risk', { exact: true }).waitFor();
    const bannerBox = await banner.boundingBox();
    const headingBox = await pageHeading(nurse.page).boundingBox();
    expect(bannerBox && headingBox && bannerBox.y < headingBox.y).toBe(true);
    await shot(nurse.page, '08-nurse-sees-alert');

    // And she acknowledges it: the dialog asks for the action taken and a note
    await alertRow.getByRole('button', { name: 'Acknowledge the alert for Priya Raman' }).click();
    const dialog = nurse.page.getByRole('dialog', { name: 'Acknowledge the alert for Priya Raman' });
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
    await dialog.getByText('Choose at least one action you took.').waitFor();
    await dialog.getByText('Write a note of what you did (at least 3 characters).').waitFor();
    await dialog.getByRole('checkbox', { name: 'Called the patient' }).check();
    await dialog.getByRole('checkbox', { name: 'Safety plan reviewed' }).check();
    await dialog
      .getByRole('textbox', { name: 'Note' })
      .fill('Called Priya: safe at home with her partner, safety plan reviewed, seen tomorrow.');
    await expect.poll(() => dialog.getByText('Choose at least one action you took.').count()).toBe(0);
    await expect.poll(() => dialog.getByText(/Write a note of what you did/).count()).toBe(0);
    await shot(nurse.page, '09-acknowledge-dialog');
    await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();

    // Then the alert leaves the banner
    await dialog.waitFor({ state: 'hidden' });
    await banner.waitFor({ state: 'detached' });
    await nurse.page.getByText('Alert for Priya Raman acknowledged.').waitFor({ state: 'attached' });
    await shot(nurse.page, '10-alert-acknowledged');

    // And the patient's chart shows the new score, from the home questionnaire
    await openPatient(nurse.page, 'Raman', 'Raman, Priya', 'Priya Raman');
    const chart = nurse.page.getByRole('region', { name: 'Measures and outcomes' });
    await chart
      .getByTestId('trajectory-summary-phq-9')
      .filter({ hasText: 'Latest PHQ-9 score 17 (moderately severe)' })
      .waitFor();
    await chart.getByText('PHQ-9 scores as a table').click();
    await chart
      .getByRole('table', { name: 'PHQ-9 scores' })
      .getByRole('row')
      .nth(1)
      .filter({ hasText: '17' })
      .filter({ hasText: 'Moderately severe' })
      .waitFor();
    await chart
      .getByRole('table', { name: 'Questionnaire links' })
      .getByRole('row')
      .filter({ hasText: 'used' })
      .waitFor();
    const fullPage = await shot(nurse.page, '11-chart-with-new-score');
    await chart
      .getByRole('img', { name: 'PHQ-9 scores over time' })
      .screenshot({ path: fullPage.replace('11-chart-with-new-score', '11b-phq-9-chart') });

    // The server agrees: no open alert is left, and the acknowledgement kept the note
    const alerts = (await (await nurse.context.request.get('/api/alerts?status=all')).json()) as {
      items: Array<{
        patient: { name: string };
        acknowledgedAt: string | null;
        acknowledgementNote: string | null;
        actions: string[];
      }>;
    };
    const priya = alerts.items.filter((a) => a.patient.name === 'Priya Raman');
    expect(priya).toHaveLength(1);
    expect(priya[0]?.acknowledgedAt).not.toBeNull();
    expect(priya[0]?.acknowledgementNote).toContain('safety plan reviewed');
    expect(priya[0]?.actions).toEqual(['called-patient', 'safety-plan-reviewed']);

    expect(staff.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    expect(nurse.problems).toEqual([]);
    await Promise.all([staff.context.close(), phone.context.close(), nurse.context.close()]);
  });

  it('shows the clinic outcomes page, and saves a safety plan as a new version', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('nurse'), DEMO_PASSWORD);

    // The Outcomes page: share in response and remission per instrument, due measures, latest scores
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outcomes' }).click();
    await pageHeading(page).filter({ hasText: 'Outcomes' }).waitFor();
    const phq9 = page.getByRole('article', { name: 'PHQ-9 outcomes' });
    await phq9.getByText('In response').waitFor();
    await phq9.getByText('In remission').waitFor();
    await page.getByRole('heading', { name: /Due and overdue measures/ }).waitFor();
    await page.getByRole('heading', { name: 'Latest scores' }).waitFor();
    await shot(page, '12-outcomes-page');

    // A nurse records a PHQ-9 in clinic: every item must be answered first
    await openPatient(page, 'Brennan', 'Brennan, Elliot', 'Elliot Brennan');
    const measures = page.getByRole('region', { name: 'Measures and outcomes' });
    await measures.getByRole('button', { name: 'Record a completed instrument' }).click();
    const form = measures.getByRole('form', { name: 'Record a completed instrument' });
    await form.getByLabel('Instrument').selectOption('phq-9');
    await form.getByLabel('Context').selectOption('pre-session');
    await form.getByText(/Pfizer/).waitFor();
    await form.getByRole('button', { name: 'Record measure' }).click();
    await form.getByRole('alert').filter({ hasText: 'Some items are not answered' }).waitFor();
    expect(await form.getByText('Answer this item.').count()).toBe(9);
    const items = form.getByRole('radiogroup');
    expect(await items.count()).toBe(9);
    // "Several days" to items 1-8, "More than half the days" to item 9: total 10, a high-severity alert
    for (let i = 0; i < 8; i += 1) await items.nth(i).getByRole('radio').nth(1).check();
    await items.nth(8).getByRole('radio').nth(2).check();
    await form.getByRole('button', { name: 'Record measure' }).click();
    await measures.getByText('PHQ-9 recorded').waitFor();
    await measures.getByText(/Total 10, moderate\..*A high suicide-risk alert was raised/).waitFor();

    // The banner picks up the new alert at once (the form refreshes it), marked high risk
    const banner = page.getByRole('region', { name: 'Open suicide-risk alerts' });
    const alertRow = banner.getByRole('listitem', { name: 'Alert for Elliot Brennan' });
    await alertRow.getByText('high risk', { exact: true }).waitFor();
    expect(await alertRow.getByText(/^Escalated/).count()).toBe(0);
    await measures
      .getByTestId('trajectory-summary-phq-9')
      .filter({ hasText: 'Latest PHQ-9 score 10 (moderate)' })
      .waitFor();

    // Given that nobody acknowledged it in time and it was escalated (set here directly, as the escalation job
    // would after the clinic's escalation time), the banner marks it escalated on its next poll
    await clinic.server.server.database.db
      .updateTable('safetyAlert')
      .set({ escalatedAt: clinic.server.clock.now() })
      .where('acknowledgedAt', 'is', null)
      .execute();
    await alertRow.getByText(/^Escalated/).waitFor({ timeout: 20_000 });
    await shot(page, '13-escalated-alert');

    // A nurse writes a safety plan for a patient who has none
    const plan = page.getByRole('region', { name: 'Safety plan' });
    await plan.getByText('No plan yet').waitFor();
    await plan.getByRole('button', { name: 'Write safety plan' }).click();
    // A final plan needs every step: the server's refusal is shown beside the empty steps
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.getByRole('alert').filter({ hasText: 'Needs at least one entry in a final plan.' }).first().waitFor();
    await plan.getByRole('textbox', { name: 'Warning signs 1' }).fill('Not sleeping, withdrawing from friends');
    await plan.getByRole('textbox', { name: 'Internal coping strategies 1' }).fill('Walk the dog');
    await plan
      .getByRole('textbox', { name: 'People and social settings that provide distraction: name 1' })
      .fill('Coffee shop on Main St');
    await plan.getByRole('textbox', { name: 'People I can ask for help: name 1' }).fill('Sister, Jo');
    await plan.getByRole('textbox', { name: 'People I can ask for help: phone 1' }).fill('555 0142');
    await plan
      .getByRole('textbox', { name: 'Professionals or agencies to contact during a crisis: name 1' })
      .fill('988 Suicide & Crisis Lifeline');
    await plan
      .getByRole('textbox', { name: 'Professionals or agencies to contact during a crisis: phone 1' })
      .fill('988');
    await plan.getByRole('textbox', { name: 'Making the environment safe 1' }).fill('Medicines kept by his sister');
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.getByText('Safety plan saved').waitFor();
    await plan.getByText('Version 1', { exact: true }).waitFor();
    await plan.getByText('1 version in its history').waitFor();
    await plan.getByText('Sister, Jo, 555 0142').waitFor();

    // Editing saves version 2 and keeps version 1 in the history
    await plan.getByRole('button', { name: 'Edit safety plan' }).click();
    await plan.getByRole('button', { name: 'Add an entry' }).first().click();
    await plan.getByRole('textbox', { name: 'Warning signs 2' }).fill('Skipping meals');
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.getByText('This is now version 2').waitFor();
    await plan.getByText('2 versions in its history').waitFor();
    await plan.getByText('Skipping meals').waitFor();
    await shot(page, '14-safety-plan');

    expect(problems).toEqual([]);
    await context.close();
  });
});
