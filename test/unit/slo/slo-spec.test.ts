import { describe, expect, it } from 'vitest';
import { formatDiagnostic, DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';

/** `slos:` refused by the schema and the SLO spec rules, each with its exact located message. */
const base = [
  'apiVersion: mon/v1',
  'project: shop',
  'services:',
  '  - name: api',
  '    targets: ["127.0.0.1:8080"]',
  'slos:',
];
const errors = (lines: string[]) => {
  try {
    loadSpec(`${[...base, ...lines].join('\n')}\n`, 'm.yaml');
  } catch (e) {
    if (e instanceof DiagnosticsError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the spec to fail');
};
const events = 'sli: {events: {good: \'http_requests_total{code!~"5.."}\', total: http_requests_total}}';

describe('slos: refused', () => {
  it('a period other than 28d/30d, and an SLI with neither or both kinds (schema)', () => {
    expect(
      errors([
        `  - {name: a, service: api, objective: 99, window: 7d, ${events}}`,
        '  - {name: b, service: api, objective: 99, sli: {}}',
      ]),
    ).toEqual([
      'm.yaml:7:52 slos[0].window: must be one of 28d, 30d, got "7d"',
      'm.yaml:8:49 slos[1].sli: must have exactly one of events or latency',
    ]);
  });

  it('an unknown service, a bad selector, a _bucket histogram, a duplicate, an objective that could never fire', () => {
    expect(
      errors([
        `  - {name: a, service: apii, objective: 99.9, ${events}}`,
        '  - {name: b, service: api, objective: 99.9, sli: {events: {good: \'x{code="5"\', total: x}}}',
        '  - {name: c, service: api, objective: 99, sli: {latency: {histogram: d_seconds_bucket, threshold: 1}}}',
        `  - {name: c, service: api, objective: 90, ${events}}`,
      ]),
    ).toEqual([
      'm.yaml:7:24 slos[0].service: no service named "apii"; did you mean "api"?',
      'm.yaml:8:67 slos[1].sli.events.good: not a series selector: write metric_name or metric_name{label="value"}',
      "m.yaml:9:71 slos[2].sli.latency.histogram: write the histogram's base name, not d_seconds_bucket",
      'm.yaml:10:12 slos[3].name: duplicate SLO "c" of service api (first at line 9)',
      "m.yaml:10:40 slos[3].objective: with an objective of 90% the page alert's 14.4x burn over 1h needs an error ratio of 144%: it could never fire",
    ]);
  });

  it('an objective where the alert is off loads', () => {
    const spec = loadSpec(
      `${[...base, `  - {name: a, service: api, objective: 90, alerts: {page: {enabled: false}}, ${events}}`].join('\n')}\n`,
      'm.yaml',
    );
    expect(spec.spec.slos?.[0]?.objective).toBe(90);
  });
});
