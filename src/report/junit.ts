import { formatDiagnostic } from '../spec/diagnostics.js';
import type { CheckResult } from './checks.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one testsuite per command run, one testcase per check. */
export function junitXml(suite: string, checks: readonly CheckResult[]): string {
  const failures = checks.filter((c) => c.status === 'fail').length;
  const skippedN = checks.filter((c) => c.status === 'skip').length;
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const total = checks.reduce((t, c) => t + c.durationMs, 0);
  const cases = checks.map((c) => {
    const open = `    <testcase classname="${esc(suite)}" name="${esc(`${c.id}: ${c.name}`)}" time="${time(c.durationMs)}"`;
    const text = [c.details ?? '', ...(c.diagnostics ?? []).map(formatDiagnostic)].filter(Boolean).join('\n');
    if (c.status === 'fail') return `${open}>\n      <failure message="${esc(c.details?.split('\n')[0] ?? 'failed')}">${esc(text)}</failure>\n    </testcase>`;
    if (c.status === 'skip') return `${open}>\n      <skipped message="${esc(c.details ?? '')}"/>\n    </testcase>`;
    return `${open}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mon" tests="${checks.length}" failures="${failures}" skipped="${skippedN}" time="${time(total)}">`,
    `  <testsuite name="${esc(suite)}" tests="${checks.length}" failures="${failures}" skipped="${skippedN}" time="${time(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
