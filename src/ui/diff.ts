import type { LiveDiff } from '../targets/live-diff.js';
import { colors, ui } from './output.js';

/** Unified diffs on stdout, coloured as git colours them when colour is on. */
export function printDiff(changes: readonly LiveDiff[]): void {
  const c = colors();
  for (const change of changes) {
    for (const line of change.diff.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('+++') || line.startsWith('---')) ui.result(c.bold(line));
      else if (line.startsWith('@@')) ui.result(c.cyan(line));
      else if (line.startsWith('+')) ui.result(c.green(line));
      else if (line.startsWith('-')) ui.result(c.red(line));
      else ui.result(line);
    }
  }
}
