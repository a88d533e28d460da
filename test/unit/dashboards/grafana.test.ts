import { describe, expect, it } from 'vitest';
import { panelTime, roundInterval } from '../../../src/dashboards/grafana-time.js';
import {
  customValues,
  interpolate,
  interpolatedValue,
  parseLabelValues,
  usedVariables,
} from '../../../src/dashboards/variables.js';
import { boxOf } from '../../../src/dashboards/html.js';

describe("Grafana's intervals", () => {
  it('rounds as roundInterval() does', () => {
    expect([3750, 11250, 1800000 / 960, 5400000].map(roundInterval)).toEqual([5000, 10000, 2000, 7200000]);
  });
  it('$__interval, $__rate_interval and $__range of a panel', () => {
    const at = 1_700_000_000_000;
    // MyStocks: 30s datasource interval, 1h, half width: 3.75s rounds to 5s, raised to 30s; rate max(30+30, 4*30)
    expect(panelTime('1h', 12, '30s', at)).toEqual({
      startS: 1_700_000_000 - 3600,
      endS: 1_700_000_000,
      stepS: 30,
      builtins: {
        __interval: '30s',
        __interval_ms: '30000',
        __rate_interval: '120s',
        __range: '3600s',
        __range_s: '3600',
        __range_ms: '3600000',
      },
    });
    expect(panelTime('1h', 12, '1s', at).builtins.__rate_interval).toBe('6s');
    expect(panelTime('6h', 24, '15s', at).builtins).toMatchObject({ __interval: '15s', __rate_interval: '60s' });
    // 30 days on 6 columns: 2h steps (range/11000 = 236s is below that)
    expect(panelTime('30d', 6, '15s', at)).toMatchObject({ stepS: 7200, builtins: { __rate_interval: '7215s' } });
  });
});

describe('template variables', () => {
  it('replaces $x, ${x}, ${x:fmt} and [[x]], leaves unknown ones', () => {
    expect(
      interpolate('a{job="$job",i=~"${instance}",k="${instance:raw}",o="[[job]]"}[$__rate_interval] $other', {
        job: 'api',
        instance: 'h',
        __rate_interval: '2m',
      }),
    ).toBe('a{job="api",i=~"h",k="h",o="api"}[2m] $other');
    expect(usedVariables('x{a="$job",b="$__interval"}')).toEqual(['job']);
  });
  it('regex-escapes the value of a multi or include-All variable, as the Prometheus datasource does', () => {
    expect(interpolatedValue({ includeAll: true }, '127.0.0.1:8000')).toBe('127\\\\.0\\\\.0\\\\.1:8000');
    expect(interpolatedValue({}, '127.0.0.1:8000')).toBe('127.0.0.1:8000');
  });
  it('parses label_values() and custom lists', () => {
    expect(parseLabelValues('label_values(up{job="$job"}, instance)')).toEqual({
      selector: 'up{job="$job"}',
      label: 'instance',
    });
    expect(parseLabelValues('label_values(job)')).toEqual({ label: 'job' });
    expect(parseLabelValues('query_result(up)')).toBeUndefined();
    expect(customValues('a, b ,Prod : prod')).toEqual(['a', 'b', 'prod']);
  });
});

describe("Grafana's grid", () => {
  it('24 columns, 30 px rows, 8 px margins', () => {
    expect(boxOf({ x: 0, y: 0, w: 12, h: 8 }, 1568)).toEqual({ left: 0, top: 0, width: 780, height: 296 });
    expect(boxOf({ x: 12, y: 8, w: 12, h: 8 }, 1568)).toEqual({ left: 788, top: 304, width: 780, height: 296 });
  });
});
