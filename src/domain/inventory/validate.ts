import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { checkDeaNumber } from './dea-number.js';
import { isExpiry, isIsoDate, isIsoInstant } from './dates.js';
import type {
  CountEvent,
  LedgerEntry,
  LedgerEvent,
  Registrant,
  StaffRef,
  StockEvent,
  WitnessSignature,
} from './entries.js';
import { DESTRUCTION_REASONS, LOSS_TYPES } from './entries.js';
import { findProduct, isNdcFormat, type Product } from './products.js';
import { isQuantity } from './quantity.js';
import type { LedgerConfig } from './settings.js';

/**
 * Shape checks: is each field present and well-formed? Every problem is collected and thrown together as one
 * `DomainValidationError` naming the fields (the server answers 400). Business rules (balances, witnesses
 * required, expiry) are checked in `ledger.ts` and throw `RuleViolationError`.
 */
class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  text(field: string, value: unknown, max = 500): void {
    if (typeof value !== 'string' || value.trim() === '') this.add(field, 'is required');
    else if (value.length > max) this.add(field, `must be at most ${max} characters`);
  }
  optionalText(field: string, value: unknown, max = 500): void {
    if (value !== undefined) this.text(field, value, max);
  }
  positive(field: string, value: unknown): void {
    if (!isQuantity(value) || value === 0) this.add(field, 'must be a positive whole number');
  }
  nonNegative(field: string, value: unknown): void {
    if (!isQuantity(value)) this.add(field, 'must be a non-negative whole number');
  }
  instant(field: string, value: unknown): void {
    if (!isIsoInstant(value))
      this.add(field, 'must be an ISO-8601 date-time with offset, e.g. 2025-03-04T09:30:00-05:00');
  }
  date(field: string, value: unknown): void {
    if (!isIsoDate(value)) this.add(field, 'must be a date YYYY-MM-DD');
  }
  staff(field: string, value: StaffRef | undefined): void {
    if (typeof value !== 'object' || value === null) {
      this.add(field, 'is required');
      return;
    }
    this.text(`${field}.userId`, value.userId, 200);
    this.text(`${field}.name`, value.name, 200);
    this.optionalText(`${field}.role`, value.role, 100);
  }
  witness(field: string, value: WitnessSignature | undefined): void {
    if (value === undefined) return;
    if (typeof value !== 'object' || value === null) {
      this.add(field, 'must be an object');
      return;
    }
    this.text(`${field}.userId`, value.userId, 200);
    this.text(`${field}.name`, value.name, 200);
    if (typeof value.authenticated !== 'boolean') this.add(`${field}.authenticated`, 'must be true or false');
    if (value.method !== undefined && value.method !== 'password' && value.method !== 'totp') {
      this.add(`${field}.method`, 'must be "password" or "totp"');
    }
    if (value.signedAt !== undefined) this.instant(`${field}.signedAt`, value.signedAt);
  }
  registrant(field: string, value: Registrant | undefined): void {
    if (typeof value !== 'object' || value === null) {
      this.add(field, 'is required');
      return;
    }
    this.text(`${field}.name`, value.name, 200);
    this.text(`${field}.address`, value.address, 500);
    if (typeof value.deaNumber !== 'string') this.add(`${field}.deaNumber`, 'is required');
    else {
      const verdict = checkDeaNumber(value.deaNumber);
      if (!verdict.valid) this.add(`${field}.deaNumber`, `is not a valid DEA number: ${verdict.message}`);
    }
  }
  location(field: string, value: unknown, config: LedgerConfig): void {
    this.text(field, value, 100);
    if (
      typeof value === 'string' &&
      config.locations !== undefined &&
      !config.locations.some((l) => l.locationId === value)
    ) {
      this.add(field, `is not a known storage location: ${value}`);
    }
  }
  product(field: string, ndc: unknown, config: LedgerConfig): Product | undefined {
    if (typeof ndc !== 'string' || !isNdcFormat(ndc)) {
      this.add(field, 'must be an NDC such as 50458-028-02');
      return undefined;
    }
    const product = findProduct(config.products, ndc);
    if (!product) this.add(field, `is not a product in the catalogue: ${ndc}`);
    return product;
  }
  /** quantity (+ optional or required volume) for a product. */
  amount(
    prefix: string,
    product: Product | undefined,
    quantity: unknown,
    volumeUl: unknown,
    volumeRequired: boolean,
  ): void {
    this.positive(`${prefix}quantity`, quantity);
    if (!product) return;
    if (product.unit === 'device') {
      if (volumeUl !== undefined) this.add(`${prefix}volumeUl`, 'must be absent for a device product (count devices)');
      return;
    }
    if (volumeUl === undefined) {
      if (volumeRequired) this.add(`${prefix}volumeUl`, 'is required for a solution (amount in mg and mL)');
      return;
    }
    this.positive(`${prefix}volumeUl`, volumeUl);
    if (isQuantity(quantity) && isQuantity(volumeUl) && quantity !== volumeUl * product.concentrationMgPerMl) {
      this.add(`${prefix}volumeUl`, `does not match the amount at ${product.concentrationMgPerMl} mg/mL`);
    }
  }
}

function validateStockEvent(issues: Issues, p: string, event: StockEvent, config: LedgerConfig): void {
  issues.instant(`${p}occurredAt`, event.occurredAt);
  const product = issues.product(`${p}ndc`, event.ndc, config);
  issues.text(`${p}lot`, event.lot, 40);
  switch (event.kind) {
    case 'receipt': {
      if (!isExpiry(event.expiry)) issues.add(`${p}expiry`, 'must be YYYY-MM-DD or YYYY-MM');
      issues.location(`${p}locationId`, event.locationId, config);
      issues.positive(`${p}containers`, event.containers);
      issues.positive(`${p}unitsPerContainer`, event.unitsPerContainer);
      if (product && isQuantity(event.unitsPerContainer) && event.unitsPerContainer !== product.unitsPerContainer) {
        issues.add(`${p}unitsPerContainer`, `must be ${product.unitsPerContainer} for ${product.displayName}`);
      }
      if (
        isQuantity(event.containers) &&
        isQuantity(event.unitsPerContainer) &&
        !Number.isSafeInteger(event.containers * event.unitsPerContainer)
      ) {
        issues.add(`${p}containers`, 'is too large');
      }
      issues.registrant(`${p}supplier`, event.supplier);
      issues.optionalText(`${p}invoiceNumber`, event.invoiceNumber, 100);
      issues.staff(`${p}receivedBy`, event.receivedBy);
      issues.witness(`${p}witness`, event.witness);
      return;
    }
    case 'draw':
      issues.location(`${p}locationId`, event.locationId, config);
      issues.amount(p, product, event.quantity, event.volumeUl, true);
      issues.text(`${p}patientId`, event.patientId, 100);
      issues.text(`${p}sessionId`, event.sessionId, 100);
      issues.staff(`${p}by`, event.by);
      issues.witness(`${p}witness`, event.witness);
      return;
    case 'administration':
      issues.amount(p, product, event.quantity, event.volumeUl, false);
      issues.text(`${p}sessionId`, event.sessionId, 100);
      issues.text(`${p}patientId`, event.patientId, 100);
      issues.text(`${p}patientName`, event.patientName, 200);
      issues.text(`${p}patientAddress`, event.patientAddress, 500);
      issues.staff(`${p}administeredBy`, event.administeredBy);
      issues.optionalText(`${p}sessionRecordId`, event.sessionRecordId, 100);
      return;
    case 'waste':
      issues.amount(p, product, event.quantity, event.volumeUl, false);
      issues.text(`${p}sessionId`, event.sessionId, 100);
      issues.text(`${p}manner`, event.manner, 500);
      issues.staff(`${p}by`, event.by);
      issues.witness(`${p}witness`, event.witness);
      return;
    case 'transfer':
      issues.location(`${p}fromLocationId`, event.fromLocationId, config);
      issues.location(`${p}toLocationId`, event.toLocationId, config);
      if (event.fromLocationId === event.toLocationId)
        issues.add(`${p}toLocationId`, 'must differ from fromLocationId');
      issues.positive(`${p}quantity`, event.quantity);
      issues.staff(`${p}by`, event.by);
      issues.witness(`${p}witness`, event.witness);
      return;
    case 'return-to-supplier':
      issues.location(`${p}locationId`, event.locationId, config);
      issues.positive(`${p}quantity`, event.quantity);
      issues.registrant(`${p}supplier`, event.supplier);
      issues.optionalText(`${p}reference`, event.reference, 100);
      issues.staff(`${p}by`, event.by);
      issues.witness(`${p}witness`, event.witness);
      return;
    case 'destruction':
      issues.location(`${p}locationId`, event.locationId, config);
      issues.positive(`${p}quantity`, event.quantity);
      if (!(DESTRUCTION_REASONS as readonly string[]).includes(event.reason))
        issues.add(`${p}reason`, 'must be expired, damaged, recalled or other');
      issues.text(`${p}method`, event.method, 500);
      if (typeof event.destructionSite !== 'object' || event.destructionSite === null)
        issues.add(`${p}destructionSite`, 'is required');
      else {
        issues.text(`${p}destructionSite.name`, event.destructionSite.name, 200);
        issues.text(`${p}destructionSite.address`, event.destructionSite.address, 500);
      }
      issues.staff(`${p}by`, event.by);
      if (!Array.isArray(event.witnesses)) issues.add(`${p}witnesses`, 'must be a list');
      else event.witnesses.forEach((w, i) => issues.witness(`${p}witnesses.${i}`, w));
      return;
    case 'loss': {
      issues.date(`${p}discoveredOn`, event.discoveredOn);
      issues.positive(`${p}quantity`, event.quantity);
      const source = event.source;
      if (typeof source !== 'object' || source === null) issues.add(`${p}source`, 'is required');
      else if (source.from === 'location') issues.location(`${p}source.locationId`, source.locationId, config);
      else if (source.from === 'session') issues.text(`${p}source.sessionId`, source.sessionId, 100);
      else issues.add(`${p}source.from`, 'must be "location" or "session"');
      if (!(LOSS_TYPES as readonly string[]).includes(event.lossType))
        issues.add(`${p}lossType`, `must be one of ${LOSS_TYPES.join(', ')}`);
      issues.text(`${p}circumstances`, event.circumstances, 4000);
      const f = event.form106;
      if (typeof f !== 'object' || f === null) issues.add(`${p}form106`, 'is required');
      else {
        if (typeof f.reportedToPolice !== 'boolean')
          issues.add(`${p}form106.reportedToPolice`, 'must be true or false');
        if (f.dateOfTheftOrLoss !== undefined) issues.date(`${p}form106.dateOfTheftOrLoss`, f.dateOfTheftOrLoss);
        if (f.theftsOrLossesPast24Months !== undefined)
          issues.nonNegative(`${p}form106.theftsOrLossesPast24Months`, f.theftsOrLossesPast24Months);
        if (f.purchaseValueCents !== undefined)
          issues.nonNegative(`${p}form106.purchaseValueCents`, f.purchaseValueCents);
        if (f.policeDepartment !== undefined) {
          issues.text(`${p}form106.policeDepartment.name`, f.policeDepartment.name, 200);
          issues.text(`${p}form106.policeDepartment.phone`, f.policeDepartment.phone, 50);
        }
        if (event.lossType === 'lost-in-transit' && f.inTransit === undefined)
          issues.add(`${p}form106.inTransit`, 'is required for a loss in transit');
        if (event.lossType === 'armed-robbery' && f.armedRobbery === undefined)
          issues.add(`${p}form106.armedRobbery`, 'is required for an armed robbery');
      }
      issues.staff(`${p}by`, event.by);
      return;
    }
  }
}

function validateCount(issues: Issues, p: string, event: CountEvent, config: LedgerConfig): void {
  issues.instant(`${p}occurredAt`, event.occurredAt);
  const kinds = ['shift', 'daily', 'initial-inventory', 'biennial-inventory'];
  if (!kinds.includes(event.countKind)) issues.add(`${p}countKind`, `must be one of ${kinds.join(', ')}`);
  const isInventory = event.countKind === 'initial-inventory' || event.countKind === 'biennial-inventory';
  if (event.timing !== undefined && event.timing !== 'opening-of-business' && event.timing !== 'close-of-business') {
    issues.add(`${p}timing`, 'must be opening-of-business or close-of-business');
  }
  // 21 CFR 1304.11(a): an inventory states whether it was taken at the opening or the close of business.
  if (isInventory && event.timing === undefined)
    issues.add(`${p}timing`, 'is required for an inventory (opening or close of business)');
  issues.location(`${p}locationId`, event.locationId, config);
  issues.staff(`${p}countedBy`, event.countedBy);
  issues.witness(`${p}witness`, event.witness);
  if (!Array.isArray(event.lines)) {
    issues.add(`${p}lines`, 'must be a list');
    return;
  }
  const seen = new Set<string>();
  event.lines.forEach((line, i) => {
    const lp = `${p}lines.${i}.`;
    const product = issues.product(`${lp}ndc`, line.ndc, config);
    issues.text(`${lp}lot`, line.lot, 40);
    issues.nonNegative(`${lp}fullContainers`, line.fullContainers);
    issues.nonNegative(`${lp}openedQuantity`, line.openedQuantity);
    if (typeof line.estimated !== 'boolean') issues.add(`${lp}estimated`, 'must be true or false');
    // 21 CFR 1304.11(e)(3): estimates of opened CIII-V containers belong to the inventory; shift/daily counts are exact (clinic default).
    if (line.estimated === true && !isInventory)
      issues.add(`${lp}estimated`, 'an estimate is allowed only in the initial or biennial inventory');
    if (line.estimated === true && line.openedQuantity === 0)
      issues.add(`${lp}estimated`, 'only an opened container can be estimated');
    if (
      product &&
      isQuantity(line.fullContainers) &&
      isQuantity(line.openedQuantity) &&
      !Number.isSafeInteger(line.fullContainers * product.unitsPerContainer + line.openedQuantity)
    ) {
      issues.add(`${lp}fullContainers`, 'is too large');
    }
    const key = `${line.ndc}|${line.lot}`;
    if (seen.has(key)) issues.add(`${lp}lot`, 'is counted twice in this count');
    seen.add(key);
  });
}

function validateEvent(issues: Issues, p: string, event: LedgerEvent, config: LedgerConfig): void {
  if (typeof event !== 'object' || event === null) {
    issues.add(p.replace(/\.$/, ''), 'is required');
    return;
  }
  switch (event.kind) {
    case 'count':
      validateCount(issues, p, event, config);
      return;
    case 'discrepancy-resolution':
      issues.instant(`${p}occurredAt`, event.occurredAt);
      issues.text(`${p}discrepancyId`, event.discrepancyId, 300);
      if (event.resolution !== 'explained' && event.resolution !== 'loss-reported') {
        issues.add(`${p}resolution`, 'must be "explained" or "loss-reported"');
      }
      issues.text(`${p}reason`, event.reason, 4000);
      if (event.resolution === 'loss-reported') issues.text(`${p}lossEntryId`, event.lossEntryId, 100);
      issues.staff(`${p}resolvedBy`, event.resolvedBy);
      return;
    case 'correction':
      issues.instant(`${p}occurredAt`, event.occurredAt);
      issues.text(`${p}correctsEntryId`, event.correctsEntryId, 100);
      issues.text(`${p}reason`, event.reason, 4000);
      issues.staff(`${p}by`, event.by);
      if (event.replacement === undefined) issues.add(`${p}replacement`, 'is required (an event, or null to void)');
      else if (event.replacement !== null) {
        if (
          (event.replacement.kind as string) === 'correction' ||
          (event.replacement.kind as string) === 'count' ||
          (event.replacement.kind as string) === 'discrepancy-resolution'
        ) {
          issues.add(`${p}replacement.kind`, 'only stock movements can be corrected');
        } else validateStockEvent(issues, `${p}replacement.`, event.replacement, config);
      }
      return;
    case 'receipt':
    case 'draw':
    case 'administration':
    case 'waste':
    case 'transfer':
    case 'return-to-supplier':
    case 'destruction':
    case 'loss':
      validateStockEvent(issues, p, event, config);
      return;
    default:
      issues.add(`${p}kind`, 'is not a ledger event kind');
  }
}

/** Throws `DomainValidationError` listing every malformed field of the entry. */
export function validateEntry(entry: LedgerEntry, config: LedgerConfig): void {
  const issues = new Issues();
  issues.text('entryId', entry.entryId, 100);
  if (!Number.isSafeInteger(entry.sequence) || entry.sequence < 1)
    issues.add('sequence', 'must be a positive whole number');
  issues.text('clinicId', entry.clinicId, 100);
  issues.instant('recordedAt', entry.recordedAt);
  validateEvent(issues, 'event.', entry.event, config);
  if (issues.list.length > 0) throw new DomainValidationError(issues.list);
}
