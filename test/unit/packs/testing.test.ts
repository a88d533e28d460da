import { describe, expect, it } from 'vitest';
import { shapes } from '../../../src/packs/fixtures.js';
import { levels, ruleTestCases } from '../../../src/packs/testing/cases.js';
import { expandTemplate } from '../../../src/packs/testing/expand.js';
import { formatG4, goFloat, humanize, humanize1024, humanizePercentage } from '../../../src/packs/testing/humanize.js';

describe("Prometheus's number formatting", () => {
  it.each([
    [0.84, '840m'],
    [1.2, '1.2'],
    [1500, '1.5k'],
    [2147483648, '2.147G'],
    [0.0005, '500u'],
    [12.3456, '12.35'],
  ])('humanize(%d) = %s', (v, s) => expect(humanize(v)).toBe(s));
  it.each([
    [1127428915.2, '1.05Gi'],
    [1024, '1ki'],
    [512, '512'],
    [0.5, '0.5'],
  ])('humanize1024(%d) = %s', (v, s) => expect(humanize1024(v)).toBe(s));
  it('humanizePercentage and %.4g', () => {
    expect(humanizePercentage(0.0525)).toBe('5.25%');
    expect(formatG4(123456)).toBe('1.235e+05');
    expect(formatG4(0.00001234)).toBe('1.234e-05');
    expect(goFloat(0.1)).toBe('0.1');
    expect(goFloat(3)).toBe('3');
  });
});

describe('expandTemplate', () => {
  it('expands labels and value pipelines', () => {
    expect(
      expandTemplate('{{ $labels.instance }} at {{ $value | humanizePercentage }}', { instance: 'a:1' }, 0.1),
    ).toBe('a:1 at 10%');
    expect(expandTemplate('{{$labels.missing}}', {}, 1)).toBe('<no value>');
  });
  it('refuses what it cannot predict', () => {
    expect(expandTemplate('{{ printf "%.2f" $value }}', {}, 1)).toBeUndefined();
    expect(expandTemplate('{{ if gt $value 1.0 }}high{{ end }}', {}, 1)).toBeUndefined();
  });
});

describe('test levels', () => {
  it('brackets a threshold just above and just below', () => {
    expect(levels('>', 'number', 0.8)).toMatchObject({ near: 0.8 * 1.05, calm: 0.8 * 0.95 });
    expect(levels('<', 'ratio', 0.8)).toMatchObject({ near: 0.8 * 0.95, calm: 0.8 * 1.05 });
    expect(levels('==', 'number', 0)).toEqual({ near: 0, calm: 1, strong: [0] });
    expect(levels('>', 'number', 0)).toMatchObject({ near: 1, calm: 0 });
  });
  it('stays inside a bounded unit', () => {
    expect(levels('>', 'percent', 98).near).toBe(99);
  });
});

describe('ruleTestCases', () => {
  const base = {
    alert: 'X',
    compare: '>' as const,
    unit: 'number' as const,
    labels: { severity: 'warning' },
    annotations: { summary: '{{ $value | humanize }} cores' },
  };

  it('times a gauge rule exactly: quiet a minute before `for`, firing at `for`', () => {
    const cases = ruleTestCases({
      ...base,
      for: '5m',
      threshold: 10,
      fixture: {
        series: (v) => [{ metric: 'g', labels: { a: 'b' }, kind: 'gauge', value: v }],
        value: shapes.gauge,
        labels: { a: 'b' },
      },
    });
    expect(cases.map((c) => c.name)).toEqual(['X: fires after 5m, not before', 'X: quiet just short of the threshold']);
    expect(cases[0]!.checks).toEqual([
      { at: 4, alerts: [] },
      { at: 5, alerts: [{ labels: { a: 'b', severity: 'warning' }, annotations: { summary: '10.5 cores' } }] },
    ]);
    expect(cases[1]!.series[0]!.value).toBe(9.5);
  });

  it('drives a rate rule hard enough to hold from the second sample, and separately just past the threshold', () => {
    const cases = ruleTestCases({
      ...base,
      for: '5m',
      threshold: 1,
      fixture: {
        series: (v) => [{ metric: 'c', labels: {}, kind: 'counter', value: v }],
        value: shapes.rate(5),
        labels: {},
      },
    });
    const [timing, near] = cases;
    expect(timing!.series[0]!.value).toBe(10); // 10 * 1/5 > 1 at the first rate
    expect(timing!.checks.map((c) => c.at)).toEqual([5, 6]);
    expect(near!.name).toBe('X: fires just past the threshold');
    expect(near!.checks[0]!.at).toBe(10); // 1.05 * t/5 > 1 from t = 5
  });

  it('refuses a fixture that cannot fire', () => {
    expect(() =>
      ruleTestCases({ ...base, threshold: 1, fixture: { series: () => [], value: () => 0, labels: {} } }),
    ).toThrow('cannot make the rule fire');
  });
});
