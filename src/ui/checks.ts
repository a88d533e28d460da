import type { CheckResult } from '../report/checks.js';
import type { Suite } from '../report/junit.js';
import { colors, ui } from './output.js';
import { plural } from './text.js';

/** The human view of a check list: one line per check, details indented below failures. */
export function printChecks(checks: readonly CheckResult[]): void {
  const c = colors();
  const mark = { pass: c.green('ok  '), fail: c.red('FAIL'), skip: c.yellow('skip') } as const;
  const width = Math.max(...checks.map((k) => k.id.length));
  for (const k of checks) {
    const first = k.details?.split('\n')[0] ?? '';
    ui.result(
      `${mark[k.status]} ${k.id.padEnd(width)}  ${first}${k.status === 'pass' ? c.dim(` (${k.durationMs} ms)`) : ''}`,
    );
    if (k.status === 'fail') {
      for (const line of (k.details ?? '').split('\n').slice(1)) ui.result(`       ${line}`);
    }
  }
  for (const k of checks) if (k.diagnostics?.length) ui.diagnostics(k.diagnostics);
  const failed = checks.filter((k) => k.status === 'fail').length;
  const skips = checks.filter((k) => k.status === 'skip');
  const line = `${checks.length - failed - skips.length} passed, ${failed} failed, ${skips.length} skipped`;
  if (failed) ui.info(c.red(line));
  else ui.success(line);
  if (skips.length) ui.info(c.yellow(`skipped: ${skipReasons(skips)}`));
}

/** The reasons checks were skipped, each once, with how many checks it skipped. */
export function skipReasons(skips: readonly CheckResult[]): string {
  const by = new Map<string, number>();
  for (const k of skips) {
    const why = (k.details ?? 'no reason given').split('\n')[0]!;
    by.set(why, (by.get(why) ?? 0) + 1);
  }
  return [...by].map(([why, n]) => `${why}${n > 1 ? ` (${n} checks)` : ''}`).join('; ');
}

/** `mon test`: rules grouped under their rule group, failures with promtool's words. */
export function printRuleTests(suites: readonly Suite[]): void {
  const c = colors();
  const mark = { pass: c.green('ok  '), fail: c.red('FAIL'), skip: c.yellow('skip') } as const;
  for (const s of suites) {
    const passed = s.checks.filter((k) => k.status === 'pass').length;
    const untested = s.checks.filter((k) => k.status === 'skip').length;
    ui.result(
      `${s.name}: ${passed} of ${plural(s.checks.length, 'rule')} pass${untested ? `, ${untested} without a test` : ''}`,
    );
    for (const k of s.checks) {
      const rule = k.id.slice(s.name.length + 1);
      ui.result(
        `  ${mark[k.status]} ${rule}${k.status === 'pass' ? c.dim(`  ${k.details ?? ''}`) : `  ${k.details?.split('\n')[0] ?? ''}`}`,
      );
      if (k.status === 'fail') for (const line of (k.details ?? '').split('\n').slice(1)) ui.result(`         ${line}`);
    }
  }
  const all = suites.flatMap((s) => s.checks);
  const failed = all.filter((k) => k.status === 'fail').length;
  const line = `${all.length - failed - all.filter((k) => k.status === 'skip').length} passed, ${failed} failed`;
  if (failed) ui.info(c.red(line));
  else ui.success(line);
}
