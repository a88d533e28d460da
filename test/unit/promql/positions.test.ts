import { describe, expect, it } from 'vitest';
import { promqlProblems, promqlVersion } from '../../../src/promql/index.js';
import { checkPromql, specPromqlVersion } from '../../../src/spec/promql.js';

describe('PromQL problems are located inside the expression', () => {
  it.each([
    ['rate(http_requests_total) > 1', 5, 24],
    ['up or 0', 3, 5],
    ['sum(up) offset 5m', 0, 17],
    ['up{job=~"(?!a)"}', 8, 15],
    ['up{job="\\d"}', 8, 11],
    ['rat(up[5m])', 0, 3],
    ['topk(up, 5)', 5, 7],
    ['1 == 1', 2, 4],
  ])('%s at [%i, %i)', (expr, offset, end) => {
    expect(promqlProblems(expr)[0]).toMatchObject({ offset, end });
  });

  it('reports every problem of an expression in one pass, in order', () => {
    expect(promqlProblems('rate(a) + rat(b[5m]) + (c or 1)').map((p) => p.offset)).toEqual([5, 10, 26]);
  });

  it('keeps the first-problem API for existing callers', () => {
    expect(checkPromql('up or 0')?.message).toBe(
      '"or" needs instant vectors on both sides; the right side is a scalar: write up or vector(0)',
    );
    expect(checkPromql('up == 0')).toBeUndefined();
  });
});

describe('the PromQL dialect follows the Prometheus version', () => {
  it.each([
    [undefined, '3'],
    ['2.42.0', '2'],
    ['v2.55.1', '2'],
    ['3', '3'],
    ['3.16.0', '3'],
    [2, '2'],
  ])('%s -> %s', (version, line) => expect(promqlVersion(version)).toBe(line));

  it('reads prometheus.version from a spec when there is one, else 3', () => {
    expect(specPromqlVersion({})).toBe('3');
    expect(specPromqlVersion({ prometheus: {} })).toBe('3');
    expect(specPromqlVersion({ prometheus: { version: '2.42.0' } })).toBe('2');
  });
});
