/** Shared set-up of the ledger's database tests: the demo catalogue's products, a supplier, a witness, a receipt. */
import { demoEmail } from '../../seed/demo-data.js';
import { TEST_PASSWORD } from '../../testing/test-app.js';

/** Ketamine 50 mg/mL vials and a SPRAVATO 56 mg kit (two devices), both in the demo catalogue. */
export const KETAMINE_50 = '00000-0500-10';
export const SPRAVATO_KIT_2 = '50458-028-02';

/** A fictitious distributor, as a receipt names its supplier (21 CFR 1304.22(c)). */
export const SUPPLIER = {
  name: 'Example Medical Distribution LLC',
  address: '100 Warehouse Way, Columbus, OH 43004',
  deaNumber: 'PE1234563',
};

/** The demo prescriber signing as witness. */
export const PRESCRIBER_WITNESS = { email: demoEmail('prescriber'), password: TEST_PASSWORD };

/** The body of POST /api/ledger/receipts: `containers` of a lot expiring June 2028, witnessed by the prescriber. */
export function receiptBody(receipt: {
  ndc: string;
  lot: string;
  locationId: string;
  containers: number;
  invoiceNumber?: string;
}) {
  const { ndc, lot, locationId, containers, invoiceNumber = `INV-${lot}` } = receipt;
  return {
    ndc,
    lot,
    expiry: '2028-06',
    locationId,
    containers,
    supplier: SUPPLIER,
    invoiceNumber,
    witness: PRESCRIBER_WITNESS,
  };
}

/**
 * The body of POST /api/ledger/loss-reports: one vial of ketamine 50 mg/mL from `lot` at `locationId`, discovered on
 * Monday 2 November 2026; `report` gives the loss type, the circumstances and the Form 106 answers.
 */
export function lossReportBody(
  lot: string,
  locationId: string,
  report: { lossType: string; circumstances: string; form106: Record<string, unknown> },
) {
  return {
    ndc: KETAMINE_50,
    lot,
    source: { from: 'location', locationId },
    amount: { containers: 1 },
    discoveredOn: '2026-11-02',
    ...report,
  };
}
