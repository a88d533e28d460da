import type { CheckResult } from '../report/checks.js';
import { colors, ui } from './output.js';

/** The human view of a check list: one line per check, details indented below failures. */
export function printChecks(checks: readonly CheckResult[]): void {
  const c = colors();
  const mark = { pass: c.green('ok  '), fail: c.red('FAIL'), skip: c.yellow('skip') } as const;
  const width = Math.max(...checks.map((k) => k.id.length));
  for (const k of checks) {
    const first = k.details?.split('\n')[0] ?? '';
    ui.result(`${mark[k.status]} ${k.id.padEnd(width)}  ${first}${k.status === 'pass' ? c.dim(` (${k.durationMs} ms)`) : ''}`);
    if (k.status === 'fail') {
      for (const line of (k.details ?? '').split('\n').slice(1)) ui.result(`       ${line}`);
    }
  }
  for (const k of checks) if (k.diagnostics?.length) ui.diagnostics(k.diagnostics);
  const failed = checks.filter((k) => k.status === 'fail').length;
  const line = `${checks.length - failed - checks.filter((k) => k.status === 'skip').length} passed, ${failed} failed`;
  if (failed) ui.info(c.red(line));
  else ui.success(line);
}
