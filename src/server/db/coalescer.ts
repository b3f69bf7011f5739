/**
 * One statement for the work of many requests (issue 11). Work asked for while a statement is running is done
 * together by the next one: for writes this is group commit (N round trips and N commits become one), for reads
 * by key it is one select for N lookups. Each caller resumes only once its own part is done, so a write a caller
 * is told is stored has committed. With one request at a time it is the single statement it always was, because
 * nothing waits for a batch to fill.
 *
 * Batches are kept apart by key (a clinic, say), one statement at a time per key: work of two clinics never shares
 * a statement. A batch the database refuses is done again one item at a time, so one bad item fails only its own
 * caller.
 */
export class Coalescer<In, Out> {
  private readonly waiting = new Map<string, Pending<In, Out>[]>();
  private readonly writing = new Set<string>();

  /** `write(key, items)` does the items' work in one statement and answers one result per item, in their order. */
  constructor(private readonly write: (key: string, items: readonly In[]) => Promise<readonly Out[]>) {}

  submit(key: string, item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else this.waiting.set(key, [{ item, resolve, reject }]);
      if (!this.writing.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.writing.add(key);
    try {
      for (let batch = this.waiting.get(key); batch; batch = this.waiting.get(key)) {
        this.waiting.delete(key);
        const refused = await this.settle(key, batch);
        if (!refused) continue;
        if (batch.length === 1) batch[0]!.reject(refused.error);
        else {
          for (const pending of batch) {
            const alone = await this.settle(key, [pending]);
            if (alone) pending.reject(alone.error);
          }
        }
      }
    } finally {
      this.writing.delete(key);
    }
  }

  /**
   * Does the batch's work and settles every caller; or, when the database refuses it, settles nobody and answers the
   * refusal.
   */
  private async settle(key: string, batch: readonly Pending<In, Out>[]): Promise<{ error: unknown } | undefined> {
    let results: readonly Out[];
    try {
      results = await this.write(
        key,
        batch.map((pending) => pending.item),
      );
    } catch (error) {
      return { error };
    }
    if (results.length !== batch.length) {
      const error = new Error(`A coalesced statement answered ${results.length} results for ${batch.length} writes.`);
      for (const pending of batch) pending.reject(error);
    } else batch.forEach((pending, i) => pending.resolve(results[i]!));
    return undefined;
  }
}

interface Pending<In, Out> {
  readonly item: In;
  readonly resolve: (result: Out) => void;
  readonly reject: (error: unknown) => void;
}
