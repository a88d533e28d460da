import { describe, expect, it } from 'vitest';
import { formatDiagnostic, DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';
import { specRules } from '../../../src/spec/rules.js';

/** The input checks that warn (the spec still loads), and YAML features a real spec uses. */
const base = [
  'apiVersion: mon/v1',
  'project: shop',
  'services:',
  '  - name: api',
  '    runtime: python',
  '    targets: ["127.0.0.1:8080"]',
];
const load = (lines: string[]) => loadSpec(`${lines.join('\n')}\n`, 'm.yaml');
const lines = (lines: string[]) => load(lines).warnings.map(formatDiagnostic);
const errors = (text: string[]) => {
  try {
    load(text);
  } catch (e) {
    if (e instanceof DiagnosticsError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the spec to fail');
};

describe('input checks that warn', () => {
  it('a job label on a service', () => {
    expect(lines([...base, '    labels: {job: other}'])).toEqual([
      'm.yaml:7:14 services[0].labels.job: warning: a "job" label replaces the job name "api" on every scraped series, so pack rules selecting job="api" match nothing',
    ]);
  });
});

describe('input checks that refuse', () => {
  it('a rule expression that is a string or a range vector (the PromQL gate, located)', () => {
    const test = 'test: {series: [{series: up, values: "1"}], expect: [{at: 1m, alerts: []}]}';
    const rules = [
      'alerts:',
      '  rules:',
      `    - {alert: Str, expr: '"a string"', ${test}}`,
      `    - {alert: Range, expr: "(up[5m])", ${test}}`,
    ];
    expect(errors([...base, ...rules, `    - {alert: Fine, expr: "rate(up[5m]) > 1", ${test}}`])).toEqual([
      "m.yaml:9:27 alerts.rules[0].expr: an alerting rule's expression must be an instant vector or a scalar, got a string: a rule needs a query such as up == 0",
      "m.yaml:10:29 alerts.rules[1].expr: an alerting rule's expression must be an instant vector or a scalar, got a range vector",
    ]);
  });
});

describe('YAML a real spec uses', () => {
  it('121 services sharing labels: *common (more than the yaml package allows by default)', () => {
    const services = [
      '  - name: s0',
      '    targets: ["127.0.0.1:8000"]',
      '    labels: &common {team: platform, tier: backend}',
    ];
    for (let i = 1; i <= 120; i++)
      services.push(`  - name: s${i}`, `    targets: ["127.0.0.1:${8000 + i}"]`, '    labels: *common');
    const spec = load(['apiVersion: mon/v1', 'project: shop', 'services:', ...services]).spec;
    expect(spec.services).toHaveLength(121);
    expect(spec.services.every((s) => s.labels?.tier === 'backend')).toBe(true);
  });

  it('merge keys', () => {
    const spec = load([
      ...base,
      '    labels: {team: a}',
      '  - &web',
      '    name: web',
      '    targets: ["127.0.0.1:8081"]',
      '  - <<: *web',
      '    name: web2',
    ]).spec;
    expect(spec.services[2]).toEqual({ name: 'web2', targets: ['127.0.0.1:8081'] });
  });

  it('a duration out of range anywhere the schema has one (retention, verify timeout)', () => {
    expect(errors([...base, 'verify: {timeout: 300y}'])).toEqual([
      'm.yaml:7:19 verify.timeout: duration "300y" is out of range: Prometheus and Alertmanager take at most 292y24w3d23h47m16s854ms',
    ]);
    expect(
      errors([
        'apiVersion: mon/v1',
        'project: shop',
        'prometheus: {retention: 292y24w3d23h47m16s855ms}',
        ...base.slice(2),
      ]),
    ).toHaveLength(1);
    expect(
      load([
        'apiVersion: mon/v1',
        'project: shop',
        'prometheus: {retention: 292y24w3d23h47m16s854ms}',
        ...base.slice(2),
      ]).spec.prometheus?.retention,
    ).toBe('292y24w3d23h47m16s854ms');
  });

  it('"..." in groupBy with other labels', () => {
    const n = [
      'notifications:',
      '  receivers: [{name: a, webhook: {url: "http://127.0.0.1:1/"}}]',
      '  route: {receiver: a, groupBy: [alertname, "..."]}',
    ];
    expect(errors([...base, ...n])).toEqual([
      'm.yaml:9:45 notifications.route.groupBy[1]: "..." groups by every label, so it cannot be listed with other labels',
    ]);
  });

  it('Go RE2 regexes that JavaScript would refuse are accepted: (?i) and POSIX classes', () => {
    const n = [
      'notifications:',
      '  receivers: [{name: a, webhook: {url: "http://127.0.0.1:1/"}}, {name: b, webhook: {url: "http://127.0.0.1:2/"}}]',
      '  route:',
      '    receiver: a',
      '    routes: [{matchers: [\'service=~"(?i)API-[[:digit:]]+"\'], receiver: b}]',
    ];
    expect(load([...base, ...n]).spec.notifications?.route?.routes).toHaveLength(1);
  });
});

describe('rule lists', () => {
  it('every rule has a unique name', () => {
    const names = specRules.flat().map((r) => r.name);
    expect(names.length).toBeGreaterThan(30);
    expect(new Set(names).size).toBe(names.length);
  });
});
