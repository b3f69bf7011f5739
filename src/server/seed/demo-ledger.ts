/**
 * Demo controlled-substance ledger: a safe, a witnessed receipt of ketamine vials and of esketamine kits three
 * weeks ago, four past sessions (two IV ketamine with witnessed waste of the remainder, two esketamine) that are
 * all reconciled, and yesterday's close-of-business count matching the books. Built through the same service as
 * the API, witnesses signing with their own (demo) passwords.
 */
import { formatUgAsMg } from '../../domain/inventory/index.js';
import type { Services } from '../app.js';
import type { StaffRole } from '../db/schema.js';
import type { RequestContext } from '../http.js';
import { demoEmail, DEMO_STAFF } from './demo-data.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

export const DEMO_LEDGER = {
  locationId: 'main-safe',
  ketamine: { ndc: '00000-0500-10', lot: 'KET50-DEMO-A' },
  esketamine: { ndc: '50458-028-03', lot: 'SPR84-DEMO-B' },
} as const;

const SUPPLIER = {
  name: 'Example Medical Distribution LLC',
  address: '100 Warehouse Way, Columbus, OH 43004',
  deaNumber: 'PE1234563',
};
const WASTE_MANNER = 'Expelled into a drug-disposal container rendering it non-retrievable';

function contextFor(role: StaffRole, userId: string, clinicId: string): RequestContext {
  const displayName = DEMO_STAFF.find((s) => s.role === role)?.displayName ?? role;
  return {
    principal: { userId, clinicId, role, email: demoEmail(role), displayName, sessionId: 'seed' },
    clientIp: null,
  };
}

export async function seedDemoLedger(
  services: Services,
  options: {
    clinicId: string;
    users: Record<StaffRole, string>;
    patientIds: readonly string[];
    password: string;
    now: Date;
  },
): Promise<void> {
  const { clinicId, users, patientIds, password, now } = options;
  const nurse = contextFor('nurse', users.nurse, clinicId);
  const admin = contextFor('admin', users.admin, clinicId);
  const prescriberSigns = { email: demoEmail('prescriber'), password };
  const at = (daysAgo: number, utcHour: number, minutes = 0) => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(utcHour, minutes, 0, 0);
    return d;
  };
  const expiry = (yearsAhead: number, month: number) =>
    `${now.getUTCFullYear() + yearsAhead}-${String(month).padStart(2, '0')}`;

  await services.ledger.addLocation(admin, {
    locationId: DEMO_LEDGER.locationId,
    name: 'Main safe (medication room)',
    openableByRoles: ['admin', 'prescriber', 'nurse'],
  });

  await services.ledger.receive(nurse, {
    ...DEMO_LEDGER.ketamine,
    expiry: expiry(2, 6),
    locationId: DEMO_LEDGER.locationId,
    containers: 10,
    supplier: SUPPLIER,
    invoiceNumber: 'INV-DEMO-1001',
    witness: prescriberSigns,
    occurredAt: at(21, 14).toISOString(),
  });
  await services.ledger.receive(nurse, {
    ...DEMO_LEDGER.esketamine,
    expiry: expiry(1, 12),
    locationId: DEMO_LEDGER.locationId,
    containers: 4,
    supplier: SUPPLIER,
    invoiceNumber: 'INV-DEMO-1002',
    witness: prescriberSigns,
    occurredAt: at(21, 14, 10).toISOString(),
  });

  // The last three demo patients (the first six have the IV courses of the measures demo, and tests use others).
  const sessions: Array<{
    patient: number;
    daysAgo: number;
    modality: string;
    number: number;
    draw: { mg?: string; devices?: number };
    given: { mg?: string; devices?: number };
    waste?: string;
  }> = [
    {
      patient: 17,
      daysAgo: 14,
      modality: 'iv-ketamine',
      number: 1,
      draw: { mg: '50' },
      given: { mg: '40' },
      waste: '10',
    },
    { patient: 18, daysAgo: 10, modality: 'esketamine-nasal', number: 1, draw: { devices: 3 }, given: { devices: 3 } },
    {
      patient: 17,
      daysAgo: 7,
      modality: 'iv-ketamine',
      number: 2,
      draw: { mg: '50' },
      given: { mg: '42.5' },
      waste: '7.5',
    },
    { patient: 19, daysAgo: 3, modality: 'esketamine-nasal', number: 1, draw: { devices: 2 }, given: { devices: 2 } },
  ];
  for (const s of sessions) {
    const patientId = patientIds[s.patient];
    if (!patientId) continue;
    const startsAt = at(s.daysAgo, 15);
    const session = await services.measures.recordPastSession(clinicId, patientId, {
      modality: s.modality,
      number: s.number,
      startsAt,
      minutes: s.modality === 'esketamine-nasal' ? 120 : 60,
    });
    const lot = s.modality === 'esketamine-nasal' ? DEMO_LEDGER.esketamine : DEMO_LEDGER.ketamine;
    await services.ledger.draw(nurse, {
      sessionId: session.id,
      patientId,
      ...lot,
      locationId: DEMO_LEDGER.locationId,
      amount: s.draw,
      occurredAt: new Date(startsAt.getTime() + 5 * MINUTE).toISOString(),
    });
    await services.ledger.administer(nurse, {
      sessionId: session.id,
      ...lot,
      amount: s.given,
      occurredAt: new Date(startsAt.getTime() + 50 * MINUTE).toISOString(),
    });
    if (s.waste) {
      await services.ledger.waste(nurse, {
        sessionId: session.id,
        ...lot,
        amount: { mg: s.waste },
        manner: WASTE_MANNER,
        witness: prescriberSigns,
        occurredAt: new Date(startsAt.getTime() + 55 * MINUTE).toISOString(),
      });
    }
  }

  // Yesterday's close-of-business count: exactly what the books hold, so no discrepancy opens.
  const { items } = await services.ledger.balances(nurse, false);
  await services.ledgerCounts.count(nurse, {
    countKind: 'daily',
    timing: 'close-of-business',
    locationId: DEMO_LEDGER.locationId,
    occurredAt: at(1, 22).toISOString(),
    lines: items
      .filter((b) => b.locationId === DEMO_LEDGER.locationId)
      .map((b) => ({
        ndc: b.ndc,
        lot: b.lot,
        fullContainers: b.containers.full,
        ...(b.containers.partialQuantity > 0
          ? {
              opened:
                b.unit === 'ug'
                  ? { mg: formatUgAsMg(b.containers.partialQuantity) }
                  : { devices: b.containers.partialQuantity },
            }
          : {}),
      })),
  });
}
