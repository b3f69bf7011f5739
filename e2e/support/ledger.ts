/** Steps the controlled-substance ledger specs share: what the books hold, and a count that agrees with them. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** One lot in one place as GET /api/ledger/balances answers it (the fields the specs read). */
export interface BookBalance {
  readonly lot: string;
  readonly locationId: string;
  readonly unit: 'ug' | 'device';
  readonly containers: { readonly full: number; readonly partialQuantity: number };
}

/** Micrograms as exact milligram text (400000 -> "400", 36500 -> "36.5"), as the person counting would write it. */
export function ugAsMgText(ug: number): string {
  const fraction = ug % 1000;
  return fraction === 0
    ? String((ug - fraction) / 1000)
    : `${(ug - fraction) / 1000}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}

/** What the books hold at a location (a safe), every lot, read with the page's cookies. */
export async function bookBalancesAt(page: Page, locationId: string): Promise<BookBalance[]> {
  const response = await page.request.get('/api/ledger/balances');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { items: BookBalance[] };
  return body.items.filter((b) => b.locationId === locationId);
}

/** On a count or inventory form, counts a lot as the books hold it; answers the lot's group of fields. */
export async function countAsTheBooksHold(page: Page, balance: BookBalance): Promise<Locator> {
  const group = page.getByRole('group', { name: `Lot ${balance.lot}` });
  await group.getByLabel(/^Full (vials|kits) counted$/).fill(String(balance.containers.full));
  const { partialQuantity } = balance.containers;
  if (partialQuantity > 0) {
    await group
      .getByLabel(/^(Left in the opened vial \(mg\)|Devices left in an opened kit)$/)
      .fill(balance.unit === 'ug' ? ugAsMgText(partialQuantity) : String(partialQuantity));
  }
  return group;
}
