/**
 * The state a form that takes stock out of a safe shares (a destruction, a loss report, a transfer or a return): the
 * lot and location chosen (keyed by ledger-format's `balanceKey`), its product, and the amount typed for it.
 */
import { useState } from 'react';
import type { FieldErrors } from '../../components/forms';
import type { AmountInput, Balance, LedgerProduct } from './ledger.api';
import { type AmountDraft, type AmountErrors, amountFromDraft, balanceKey, EMPTY_AMOUNT } from './ledger-format';

export function useStockAmount(balances: readonly Balance[], products: readonly LedgerProduct[] | undefined) {
  const [stock, setStock] = useState('');
  const [amount, setAmount] = useState<AmountDraft>(EMPTY_AMOUNT);
  const chosen = balances.find((b) => balanceKey(b) === stock);
  const product = chosen ? products?.find((p) => p.ndc === chosen.ndc) : undefined;
  return {
    /** The stock on hand to choose from. */
    balances,
    stock,
    setStock,
    amount,
    setAmount,
    /** The balance chosen, if any. */
    chosen,
    /** The chosen balance's product, if known. */
    product,
    /**
     * On submit: puts what is wrong into `errors` (`missing` under `stock` when no stock is chosen, the amount's own
     * errors under its boxes), and gives the chosen balance and the amount to record when both are good.
     */
    check: (
      errors: FieldErrors & AmountErrors,
      missing: string,
    ): { balance: Balance; amount: AmountInput } | undefined => {
      if (!chosen || !product) errors['stock'] = missing;
      const parsed = product ? amountFromDraft(product, amount) : undefined;
      if (parsed && !parsed.ok) Object.assign(errors, parsed.errors);
      return chosen && parsed?.ok ? { balance: chosen, amount: parsed.amount } : undefined;
    },
    /** After a recorded entry: no stock chosen, no amount typed. */
    reset: () => {
      setStock('');
      setAmount(EMPTY_AMOUNT);
    },
  };
}

export type StockAmount = ReturnType<typeof useStockAmount>;
