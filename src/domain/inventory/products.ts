import type { Citation } from '../shared/citation.js';
import { HOSPIRA_KETAMINE_100_NDC, KETAMINE_PRESENTATIONS, SPRAVATO_NDC } from './citations.js';
import { UG_PER_MG, formatUgAsMg, formatUlAsMl, type CountingUnit } from './quantity.js';

/**
 * Controlled-substance products as data. A clinic adds its own (its supplier's NDCs) through the same shape.
 *
 * The ledger keeps a lot by (NDC, lot number). The NDC here is the NDC of the *commercial container* counted on
 * receipt (a vial, or an esketamine kit), because 21 CFR 1304.22(c) records "the number of commercial containers"
 * and "the number of units or volume of finished form in each commercial container".
 */
export type DrugName = 'ketamine-hcl' | 'esketamine-hcl';

export type NdcStatus =
  /** Checked against the FDA NDC directory (see `ndcCitation`). */
  | 'verified'
  /** A placeholder in valid NDC format (labeler 00000 does not exist): replace with the supplier's NDC. */
  | 'example';

type ProductCommon = {
  readonly productId: string;
  readonly drug: DrugName;
  readonly displayName: string;
  readonly schedule: 'CIII';
  readonly ndc: string;
  readonly ndcStatus: NdcStatus;
  readonly ndcCitation: Citation;
  /** Human description of the commercial container, e.g. "10 mL multiple-dose vial". */
  readonly packageDescription: string;
  readonly unit: CountingUnit;
  /** Units (in `unit`) in one full commercial container: ug per vial, or devices per kit. */
  readonly unitsPerContainer: number;
};

export type VialProduct = ProductCommon & {
  readonly form: 'injection-solution';
  readonly containerKind: 'vial';
  readonly unit: 'ug';
  /** Integer mg per mL, so that ug = uL x concentration exactly. */
  readonly concentrationMgPerMl: number;
  readonly containerVolumeUl: number;
};

export type DeviceKitProduct = ProductCommon & {
  readonly form: 'nasal-spray';
  readonly containerKind: 'kit';
  readonly unit: 'device';
  readonly mgPerDevice: number;
};

export type Product = VialProduct | DeviceKitProduct;

function vial(
  p: Omit<VialProduct, 'form' | 'containerKind' | 'unit' | 'unitsPerContainer' | 'schedule' | 'drug'>,
): VialProduct {
  return {
    ...p,
    drug: 'ketamine-hcl',
    schedule: 'CIII',
    form: 'injection-solution',
    containerKind: 'vial',
    unit: 'ug',
    unitsPerContainer: p.concentrationMgPerMl * p.containerVolumeUl,
  };
}

function kit(devices: number, ndc: string): DeviceKitProduct {
  return {
    productId: `esketamine-28mg-kit-${devices}`,
    drug: 'esketamine-hcl',
    displayName: `Esketamine (Spravato) nasal spray 28 mg/device, kit of ${devices} devices (${devices * 28} mg)`,
    schedule: 'CIII',
    ndc,
    ndcStatus: 'verified',
    ndcCitation: SPRAVATO_NDC,
    packageDescription: `kit of ${devices} single-use 28 mg nasal spray devices`,
    form: 'nasal-spray',
    containerKind: 'kit',
    unit: 'device',
    unitsPerContainer: devices,
    mgPerDevice: 28,
  };
}

/**
 * The default catalogue. Note "500 mg/10 mL" is the label wording of the 50 mg/mL x 10 mL vial, so it is one
 * product, not two.
 */
export const PRODUCTS: readonly Product[] = [
  vial({
    productId: 'ketamine-50mg-ml-10ml',
    displayName: 'Ketamine HCl injection 50 mg/mL, 10 mL multiple-dose vial (500 mg/10 mL)',
    ndc: '00000-0500-10',
    ndcStatus: 'example',
    ndcCitation: KETAMINE_PRESENTATIONS,
    packageDescription: '10 mL multiple-dose vial',
    concentrationMgPerMl: 50,
    containerVolumeUl: 10_000,
  }),
  vial({
    productId: 'ketamine-100mg-ml-5ml',
    displayName: 'Ketamine HCl injection 100 mg/mL, 5 mL multiple-dose vial (500 mg/5 mL)',
    ndc: '0409-2051-15',
    ndcStatus: 'verified',
    ndcCitation: HOSPIRA_KETAMINE_100_NDC,
    packageDescription: '5 mL multiple-dose vial (Hospira; box of 10 is NDC 0409-2051-05)',
    concentrationMgPerMl: 100,
    containerVolumeUl: 5_000,
  }),
  vial({
    productId: 'ketamine-100mg-ml-10ml',
    displayName: 'Ketamine HCl injection 100 mg/mL, 10 mL multiple-dose vial (1,000 mg/10 mL)',
    ndc: '00000-1000-10',
    ndcStatus: 'example',
    ndcCitation: KETAMINE_PRESENTATIONS,
    packageDescription: '10 mL multiple-dose vial',
    concentrationMgPerMl: 100,
    containerVolumeUl: 10_000,
  }),
  kit(2, '50458-028-02'),
  kit(3, '50458-028-03'),
];

/** NDC in 10-digit hyphenated form (4-4-2, 5-3-2, 5-4-1) or the 11-digit 5-4-2 billing form. */
const NDC_PATTERN = /^(?:\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2})$/;

export function isNdcFormat(ndc: string): boolean {
  return NDC_PATTERN.test(ndc);
}

export function findProduct(products: readonly Product[], ndc: string): Product | undefined {
  return products.find((p) => p.ndc === ndc);
}

/** Full and partial containers for an amount: 1,250 mg of a 500 mg vial -> 2 full + 250 mg. */
export function toContainers(
  product: Product,
  quantity: number,
): { readonly full: number; readonly partialQuantity: number } {
  return {
    full: Math.floor(quantity / product.unitsPerContainer),
    partialQuantity: quantity % product.unitsPerContainer,
  };
}

/** Milligrams as exact decimal text: ug -> mg for vials, devices x 28 for kits. */
export function quantityAsMg(product: Product, quantity: number): string {
  return product.unit === 'ug' ? formatUgAsMg(quantity) : String(quantity * product.mgPerDevice);
}

/** Micrograms of drug, for either unit (devices x 28,000). */
export function quantityAsUg(product: Product, quantity: number): number {
  return product.unit === 'ug' ? quantity : quantity * product.mgPerDevice * UG_PER_MG;
}

/** The volume of solution holding this amount, when it is a whole number of microlitres; otherwise undefined. */
export function volumeUlFor(product: Product, quantity: number): number | undefined {
  if (product.unit !== 'ug') return undefined;
  return quantity % product.concentrationMgPerMl === 0 ? quantity / product.concentrationMgPerMl : undefined;
}

/** "36.5 mg (0.73 mL)" or "2 devices (56 mg)". */
export function describeQuantity(product: Product, quantity: number): string {
  if (product.unit === 'device') {
    return `${quantity} device${quantity === 1 ? '' : 's'} (${quantity * product.mgPerDevice} mg)`;
  }
  const ul = volumeUlFor(product, quantity);
  return ul === undefined ? `${formatUgAsMg(quantity)} mg` : `${formatUgAsMg(quantity)} mg (${formatUlAsMl(ul)} mL)`;
}

/** Strength as a label would print it: "50 mg/mL" or "28 mg/device". */
export function strengthLabel(product: Product): string {
  return product.unit === 'ug' ? `${product.concentrationMgPerMl} mg/mL` : `${product.mgPerDevice} mg/device`;
}
