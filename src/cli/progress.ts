/**
 * Progress of long CLI commands, on standard error: "label: 1200/5000 (24%)". Shown when standard error is a
 * terminal (one line rewritten in place, at most ten times a second) or with --progress (a line at each tenth,
 * for logs). Only labels and counts are printed: never a name, an id or any other record content.
 */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Progress {
  /** `done` of `total` (total unknown: the count alone). */
  update(done: number, total?: number): void;
  /** Ends the line. */
  finish(): void;
}

const SILENT: Progress = { update() {}, finish() {} };

export function progressText(label: string, done: number, total?: number): string {
  if (total === undefined) return `${label}: ${done}`;
  const percent = total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
  return `${label}: ${done}/${total} (${percent}%)`;
}

/** A progress line for `label`, or one that prints nothing when neither a terminal nor --progress asks for it. */
export function createProgress(
  label: string,
  sink: ProgressSink | undefined,
  requested: boolean,
  now: () => number = Date.now,
): Progress {
  if (!sink || !(sink.isTTY || requested)) return SILENT;
  let lastAt = -Infinity;
  let lastTenth = -1;
  let last: { done: number; total?: number | undefined } | undefined;
  let shown = false;
  return {
    update(done, total) {
      last = { done, total };
      if (sink.isTTY) {
        const t = now();
        if (t - lastAt < 100 && done !== total) return;
        lastAt = t;
        sink.write(`\r${progressText(label, done, total)}\u001b[K`);
        shown = true;
        return;
      }
      const tenth = total ? Math.floor((done / total) * 10) : Math.floor(Math.log10(Math.max(1, done)));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      sink.write(`${progressText(label, done, total)}\n`);
    },
    finish() {
      if (sink.isTTY && (shown || last)) sink.write(`\r${progressText(label, last?.done ?? 0, last?.total)}\u001b[K\n`);
    },
  };
}
