import { formatDiagnostic } from '../spec/diagnostics.js';
import type { CheckResult } from './checks.js';

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const time = (ms: number) => (ms / 1000).toFixed(3);

export interface Suite {
  name: string;
  checks: readonly CheckResult[];
}

function counts(checks: readonly CheckResult[]) {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.status === 'fail').length,
    skipped: checks.filter((c) => c.status === 'skip').length,
    ms: checks.reduce((t, c) => t + c.durationMs, 0),
  };
}

function testcase(suite: string, c: CheckResult): string {
  const open = `    <testcase classname="${esc(suite)}" name="${esc(`${c.id}: ${c.name}`)}" time="${time(c.durationMs)}"`;
  const text = [c.details ?? '', ...(c.diagnostics ?? []).map(formatDiagnostic)].filter(Boolean).join('\n');
  if (c.status === 'fail')
    return `${open}>\n      <failure message="${esc(c.details?.split('\n')[0] ?? 'failed')}">${esc(text)}</failure>\n    </testcase>`;
  if (c.status === 'skip') return `${open}>\n      <skipped message="${esc(c.details ?? '')}"/>\n    </testcase>`;
  return `${open}/>`;
}

/** JUnit XML: one testsuite per suite (a command run, or a rule group), one testcase per check. */
export function junitXml(suites: readonly Suite[]): string {
  const all = counts(suites.flatMap((s) => s.checks));
  const body = suites.flatMap((s) => {
    const c = counts(s.checks);
    return [
      `  <testsuite name="${esc(s.name)}" tests="${c.tests}" failures="${c.failures}" skipped="${c.skipped}" time="${time(c.ms)}">`,
      ...s.checks.map((k) => testcase(s.name, k)),
      '  </testsuite>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mon" tests="${all.tests}" failures="${all.failures}" skipped="${all.skipped}" time="${time(all.ms)}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
