/**
 * The controlled-substance ledger's admin pages in the browser (issue 6), as the demo admin: destroy part of a lot
 * with two witnesses each signing in inside the form (the DEA Form 41 record), file a theft/loss report and see its
 * 1-business-day and 45-day deadlines (DEA Form 106), take the biennial inventory and see it on the overview, and
 * add a safe with the roles that may open it (then change them) and a product. Screenshots: test-results/ledger-admin/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { mainNavigation, pageHeading } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { bookBalancesAt, countAsTheBooksHold } from './support/ledger.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('ledger-admin');

/** The demo clinic's ketamine lot in the main safe (src/server/seed/demo-ledger.ts). */
const KETAMINE = { ndc: '00000-0500-10', lot: 'KET50-DEMO-A', location: 'main-safe' } as const;
/** The demo clinic's esketamine kits in the main safe. */
const ESKETAMINE = { ndc: '50458-028-03', lot: 'SPR84-DEMO-B', location: 'main-safe' } as const;

describe('ledger administration: destruction, loss report, biennial inventory, safes', () => {
  const clinic = clinicInBrowser();

  it('the admin destroys part of a lot with two witnesses signing in, and sees the DEA Form 41 record', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    const nav = mainNavigation(page);

    // Given the admin on the stock overview, which links to the destruction page
    await nav.getByRole('link', { name: 'Stock overview' }).click();
    await pageHeading(page).filter({ hasText: 'Controlled substances' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Destroy stock' }).click();
    await pageHeading(page).filter({ hasText: 'Destroy stock' }).waitFor();

    // When she picks the ketamine lot: the amount starts as everything on hand; she destroys 50 mg of it
    await page.getByLabel('Lot and location').selectOption(`${KETAMINE.ndc}|${KETAMINE.lot}|${KETAMINE.location}`);
    expect(await page.getByLabel('Amount destroyed (mg)').inputValue()).toMatch(/^\d+(\.\d+)?$/);
    await page.getByLabel('Amount destroyed (mg)').fill('50');
    await page.getByLabel('Reason').selectOption('damaged');
    await page.getByLabel('Method of destruction').fill('Rendered non-retrievable in a chemical digestion container');
    await page.getByLabel('Place of destruction', { exact: true }).fill('Medication room');
    await page.getByLabel('Address of the place of destruction').fill('1 Demo Street, Columbus, OH 43004');

    // And the same person is typed as both witnesses: refused in the form before anything is sent
    const first = page.getByRole('group', { name: 'First witness' });
    const second = page.getByRole('group', { name: 'Second witness' });
    await first.getByLabel('Witness email').fill(demoEmail('nurse'));
    await first.getByLabel('Witness password').fill(DEMO_PASSWORD);
    await second.getByLabel('Witness email').fill(demoEmail('nurse'));
    await second.getByLabel('Witness password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Record destruction' }).click();
    await page.getByText('The two witnesses must be two different people.').waitFor();

    // When the prescriber signs as second witness but mistypes the password: the server refuses, at that witness
    await second.getByLabel('Witness email').fill(demoEmail('prescriber'));
    await second.getByLabel('Witness password').fill('not-the-password');
    await page.getByRole('button', { name: 'Record destruction' }).click();
    await page
      .getByRole('dialog', { name: 'Record this destruction?' })
      .getByRole('button', { name: 'Record destruction' })
      .click();
    await page.getByRole('alert').filter({ hasText: 'The witness email or password is incorrect.' }).waitFor();
    expect(await second.getByLabel('Witness email').getAttribute('aria-invalid')).toBe('true');
    expect(await first.getByLabel('Witness email').getAttribute('aria-invalid')).not.toBe('true');
    await pageHeading(page).filter({ hasText: 'Destroy stock' }).waitFor();

    // When the prescriber types the right password
    await second.getByLabel('Witness password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Record destruction' }).click();
    // Destruction is irreversible: the dialog says what will be recorded before it is
    const confirmDestruction = page.getByRole('dialog', { name: 'Record this destruction?' });
    await confirmDestruction.getByText(/^Witnessed by /).waitFor();
    expect(await confirmDestruction.textContent()).toContain(`lot ${KETAMINE.lot}`);
    await confirmDestruction.getByRole('button', { name: 'Record destruction' }).click();

    // Then the entry is recorded and the Form 41 record names the lot, the amount and both witnesses
    const form41 = page.getByRole('alert').filter({ hasText: 'DEA Form 41 record' });
    await form41.waitFor();
    const text = await form41.textContent();
    expect(text).toContain(KETAMINE.lot);
    expect(text).toContain('50 mg');
    expect(text).toContain('Nora Nurse');
    expect(text).toContain('Dr Priya Prescriber');
    await page.getByText('Destruction recorded', { exact: true }).waitFor();
    await shot(page, '01-destruction-form41');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin files a loss report with the Form 106 fields and sees both deadlines: due for a loss found today, overdue for one found 60 days ago', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    await mainNavigation(page).getByRole('link', { name: 'Loss and theft reports' }).click();
    await pageHeading(page).filter({ hasText: 'Loss and theft reports' }).waitFor();
    await page.getByText('No loss or theft has been reported.').waitFor();

    // When she reports one esketamine device missing, discovered today, reported to the police
    const form = page.getByRole('region', { name: 'Report a theft or loss' });
    await form
      .getByLabel('Lot and location')
      .selectOption(`${ESKETAMINE.ndc}|${ESKETAMINE.lot}|${ESKETAMINE.location}`);
    await form.getByLabel('Amount lost (devices)').fill('1');
    await form.getByLabel('Type of theft or loss').selectOption('employee-pilferage');
    await form
      .getByLabel('Circumstances')
      .fill(
        'One device missing from an opened kit at the close-of-business count; not found after a search of the medication room.',
      );
    await form.getByLabel('County').fill('Franklin');
    await form.getByLabel('Purchase value ($)').fill('12.345');
    await form.getByRole('checkbox', { name: 'Reported to the police' }).check();
    await form.getByLabel('Police department', { exact: true }).fill('Columbus Division of Police');
    await form.getByRole('button', { name: 'File loss report' }).click();
    // Then what the form can check is refused beside the field, before anything is sent
    await form.getByText('Enter dollars and cents, like 123.45.').waitFor();
    await form.getByText('Enter the police department’s phone number.').waitFor();
    await form.getByLabel('Purchase value ($)').fill('92.50');
    await form.getByLabel('Police department phone').fill('614-555-0100');
    await form.getByLabel('Police report number').fill('CPD-2026-0042');
    await form.getByRole('button', { name: 'File loss report' }).click();

    // Then the report is recorded with its two deadlines: written notice within 1 business day, Form 106 in 45 days
    const due = form.getByRole('status', { name: 'Deadlines for this report' });
    await due.waitFor();
    const notice = due.getByRole('row', { name: /DEA written notice/ });
    expect(await notice.textContent()).toMatch(/Due in [1-4] days?/);
    expect(await notice.textContent()).toContain('21 CFR 1301.76(b)');
    const form106 = due.getByRole('row', { name: /DEA Form 106/ });
    expect(await form106.textContent()).toContain('Due in 45 days');
    await shot(page, '02-loss-report-deadlines');

    // And the list shows it with the Form 106 facts and the same deadlines
    const filed = page.getByRole('article', { name: new RegExp(`lot ${ESKETAMINE.lot}`) });
    await filed.waitFor();
    const filedText = await filed.textContent();
    expect(filedText).toContain('1 device');
    expect(filedText).toContain('Employee pilferage');
    expect(filedText).toContain('Columbus Division of Police, 614-555-0100, report CPD-2026-0042');
    expect(filedText).toContain('Purchase value: $92.50');
    expect(filedText).toContain('Due in 45 days');
    expect(filedText).not.toContain('Overdue');

    // When a loss discovered 60 days ago is reported only now, both deadlines show as overdue
    const sixtyDaysAgo = new Date(clinic.server.clock.now().getTime() - 60 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Lot and location').selectOption(`${KETAMINE.ndc}|${KETAMINE.lot}|${KETAMINE.location}`);
    await form.getByLabel('Amount lost (mg)').fill('10');
    await form.getByLabel('Date of discovery').fill(sixtyDaysAgo);
    await form.getByLabel('Circumstances').fill('Found in an audit of old paper logs: 10 mg unaccounted for.');
    await form.getByRole('button', { name: 'File loss report' }).click();
    const late = page.getByRole('article', { name: new RegExp(`lot ${KETAMINE.lot}`) });
    await late.waitFor();
    expect(await late.getByRole('row', { name: /DEA written notice/ }).textContent()).toMatch(/Overdue by \d+ days/);
    expect(await late.getByRole('row', { name: /DEA Form 106/ }).textContent()).toMatch(/Overdue by 1[0-9] days/);
    await shot(page, '02b-loss-report-overdue');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin takes the biennial inventory at close of business, estimating an opened vial, and the overview shows it', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    const nav = mainNavigation(page);
    await nav.getByRole('link', { name: 'Inventory' }).click();
    await pageHeading(page).filter({ hasText: 'Inventory' }).waitFor();

    // Given what the books hold in the main safe (after the destruction and the loss above)
    const books = await bookBalancesAt(page, KETAMINE.location);
    expect(books.length).toBeGreaterThan(0);

    // When she forgets to say when it is taken, she is told before anything is sent
    await page.getByLabel('Inventory', { exact: true }).selectOption('biennial-inventory');
    await page.getByRole('button', { name: 'Record inventory' }).click();
    await page.getByText('Say whether the inventory is taken at the opening or the close of business.').waitFor();

    // When she counts every lot as it stands, the opened ketamine vial estimated, at close of business
    await page.getByLabel('Taken at').selectOption('close-of-business');
    for (const b of books) {
      const group = await countAsTheBooksHold(page, b);
      if (b.containers.partialQuantity > 0 && b.unit === 'ug') {
        await group.getByRole('checkbox', { name: 'Estimated (opened container)' }).check();
      }
    }
    await page.getByRole('button', { name: 'Record inventory' }).click();

    // Then it is recorded with no discrepancy, and the overview dates the last inventory today, next due in two years
    const recorded = page.getByRole('alert').filter({ hasText: 'Inventory recorded' });
    await recorded.waitFor();
    expect(await recorded.textContent()).not.toContain('discrepanc');
    await shot(page, '03-biennial-inventory');
    await nav.getByRole('link', { name: 'Stock overview' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Biennial inventory' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/Last .+; due by .+ \((729|730|731) days\)/);
    await shot(page, '04-overview-inventory-status');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin adds a safe that only admins and nurses may open, changes who may open it, and adds a product', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    await mainNavigation(page).getByRole('link', { name: 'Products and safes' }).click();
    await pageHeading(page).filter({ hasText: 'Products and safes' }).waitFor();
    await page
      .getByRole('article', { name: 'Main safe (medication room)' })
      .getByText('May open it: Admin, Prescriber, Nurse')
      .waitFor();

    // When she adds the IV room's safe for admins and nurses only
    const addSafe = page.getByRole('form', { name: 'Add a safe' });
    await addSafe.getByRole('button', { name: 'Add safe' }).click();
    await addSafe.getByText('Enter the safe’s name, e.g. Second safe (IV room).').waitFor();
    await addSafe.getByLabel('Safe name').fill('IV room safe');
    await addSafe.getByRole('checkbox', { name: 'Prescriber' }).uncheck();
    await addSafe.getByRole('button', { name: 'Add safe' }).click();

    // Then it is listed with who may open it
    await addSafe.getByRole('alert').filter({ hasText: 'Safe added' }).waitFor();
    const safe = page.getByRole('article', { name: 'IV room safe' });
    await safe.getByText('May open it: Admin, Nurse').waitFor();
    expect(await safe.textContent()).toContain('Id iv-room-safe');

    // When she lets prescribers open it too
    await safe.getByRole('button', { name: 'Change' }).click();
    await safe.getByRole('checkbox', { name: 'Prescriber' }).check();
    await safe.getByRole('button', { name: 'Save' }).click();
    await safe.getByText('May open it: Admin, Prescriber, Nurse').waitFor();

    // And adds a ketamine product: the form asks for the vial's volume before sending
    const addProduct = page.getByRole('form', { name: 'Add a product' });
    await addProduct.getByLabel('Product name').fill('Ketamine HCl 10 mg/mL, 20 mL vial (E2E)');
    await addProduct.getByLabel('NDC', { exact: true }).fill('12345-0678-10');
    await addProduct.getByLabel('Package', { exact: true }).fill('20 mL multiple-dose vial, carton of 10');
    await addProduct.getByLabel('Concentration (mg/mL)').fill('10');
    await addProduct.getByRole('button', { name: 'Add product' }).click();
    await addProduct.getByText('Enter the vial’s volume in mL, up to 3 decimals, e.g. 10.').waitFor();
    await addProduct.getByLabel('Vial volume (mL)').fill('20');
    await addProduct.getByRole('button', { name: 'Add product' }).click();
    await addProduct.getByRole('alert').filter({ hasText: 'Product added' }).waitFor();
    const row = page.getByRole('row', { name: /Ketamine HCl 10 mg\/mL, 20 mL vial \(E2E\)/ });
    expect(await row.textContent()).toContain('10 mg/mL, 20 mL vial (200 mg)');
    await shot(page, '05-products-and-safes');

    // And the new safe is one the inventory page can count
    await mainNavigation(page).getByRole('link', { name: 'Inventory' }).click();
    // (once the inventory page is there: the safes page has a "Location" of its own)
    await pageHeading(page).filter({ hasText: 'Inventory' }).waitFor();
    await page.getByRole('combobox', { name: 'Location' }).selectOption('iv-room-safe');
    await page.getByText('The books hold nothing in this location').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
