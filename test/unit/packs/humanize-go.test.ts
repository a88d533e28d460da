import { describe, expect, it } from 'vitest';
import { formatG4, humanize, humanize1024 } from '../../../src/packs/testing/humanize.js';
import { ruleTestCases } from '../../../src/packs/testing/cases.js';
import { expandTemplate } from '../../../src/packs/testing/expand.js';
import { counter, shapes } from '../../../src/packs/fixtures.js';

describe("Go's %.4g", () => {
  // Each pair printed by Go 1.26's fmt.Printf("%.4g") (200000 random values agreed; these are the ties)
  it.each([
    [5.3125, '5.312'],
    [5.3135, '5.314'],
    [1234.5, '1234'],
    [1235.5, '1236'],
    [-1234.5, '-1234'],
    [9.9995, '9.999'],
    [99995, '1e+05'],
    [3.0765, '3.076'],
    [0.03125, '0.03125'],
    [0.00012345, '0.0001234'],
    [123456, '1.235e+05'],
  ])('%d -> %s (an exact tie rounds to even)', (v, want) => expect(formatG4(v)).toBe(want));

  it('humanize and humanize1024 use it', () => {
    expect(humanize(5828.5)).toBe('5.829k'); // 5.8285 is not a double: the quotient lies just above the tie (Go: 5.829)
    expect(humanize(5828500)).toBe('5.829M'); // Go: 5.829
    expect(humanize1024(5440)).toBe('5.312ki');
  });
});

describe('generated expectations stay off rounding edges', () => {
  const rule = (threshold: number, description: string) => ({
    alert: 'Cpu',
    for: '5m',
    compare: '>' as const,
    unit: 'number' as const,
    threshold,
    labels: {},
    annotations: { description },
    fixture: { series: (v: number) => [counter('cpu_seconds_total', {}, v)], value: shapes.rate(5), labels: {} },
  });

  it('2.93 * 1.05 = 3.0765 is nudged to a level whose %.4g reads the same a few ULPs either side', () => {
    const cases = ruleTestCases(rule(2.93, 'uses {{ $value | humanize }} cores'));
    for (const c of cases) {
      for (const check of c.checks) {
        for (const a of check.alerts) {
          const text = a.annotations.description!;
          const v = Number(/uses (\S+) cores/.exec(text)![1]);
          expect(text).not.toBe('uses 3.076 cores'); // 3.0765, on the edge
          expect(expandTemplate('uses {{ $value | humanize }} cores', {}, v * (1 + 1e-9))).toBe(
            expandTemplate('uses {{ $value | humanize }} cores', {}, v * (1 - 1e-9)),
          );
        }
      }
    }
  });

  it('a raw {{ $value }} cannot be kept off an edge: the level stays as computed', () => {
    const near = ruleTestCases(rule(2.93, 'uses {{ $value }} cores')).find((c) => c.name.includes('just past'))!;
    expect(near.series[0]!.value).toBeCloseTo(2.93 * 1.05, 12);
  });
});
