import { describe, expect, it } from 'vitest';
import { formatDiagnostic, DiagnosticsError } from '../../src/spec/diagnostics.js';
import { loadSpec } from '../../src/spec/load.js';
import { escalationRoutes, escalations } from '../../src/escalation/escalation.js';

/** `escalate:` resolved from rules and nested routes, and refused with exact located messages. */
const base = [
  'apiVersion: mon/v1',
  'project: shop',
  'services:',
  '  - name: api',
  '    targets: ["127.0.0.1:8080"]',
  'notifications:',
  '  receivers: [{name: oncall}, {name: boss}]',
];
const load = (lines: string[]) => loadSpec(`${[...base, ...lines].join('\n')}\n`, 'm.yaml');
const errors = (lines: string[]) => {
  try {
    load(lines);
  } catch (e) {
    if (e instanceof DiagnosticsError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the spec to fail');
};

describe('escalate', () => {
  it('a nested route escalates what its parents and it match', () => {
    const { spec } = load([
      '  route:',
      '    receiver: oncall',
      '    routes:',
      '      - matchers: [\'team="db"\']',
      '        routes:',
      '          - {matchers: [\'severity="critical"\'], escalate: [{after: 10m, receiver: boss}]}',
    ]);
    expect(escalations(spec).map((e) => [e.id, e.stem, e.matchers.map((m) => `${m.name}${m.op}${m.value}`)])).toEqual([
      ['route-0-0', 'Route0_0', ['team=db', 'severity=critical']],
    ]);
    expect(escalationRoutes(spec).map((r) => [r.receiver, r.matchers.map((m) => m.value), r.continue])).toEqual([
      ['boss', ['route-0-0', '1'], false],
    ]);
  });

  it('refuses an unknown receiver, tiers out of order, under a minute, and a recording rule', () => {
    expect(
      errors([
        '  route:',
        '    receiver: oncall',
        '    escalate: [{after: 10m, receiver: bos}, {after: 5m, receiver: boss}, {after: 30s, receiver: boss}]',
        'alerts:',
        '  rules:',
        '    - {record: "a:b", expr: up, escalate: [{after: 5m, receiver: boss}]}',
      ]),
    ).toEqual([
      'm.yaml:10:39 notifications.route.escalate[0].receiver: no receiver named "bos"; did you mean "boss"?',
      'm.yaml:10:53 notifications.route.escalate[1].after: tier 2 escalates after 5m, not later than tier 1: list tiers from the first to the last',
      'm.yaml:10:82 notifications.route.escalate[2].after: escalating after 30s is below a minute: write 1m or more',
      'm.yaml:13:16 alerts.rules[0].record: warning: untested rule: add a `test:` block (input series and expected samples)',
      'm.yaml:13:33 alerts.rules[0].escalate: only alerting rules escalate; a:b is a recording rule',
    ]);
  });
});
