/** For the progress tests: a progress sink that keeps what it is given, as a terminal or as a pipe. */
import type { ProgressSink } from './progress.js';

export function recordingSink(isTTY: boolean): ProgressSink & { text: string } {
  const sink = {
    text: '',
    isTTY,
    write(text: string) {
      sink.text += text;
    },
  };
  return sink;
}
