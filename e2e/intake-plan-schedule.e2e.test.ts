/**
 * From intake to the chair calendar (issue 4), as the demo prescriber does it in the browser:
 * - a patient whose intake records a history of intracerebral haemorrhage evaluates `ineligible` for esketamine,
 *   with that reason and its source shown, and the decision cannot be overridden;
 * - a patient on lamotrigine needs review for IV ketamine; the prescriber goes ahead with a documented reason, and an
 *   amended intake (version 2) needs a new evaluation, the earlier decision staying on record;
 * - another patient evaluates eligible for IV ketamine, signs the consent, gets an IV ketamine induction plan that the
 *   prescriber previews, creates, signs and books, and the booked sessions appear on the week calendar, where one is
 *   moved and one cancelled (then booked again from the plan);
 * - on a phone, a nurse reads a demo patient's record (Diego Salazar, nothing changed) and the week as a list of days.
 * The patients who are changed are registered by the test. Screenshots: test-results/intake-plan-schedule/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signIn, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('intake-plan-schedule');

/** Registers a patient through the new-patient form and waits for their record. */
async function registerPatient(
  page: Page,
  givenName: string,
  familyName: string,
  dateOfBirth: string,
): Promise<string> {
  await page.goto('/patients/new');
  await pageHeading(page).filter({ hasText: 'New patient' }).waitFor();
  await page.getByLabel('Given name').fill(givenName);
  await page.getByLabel('Family name').fill(familyName);
  await page.getByLabel('Date of birth').fill(dateOfBirth);
  await page.getByLabel('Sex').selectOption('female');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await pageHeading(page)
    .filter({ hasText: `${givenName} ${familyName}` })
    .waitFor();
  return page.url();
}

function section(page: Page, title: string) {
  return page.getByRole('region', { name: title, exact: true });
}

describe('intake, eligibility, consent, plan and the week calendar', () => {
  const clinic = clinicInBrowser();

  it('refuses esketamine for a history of intracerebral haemorrhage, with the reason, its source and no override', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);

    // Given a new patient whose intake records a history of intracerebral haemorrhage
    await registerPatient(page, 'Imogen', 'Harrowgate', '1982-06-14');
    const intake = section(page, 'Intake and eligibility');
    await intake.getByText('No intake recorded yet.').waitFor();
    await intake.getByRole('button', { name: 'Record intake' }).click();
    await intake.getByLabel('Weight (kg)').fill('68');
    await intake.getByLabel('Diagnoses').fill('F33.2, Major depressive disorder, recurrent, severe');
    await intake.getByLabel('Systolic (mmHg)').fill('122');
    await intake.getByLabel('Diastolic (mmHg)').fill('76');
    await intake.getByLabel('Date taken').fill('2026-11-20');
    await intake.getByRole('checkbox', { name: 'History of intracerebral haemorrhage' }).check();
    await shot(page, '01-intake-haemorrhage');
    await intake.getByRole('button', { name: 'Save intake' }).click();
    await intake.getByText('This is now version 1 of the intake.').waitFor();
    await intake
      .getByRole('table', { name: 'Intake versions' })
      .getByRole('cell', { name: 'Dr Priya Prescriber' })
      .waitFor();

    // When the prescriber evaluates esketamine
    await intake.getByLabel('Modality').selectOption('esketamine-nasal');
    await intake.getByRole('button', { name: 'Evaluate eligibility' }).click();

    // Then it is ineligible, for that reason, with the label cited, and no override is possible
    const result = intake.getByRole('region', { name: 'Evaluation result' });
    await result.getByText('Ineligible', { exact: true }).waitFor();
    const reason = result.getByRole('listitem').filter({ hasText: 'History of intracerebral haemorrhage' });
    await reason.waitFor();
    expect(await reason.textContent()).toMatch(/absolute/);
    expect(await reason.textContent()).toMatch(/Source: \S/);
    await result.getByText(/no override is possible/).waitFor();
    await shot(page, '02-esketamine-ineligible');

    // And recording the decision keeps it, still without a way to override it
    await result.getByRole('button', { name: 'Record this decision' }).click();
    const decision = intake.getByRole('article', { name: 'Decision: Esketamine nasal spray' });
    await decision.getByText('Ineligible', { exact: true }).waitFor();
    await decision.getByText(/Cannot be overridden/).waitFor();
    await decision.getByText('Treatment may not be planned yet').waitFor();
    expect(await decision.getByRole('button', { name: /Override/ }).count()).toBe(0);
    await shot(page, '03-decision-recorded');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the prescriber go ahead against "needs review" with a documented reason, and asks again once the intake changes', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);

    // Given a patient on lamotrigine, which may blunt the response to ketamine
    await registerPatient(page, 'Odile', 'Penhaligon', '1979-09-23');
    const intake = section(page, 'Intake and eligibility');
    await intake.getByRole('button', { name: 'Record intake' }).click();
    await intake.getByLabel('Weight (kg)').fill('64');
    await intake.getByLabel('Diagnoses').fill('F33.2, Major depressive disorder, recurrent, severe');
    await intake.getByLabel('Systolic (mmHg)').fill('116');
    await intake.getByLabel('Diastolic (mmHg)').fill('72');
    await intake.getByLabel('Date taken').fill('2026-11-20');
    await intake.getByLabel('Current medicines').fill('lamotrigine, 100 mg daily');
    await intake.getByRole('button', { name: 'Save intake' }).click();
    await intake.getByText('This is now version 1 of the intake.').waitFor();

    // When IV ketamine is evaluated and the decision recorded, it needs review and cannot be planned yet
    await intake.getByLabel('Modality').selectOption('iv-ketamine');
    await intake.getByRole('button', { name: 'Evaluate eligibility' }).click();
    const result = intake.getByRole('region', { name: 'Evaluation result' });
    await result.getByText('Needs review', { exact: true }).waitFor();
    await result
      .getByRole('listitem')
      .filter({ hasText: /lamotrigine/i })
      .first()
      .waitFor();
    await result.getByRole('button', { name: 'Record this decision' }).click();
    const decision = intake.getByRole('article', { name: 'Decision: IV ketamine (mood)' });
    await decision.getByText('Treatment may not be planned yet').waitFor();

    // Then a too-short reason is refused beside the field, and a documented one lets treatment be planned
    await decision.getByRole('button', { name: 'Override with this reason' }).click();
    await decision.getByText('Give the reason in at least 10 characters.').waitFor();
    await decision
      .getByLabel('Reason for going ahead (IV ketamine (mood))')
      .fill('Lamotrigine continues for mood stability; the patient knows the response may be blunted.');
    await decision.getByRole('button', { name: 'Override with this reason' }).click();
    await decision.getByText('Treatment may be planned', { exact: true }).waitFor();
    await decision.getByText(/Overridden by Dr Priya Prescriber/).waitFor();
    await shot(page, '03b-review-overridden');

    // When the intake is amended, it becomes version 2 and the decision made on version 1 must be evaluated again
    await intake.getByRole('button', { name: 'Edit intake' }).click();
    expect(await intake.getByLabel('Current medicines').inputValue()).toBe('lamotrigine, 100 mg daily');
    await intake.getByLabel('Weight (kg)').fill('66');
    await intake.getByRole('button', { name: 'Save intake' }).click();
    await intake.getByText('This is now version 2 of the intake.').waitFor();
    await expect.poll(() => intake.getByRole('table', { name: 'Intake versions' }).locator('tbody tr').count()).toBe(2);
    await decision.getByText(/the intake is now at version 2/).waitFor();
    await decision.getByText('Treatment may not be planned yet').waitFor();
    await intake.getByRole('button', { name: 'Evaluate eligibility' }).click();
    await result.getByRole('button', { name: 'Record this decision' }).click();
    // Then the new decision needs its own override, and the earlier one stays on record
    await decision.getByText('intake version 2', { exact: false }).waitFor();
    await decision.getByRole('button', { name: 'Override with this reason' }).waitFor();
    await expect
      .poll(() => intake.getByRole('table', { name: 'Every eligibility decision' }).locator('tbody tr').count())
      .toBe(2);
    await shot(page, '03c-intake-amended');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes an eligible patient from intake to IV ketamine sessions booked on the week calendar', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);

    // Given a new patient with an unremarkable intake
    const patientUrl = await registerPatient(page, 'Wren', 'Castellano', '1987-02-09');
    const intake = section(page, 'Intake and eligibility');
    await intake.getByRole('button', { name: 'Record intake' }).click();
    await intake.getByLabel('Weight (kg)').fill('80');
    await intake.getByLabel('Height (cm)').fill('175');
    await intake.getByLabel('Diagnoses').fill('F33.2, Major depressive disorder, recurrent, severe');
    await intake.getByLabel('Psychosis', { exact: true }).selectOption('never');
    await intake.getByLabel('Mania or hypomania', { exact: true }).selectOption('never');
    await intake.getByLabel('Substance use disorder', { exact: true }).selectOption('none');
    await intake.getByLabel('Systolic (mmHg)').fill('118');
    await intake.getByLabel('Diastolic (mmHg)').fill('74');
    await intake.getByLabel('Date taken').fill('2026-11-20');
    await intake.getByLabel('Pregnancy').selectOption('not-pregnant');
    await intake.getByLabel('Current medicines').fill('sertraline, 150 mg daily');
    await intake.getByRole('button', { name: 'Add a trial' }).click();
    await intake.getByLabel('Trial 1: drug').fill('sertraline');
    await intake.getByLabel('Dose (mg/day)').fill('150');
    await intake.getByLabel('Weeks', { exact: true }).fill('10');
    await intake.getByRole('button', { name: 'Save intake' }).click();
    await intake.getByText('This is now version 1 of the intake.').waitFor();
    await intake.getByText('80 kg').waitFor();

    // When the prescriber evaluates IV ketamine and records the decision
    await intake.getByLabel('Modality').selectOption('iv-ketamine');
    await intake.getByRole('button', { name: 'Evaluate eligibility' }).click();
    const result = intake.getByRole('region', { name: 'Evaluation result' });
    await result.getByText('Eligible', { exact: true }).waitFor();
    await result.getByRole('button', { name: 'Record this decision' }).click();
    const decision = intake.getByRole('article', { name: 'Decision: IV ketamine (mood)' });
    await decision.getByText('Treatment may be planned').waitFor();
    await shot(page, '04-iv-ketamine-eligible');

    // And the patient signs the IV ketamine consent at the desk
    const consent = section(page, 'Consent');
    const ivConsentRow = consent
      .getByRole('table', { name: 'Consent by modality' })
      .getByRole('row')
      .filter({ hasText: 'IV ketamine (mood)' });
    await ivConsentRow.getByText('None current').waitFor();
    await consent.getByLabel('Consent for').selectOption('iv-ketamine');
    await consent.getByLabel('Consent document text').waitFor();
    await consent.getByRole('button', { name: 'Record signature' }).click();
    await consent.getByText('The patient types their full name.').waitFor();
    await consent.getByLabel("Patient's typed name").fill('Wren Castellano');
    await consent.getByRole('checkbox', { name: 'The patient has read this document and agrees' }).check();
    await consent.getByRole('button', { name: 'Record signature' }).click();
    await consent.getByText('Consent signed').waitFor();
    await ivConsentRow.getByText('Current', { exact: true }).waitFor();
    await consent
      .getByRole('table', { name: 'Consent signatures' })
      .getByRole('cell', { name: 'Wren Castellano' })
      .waitFor();
    await shot(page, '05-consent-signed');

    // And previews, creates and signs an IV ketamine induction plan starting next Monday
    const plans = section(page, 'Treatment plans');
    await plans.getByLabel('Protocol').selectOption('iv-ketamine-induction');
    const startDate = await plans.getByLabel('Start date').inputValue();
    expect(startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${startDate}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(await plans.getByLabel('Weight (kg)').inputValue()).toBe('80');
    await plans.getByRole('button', { name: 'Preview sessions' }).click();
    const preview = plans.getByRole('table', { name: 'Previewed sessions' });
    await preview.waitFor();
    // Six infusions of 0.5 mg/kg at 80 kg: 40 mg each
    expect(await preview.locator('tbody tr').count()).toBe(6);
    expect(await preview.locator('tbody tr').first().textContent()).toContain('40 mg');
    await shot(page, '06-plan-preview');
    await plans.getByRole('button', { name: 'Create plan' }).click();
    const plan = plans.getByRole('article', { name: /^Plan: IV ketamine induction/ });
    await plan.getByText('Draft: awaiting signature').waitFor();
    await plan.getByRole('button', { name: 'Sign plan' }).click();
    // The signature is confirmed first: the dialog says what will be recorded, and that it cannot be undone
    const confirmSign = page.getByRole('dialog', { name: 'Sign this plan?' });
    await confirmSign.getByText(/^Sign plan for .*: IV ketamine .*, \d+ sessions?, \d+(\.\d+)? mg/).waitFor();
    await confirmSign.getByText(/^Signed by you at /).waitFor();
    await confirmSign.getByText(/cannot be undone/).waitFor();
    await confirmSign.getByRole('button', { name: 'Sign plan' }).click();
    await plan.getByText('Active', { exact: true }).waitFor();
    await plan.getByText(/signed by Dr Priya Prescriber/).waitFor();

    // And books every session at 14:00 in the first free chair
    await plan.getByLabel('Start time').fill('14:00');
    await plan.getByRole('button', { name: 'Book sessions' }).click();
    await plan.getByText('Booked 6 sessions').waitFor();
    await plan.getByText('6 of 6 sessions booked', { exact: false }).waitFor();
    const sessions = plan.getByRole('table', { name: /^Sessions: / });
    await expect.poll(() => sessions.getByText('Not booked').count()).toBe(0);
    expect(await sessions.locator('tbody tr').first().textContent()).toMatch(/Chair \d.*14:00–15:40/);
    await shot(page, '07-plan-booked');

    // Then the week calendar for the plan's first week shows the three infusions of that week with the patient
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Schedule' }).click();
    await pageHeading(page).filter({ hasText: 'Schedule' }).waitFor();
    const grid = page.getByRole('table', { name: 'Sessions by chair and day' });
    await grid.waitFor();
    expect(await grid.locator('th[aria-current="date"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.waitForURL(`**/schedule?week=${startDate}`);
    const booked = grid.getByRole('link', { name: 'Castellano, Wren' });
    await expect.poll(() => booked.count()).toBe(3);
    // The calendar for one staff member leaves out sessions nobody assigned them (these were booked without staff)
    await page.getByLabel('Staff member').selectOption({ label: 'Nora Nurse' });
    await page.waitForURL(/staff=/);
    await expect.poll(() => booked.count()).toBe(0);
    await page.getByLabel('Staff member').selectOption({ label: 'Everyone' });
    await expect.poll(() => booked.count()).toBe(3);
    expect(page.url()).toContain(`week=${startDate}`);
    const firstCard = grid.getByRole('group', { name: '14:00 Castellano, Wren' }).first();
    expect(await firstCard.textContent()).toContain('IV ketamine (mood)');
    await shot(page, '08-week-calendar');

    // When staff confirm the ride home for the first infusion and moves the second to 16:00
    await firstCard.getByRole('button', { name: 'Details: 14:00 Castellano, Wren' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByText('Ride home confirmed').waitFor();
    await dialog.getByRole('button', { name: 'Confirm: Ride home confirmed' }).click();
    await dialog
      .getByRole('listitem')
      .filter({ hasText: 'Ride home confirmed' })
      .getByText('Confirmed', { exact: true })
      .waitFor();
    await shot(page, '09-session-details');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const wednesday = new Date(`${startDate}T12:00:00Z`);
    wednesday.setUTCDate(wednesday.getUTCDate() + 2);
    const wednesdayDate = wednesday.toISOString().slice(0, 10);
    await grid.getByRole('button', { name: 'Details: 14:00 Castellano, Wren' }).nth(1).click();
    dialog = page.getByRole('dialog');
    const wednesdayShown = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${wednesdayDate}T12:00:00Z`));
    await dialog.getByRole('heading', { name: `Session: ${wednesdayShown}, 14:00 Wren Castellano` }).waitFor();
    await dialog.getByLabel('New start').fill(`${wednesdayDate}T16:00`);
    await dialog.getByLabel('Reason for moving').fill('Patient works until 15:00');
    await dialog.getByRole('button', { name: 'Move session' }).click();
    await dialog.getByText('Session moved').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await grid.getByRole('group', { name: '16:00 Castellano, Wren' }).waitFor();

    // And cancels the third because the patient has no ride home: it leaves the calendar, which can still show it
    await grid.getByRole('button', { name: 'Details: 14:00 Castellano, Wren' }).nth(1).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason for cancelling').selectOption('no-ride-home');
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await dialog.getByText('Cancelled', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => booked.count()).toBe(2);
    await page.getByRole('checkbox', { name: 'Show cancelled and no-shows' }).check();
    await expect.poll(() => booked.count()).toBe(3);
    await grid.getByRole('group', { name: '14:00 Castellano, Wren' }).filter({ hasText: 'cancelled' }).waitFor();
    await shot(page, '10-week-after-changes');

    // And a session on the calendar leads back to the patient's record, where the cancelled infusion is booked again
    await booked.first().click();
    await pageHeading(page).filter({ hasText: 'Wren Castellano' }).waitFor();
    expect(page.url()).toBe(patientUrl);
    const planAgain = section(page, 'Treatment plans').getByRole('article', { name: /^Plan: IV ketamine induction/ });
    const thirdRow = planAgain
      .getByRole('table', { name: /^Sessions: / })
      .locator('tbody tr')
      .nth(2);
    await thirdRow.getByText('Not booked (1 cancelled or missed)').waitFor();
    await planAgain.getByLabel('Session', { exact: true }).selectOption('3');
    await planAgain.getByLabel('Chair for this session').selectOption({ label: 'Chair 3' });
    await planAgain.getByLabel('Time', { exact: true }).fill('12:00');
    await planAgain.getByRole('button', { name: 'Book this session' }).click();
    await expect.poll(() => thirdRow.textContent()).toMatch(/Chair 3.*12:00–13:40/);
    await planAgain.getByText('6 of 6 sessions booked', { exact: false }).waitFor();
    await shot(page, '11-session-rebooked');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a phone: the record with its intake form and plans, and the week as a list of days', async () => {
    const { page, context, problems } = await clinic.open({ width: 390, height: 844 });
    const pageWidth = async () => Number(await page.evaluate('document.documentElement.scrollWidth'));
    await signIn(page, demoEmail('nurse'), DEMO_PASSWORD);
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();

    // A demo patient with an intake, a signed plan and booked sessions (the demo clinic's Diego Salazar), read only
    await page.getByRole('searchbox', { name: 'Search patients' }).fill('Salazar');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('list', { name: 'Patients' }).getByRole('link', { name: 'Salazar, Diego' }).click();
    await pageHeading(page).filter({ hasText: 'Diego Salazar' }).waitFor();
    // On a phone the record's sections are folded under their headings (the patient header fills the first screen)
    const plansToggle = page.getByRole('button', { name: 'Treatment plans', exact: true });
    expect(await plansToggle.getAttribute('aria-expanded')).toBe('false');
    await plansToggle.click();
    await page.getByRole('button', { name: 'Intake and eligibility', exact: true }).click();
    const plans = section(page, 'Treatment plans');
    await plans
      .getByRole('article', { name: /^Plan: IV ketamine induction/ })
      .getByText('Active', { exact: true })
      .waitFor();
    // A nurse books and edits the intake but neither signs plans nor records eligibility decisions
    expect(await plans.getByRole('button', { name: 'Sign plan' }).count()).toBe(0);
    expect(await plans.getByRole('heading', { name: 'New treatment plan' }).count()).toBe(0);
    const intake = section(page, 'Intake and eligibility');
    await intake.getByRole('button', { name: 'Edit intake' }).click();
    await intake.getByRole('button', { name: 'Add a trial' }).waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await shot(page, 'phone-01-patient-record');

    await page.goto('/schedule');
    await pageHeading(page).filter({ hasText: 'Schedule' }).waitFor();
    // The week is a list of days on a phone, today marked, each session naming its chair
    const days = page.getByRole('list', { name: 'Sessions by day' });
    await days.waitFor();
    expect(await page.getByRole('table', { name: 'Sessions by chair and day' }).count()).toBe(0);
    const todayItem = days.locator('[aria-current="date"]');
    await todayItem.getByText('Today', { exact: true }).waitFor();
    expect(await todayItem.getByRole('group', { name: '09:00 Salazar, Diego' }).textContent()).toContain('Chair 1');
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await shot(page, 'phone-02-schedule');

    expect(problems).toEqual([]);
    await context.close();
  });
});
