import { describe, expect, it } from 'vitest';
import { DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';

const base = ['apiVersion: mon/v1', 'project: shop', 'services:', '  - name: api', '    targets: ["127.0.0.1:8080"]'];
const load = (lines: string[]) => loadSpec(`${lines.join('\n')}\n`, 'm.yaml');
const errorsOf = (lines: string[]) => {
  try {
    load(lines);
  } catch (e) {
    if (e instanceof DiagnosticsError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected the spec to fail');
};

describe('loadSpec', () => {
  it('loads a minimal spec without warnings', () => {
    const loaded = load(base);
    expect(loaded.spec.project).toBe('shop');
    expect(loaded.warnings).toEqual([]);
  });

  it('locates an error inside a quoted PromQL string', () => {
    const d = errorsOf([...base, 'alerts:', '  rules:', '    - alert: X', '      expr: "up == == 0"']).filter(
      (x) => x.severity === 'error',
    );
    expect(d).toEqual([
      expect.objectContaining({
        line: 9,
        col: 20,
        path: 'alerts.rules[0].expr',
        message: 'invalid PromQL: unexpected "==" at column 7 of the expression',
      }),
    ]);
  });

  it('points a PromQL error in a block scalar at the scalar', () => {
    const d = errorsOf([...base, 'alerts:', '  rules:', '    - alert: X', '      expr: |', '        up ==']).filter(
      (x) => x.severity === 'error',
    );
    expect(d[0]).toMatchObject({ line: 9, col: 13, path: 'alerts.rules[0].expr' });
  });

  it('warns about dashboards without Grafana', () => {
    const loaded = load([...base, 'dashboards:', '  presets: [alerts]']);
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 6,
        col: 1,
        path: 'dashboards',
        message: 'dashboards are rendered only with Grafana: add a grafana: section',
      }),
    ]);
  });

  it('warns about a custom rule without a test, at its name', () => {
    const loaded = load([...base, 'alerts:', '  rules:', '    - record: job:up:sum', '      expr: sum by (job) (up)']);
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        line: 8,
        col: 15,
        path: 'alerts.rules[0].record',
        message: 'untested rule: add a `test:` block (input series and expected samples)',
      }),
    ]);
  });

  it('warns when a tested group is so large that promtool slows down', () => {
    const rule = (i: number) => [
      `    - alert: A${i}`,
      '      expr: up == 0',
      '      test: {series: [], expect: [{at: 1m, alerts: []}]}',
    ];
    const loaded = load([...base, 'alerts:', '  rules:', ...Array.from({ length: 101 }, (_, i) => rule(i)).flat()]);
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        line: 8,
        col: 7,
        path: 'alerts.rules[0]',
        message: expect.stringContaining('group "custom" has 101 tested rules'),
      }),
    ]);
  });

  it('warns when a ratio is set for a sampler that ignores it', () => {
    const loaded = load([...base, '    tracing: {sampler: always_on, ratio: 0.1}', 'tempo: {}']);
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        path: 'services[0].tracing.ratio',
        message: 'ratio is ignored by the always_on sampler',
      }),
    ]);
  });

  it('caps nothing it should not: an inherited timeout above a short interval is fine', () => {
    expect(() => load([...base, '    scrapeInterval: 5s'])).not.toThrow();
  });

  it('refuses YAML anchors that explode (billion laughs)', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ];
    expect(() => load(bomb)).toThrow();
  });
});
