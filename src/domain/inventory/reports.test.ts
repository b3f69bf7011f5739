import { describe, expect, it } from 'vitest';
import { discrepancyIdFor } from './ledger.js';
import {
  ADMINISTRATION_LOG_COLUMNS,
  DISCREPANCY_REPORT_COLUMNS,
  administrationLog,
  discrepancyReport,
  form106Record,
  form41Record,
  inventoryReport,
  lotHistory,
  reportCsv,
  type ClinicRegistrant,
} from './reports.js';
import {
  ADMIN,
  DOCTOR,
  KETAMINE_50_10ML,
  NURSE,
  SPRAVATO_KIT_2,
  Scenario,
  administration,
  at,
  count,
  destruction,
  draw,
  loss,
  receipt,
  waste,
} from './test-support.js';

const CLINIC: ClinicRegistrant = {
  registeredName: 'Ketaclinic Columbus',
  deaNumber: 'BK1234563',
  address: '1 Main St, Columbus, OH 43004',
  phone: '614-555-0100',
  principalBusiness: 'practitioner',
};

function dayOfTreatment(): Scenario {
  const s = new Scenario();
  s.add(receipt());
  s.add(draw({ ml: 1 }));
  s.add(administration({ quantity: 36_500 }));
  s.add(waste({ quantity: 13_500 }));
  s.add(draw({ ml: 1, sessionId: 's-2', patientId: 'p-2', occurredAt: at(1, '09:00') }));
  s.add(
    administration({
      quantity: 50_000,
      sessionId: 's-2',
      patientId: 'p-2',
      patientName: 'Casey "CJ" Moore',
      patientAddress: '9 Oak Ave, Apt 2, Dublin, OH',
      occurredAt: at(1, '09:40'),
    }),
  );
  return s;
}

describe('administration log', () => {
  // Source: 21 CFR 1304.22(c): units or volume dispensed, name and address of the person, date, who administered;
  // units disposed of otherwise with date and manner.
  it('lists administrations and witnessed waste in a period, with patient, lot, amount, who and witness', () => {
    const rows = administrationLog(dayOfTreatment().entries, { from: '2025-03-03', to: '2025-03-03' });
    expect(rows.map((r) => [r.action, r.patientName, r.lot, r.amountMg, r.volumeMl, r.by, r.witness])).toEqual([
      ['administered', 'Jordan Lee', 'K50-A', '36.5', '0.73', NURSE.name, ''],
      ['wasted', 'Jordan Lee', 'K50-A', '13.5', '0.27', NURSE.name, DOCTOR.name],
    ]);
    expect(rows[1]?.manner).toContain('non-retrievable');
  });

  it('serialises to CSV with addresses and quotes intact', () => {
    const rows = administrationLog(dayOfTreatment().entries, { from: '2025-03-04', to: '2025-03-04' });
    const csv = reportCsv(rows, ADMINISTRATION_LOG_COLUMNS);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(
      'Date,Time,Entry,Action,Session,Patient ID,Patient name,Patient address,Drug,NDC,Lot,Amount (mg),Volume (mL),Devices,By,Witness,Manner of disposal,Corrected',
    );
    expect(line).toContain('"Casey ""CJ"" Moore","9 Oak Ave, Apt 2, Dublin, OH"');
    expect(line).toContain(',50,1,,');
  });

  it('shows the corrected version of an entry and marks it', () => {
    const s = dayOfTreatment();
    const target = s.entries[5];
    if (!target || target.event.kind !== 'administration') throw new Error('fixture');
    s.add({
      kind: 'correction',
      occurredAt: at(1, '12:00'),
      correctsEntryId: target.entryId,
      reason: 'Pump record shows 45 mg',
      replacement: { ...target.event, quantity: 45_000 },
      by: ADMIN,
    });
    const rows = administrationLog(s.entries, { from: '2025-03-04', to: '2025-03-04' });
    expect(rows.map((r) => [r.amountMg, r.corrected])).toEqual([['45', true]]);
  });

  it('names a bad period', () => {
    expect(() => administrationLog([], { from: '2025-03-05', to: '2025-03-04' })).toThrow(
      /to: must not be before from/,
    );
  });
});

describe('inventory report', () => {
  // Source: 21 CFR 1304.11(a), (e)(3): date, opening or close of business, name, form, strength, containers, estimates.
  it('lists what the biennial inventory found, with opening/close of business and estimates marked', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(receipt({ ndc: SPRAVATO_KIT_2, lot: 'E1', unitsPerContainer: 2, containers: 3 }));
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 50_000 }));
    s.add(
      count(
        [
          { ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 450_000, estimated: true },
          { ndc: SPRAVATO_KIT_2, lot: 'E1', fullContainers: 3, openedQuantity: 0, estimated: false },
        ],
        { countKind: 'biennial-inventory', timing: 'close-of-business', occurredAt: at(0, '18:00') },
      ),
    );
    const rows = inventoryReport(s.entries, { on: '2025-03-03' });
    expect(
      rows.map((r) => [r.ndc, r.timing, r.fullContainers, r.openedAmountMg, r.estimated, r.totalMg, r.strength]),
    ).toEqual([
      [KETAMINE_50_10ML, 'close-of-business', 9, '450', true, '4950', '50 mg/mL'],
      [SPRAVATO_KIT_2, 'close-of-business', 3, '0', false, '168', '28 mg/device'],
    ]);
  });
});

describe('per-lot history', () => {
  it('walks every entry that touched the lot with the running safe total', () => {
    const s = dayOfTreatment();
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 400_000, estimated: false }], {
        occurredAt: at(1, '17:00'),
      }),
    );
    const rows = lotHistory(s.entries, KETAMINE_50_10ML, 'K50-A');
    expect(rows.map((r) => [r.sequence, r.kind, r.safeChange, r.safeBalanceMg])).toEqual([
      [1, 'receipt', 5_000_000, '5000'],
      [2, 'draw', -50_000, '4950'],
      [3, 'administration', 0, '4950'],
      [4, 'waste', 0, '4950'],
      [5, 'draw', -50_000, '4900'],
      [6, 'administration', 0, '4900'],
      [7, 'count (daily)', 0, '4900'],
    ]);
    expect(rows[3]?.witness).toBe(DOCTOR.name);
  });

  it('shows a void as a correction that gives the stock back', () => {
    const s = new Scenario();
    s.add(receipt());
    const d = s.add(draw({ ml: 2 }));
    s.add({
      kind: 'correction',
      occurredAt: at(0, '10:00'),
      correctsEntryId: d.entryId,
      reason: 'wrong lot',
      replacement: null,
      by: ADMIN,
    });
    expect(lotHistory(s.entries, KETAMINE_50_10ML, 'K50-A').map((r) => [r.kind, r.safeChange, r.safeBalance])).toEqual([
      ['receipt', 5_000_000, 5_000_000],
      ['draw', -100_000, 4_900_000],
      ['correction (void)', 100_000, 5_000_000],
    ]);
  });
});

describe('discrepancy report', () => {
  it('lists open and resolved discrepancies with the resolution', () => {
    const s = new Scenario();
    s.add(receipt());
    const c = s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 0, estimated: false }]),
    );
    const l = s.add(loss());
    s.add({
      kind: 'discrepancy-resolution',
      occurredAt: at(1, '12:00'),
      discrepancyId: discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'K50-A'),
      resolution: 'loss-reported',
      reason: 'Vial missing; DEA notified',
      lossEntryId: l.entryId,
      resolvedBy: ADMIN,
    });
    const rows = discrepancyReport(s.entries);
    expect(rows.map((r) => [r.expectedMg, r.countedMg, r.differenceMg, r.status, r.resolvedBy, r.lossEntryId])).toEqual(
      [['5000', '4500', '-500', 'loss-reported', ADMIN.name, l.entryId]],
    );
    expect(reportCsv(rows, DISCREPANCY_REPORT_COLUMNS)).toContain(',-500,');
  });
});

describe('DEA forms as data', () => {
  // Source: DEA Form 41 (OMB 1117-0007) sections A-D.
  it('fills DEA Form 41 for a destruction: full packages, partial package, total and both witnesses', () => {
    const record = form41Record(destruction({ quantity: 1_250_000 }), CLINIC);
    expect(record.item).toMatchObject({
      ndc: KETAMINE_50_10ML,
      batch: 'K50-A',
      substance: 'Ketamine hydrochloride',
      strength: '50 mg/mL',
      packageQuantity: '500 mg',
      fullPackages: 2,
      partialPackageCount: '250 mg',
      totalDestroyed: '1250 mg',
    });
    expect(record.witnesses).toEqual([NURSE.name, DOCTOR.name]);
    expect(record.dateOfDestruction).toBe('2025-03-05');
  });

  // Source: DEA Form 106 (OMB 1117-0001); 21 CFR 1301.76(b); 88 FR 40707.
  it('fills DEA Form 106 for a loss with its two deadlines', () => {
    const record = form106Record(loss({ discoveredOn: '2025-03-07', lossType: 'employee-pilferage' }), CLINIC);
    expect(record.deadlines.deaWrittenNotice.dueBy).toBe('2025-03-10');
    expect(record.deadlines.form106.dueBy).toBe('2025-04-21');
    expect(record.substance).toMatchObject({ ndc: KETAMINE_50_10ML, lot: 'K50-A', quantity: '500 mg' });
    expect(record.lossType).toBe('employee-pilferage');
  });
});
