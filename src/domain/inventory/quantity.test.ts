import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { formatUgAsMg, formatUlAsMl, mgToUg, mlToUl, parseMg, parseMl } from './quantity.js';
import {
  PRODUCTS,
  describeQuantity,
  findProduct,
  isNdcFormat,
  quantityAsMg,
  quantityAsUg,
  toContainers,
  volumeUlFor,
} from './products.js';

describe('exact amounts', () => {
  it('parses milligrams and millilitres with up to 3 decimals into integers, exactly', () => {
    expect(parseMg('36.5')).toBe(36_500);
    expect(parseMg('0.001')).toBe(1);
    expect(parseMl('0.73')).toBe(730);
    expect(mgToUg(12.345)).toBe(12_345); // 12.345 * 1000 is 12344.999... in floating point
    expect(mlToUl(0.1 + 0.2)).toBe(300);
  });

  it('refuses more than 3 decimals instead of rounding silently, naming the field', () => {
    expect(() => parseMg('1.2345', 'dose')).toThrow(DomainValidationError);
    expect(() => mgToUg(1.0005, 'dose')).toThrow(/dose/);
    expect(() => parseMl('-1')).toThrow(DomainValidationError);
  });

  it('formats back without float noise', () => {
    expect(formatUgAsMg(36_500)).toBe('36.5');
    expect(formatUgAsMg(4_950_000)).toBe('4950');
    expect(formatUgAsMg(-500_000)).toBe('-500');
    expect(formatUlAsMl(730)).toBe('0.73');
  });

  it('adds 0.1 mL a thousand times to exactly 100 mL', () => {
    let total = 0;
    for (let i = 0; i < 1000; i += 1) total += parseMl('0.1');
    expect(total).toBe(100_000);
  });
});

describe('products', () => {
  // Source: FDA NDC directory, 50458-028 Spravato (28 mg/device; kits of 2 and 3) and 0409-2051 ketamine 100 mg/mL 5 mL.
  it('lists ketamine vials and esketamine kits, schedule CIII, with verified or clearly-marked example NDCs', () => {
    expect(PRODUCTS.every((p) => p.schedule === 'CIII' && isNdcFormat(p.ndc))).toBe(true);
    expect(findProduct(PRODUCTS, '50458-028-02')).toMatchObject({
      unit: 'device',
      unitsPerContainer: 2,
      mgPerDevice: 28,
      ndcStatus: 'verified',
    });
    expect(findProduct(PRODUCTS, '50458-028-03')).toMatchObject({ unitsPerContainer: 3 });
    expect(findProduct(PRODUCTS, '0409-2051-15')).toMatchObject({
      concentrationMgPerMl: 100,
      containerVolumeUl: 5000,
      unitsPerContainer: 500_000,
      ndcStatus: 'verified',
    });
    const examples = PRODUCTS.filter((p) => p.ndcStatus === 'example');
    expect(examples.map((p) => p.ndc.slice(0, 5))).toEqual(['00000', '00000']);
  });

  it('converts between units, containers and volume exactly', () => {
    const vial = findProduct(PRODUCTS, '00000-0500-10');
    const kit = findProduct(PRODUCTS, '50458-028-03');
    if (!vial || !kit) throw new Error('catalogue');
    expect(toContainers(vial, 1_250_000)).toEqual({ full: 2, partialQuantity: 250_000 });
    expect(volumeUlFor(vial, 36_500)).toBe(730);
    expect(volumeUlFor(vial, 36_501)).toBeUndefined();
    expect(describeQuantity(vial, 36_500)).toBe('36.5 mg (0.73 mL)');
    expect(describeQuantity(kit, 3)).toBe('3 devices (84 mg)');
    expect(quantityAsMg(kit, 2)).toBe('56');
    expect(quantityAsUg(kit, 2)).toBe(56_000);
  });
});
