import { describe, expect, it } from 'vitest';
import { checkPromql } from '../../../src/spec/promql.js';

describe('PromQL check (official lezer grammar)', () => {
  it.each([
    'up{job="node"} == 0',
    'rate(process_cpu_seconds_total{job="api"}[5m]) > 0.8',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2',
    '(sum(rate(tempo_distributor_spans_received_total[5m])) or vector(0)) == 0',
    'absent(traces_service_graph_request_total)',
  ])('accepts %s', (expr) => expect(checkPromql(expr)).toBeUndefined());

  it('locates an unexpected token', () => {
    expect(checkPromql('sum(rate(x[5m]) by (q) > 1')).toEqual({
      offset: 16,
      message: 'invalid PromQL: unexpected "by" at column 17 of the expression',
    });
  });

  it('reports an unfinished expression', () => {
    expect(checkPromql('up ==')?.message).toBe('invalid PromQL: unexpected end of expression');
  });

  it('refuses an empty expression', () => {
    expect(checkPromql('  ')?.message).toBe('PromQL expression is empty');
  });
});
