import { jobs } from '../model/conventions.js';
import type { AlertRule, RecordingRule, RuleGroup, UnitTest } from '../model/types.js';
import { alertRule } from './rule.js';
import { formatDuration, parseDuration } from '../spec/duration.js';
import { promqlProblems, specPromqlVersion } from '../spec/promql.js';
import { rule, type SpecRule } from '../spec/rule.js';

/**
 * Capacity: `predict_linear` of a gauge over a lookback window, `horizon` ahead, against its limit,
 * as node-mixin's NodeFilesystemSpaceFillingUp does for disks (predict_linear of the available
 * bytes over 6h crossing zero within the horizon, while under 40% free and writable); memory the
 * same on MemAvailable; any spec-named gauge against its limit. Each also records the time to full
 * at the current rate, `capacity:<name>:seconds_to_full` (deriv over the lookback; no series while
 * the gauge is not growing).
 */
export interface CapacityGaugeSpec {
  name: string;
  /** a gauge expression (instant vector) */
  expr: string;
  limit: number;
  horizon?: string;
  lookback?: string;
  for?: string;
  severity?: 'info' | 'warning' | 'critical';
}
export interface CapacitySpec {
  /** disk and memory of node_exporter's hosts (default true when node_exporter runs) */
  node?: boolean;
  horizon?: string;
  lookback?: string;
  gauges?: CapacityGaugeSpec[];
}

const DEFAULTS = { horizon: '1d', lookback: '6h', for: '1h' };
const seconds = (d: string) => parseDuration(d)! / 1000;
const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/**
 * Two tests per alert: series on a trend that crosses the limit within the horizon (the condition
 * holds from the second sample, so it fires `for` later and not before), and the same series flat.
 */
function trendTests(
  rule: AlertRule,
  forMinutes: number,
  series: Array<{ series: string; trend: string; flat: string }>,
  expect: Record<string, string>,
  summary: string,
): UnitTest[] {
  const n = forMinutes + 10;
  const at = (m: number) => formatDuration(m * 60_000);
  const annotations = { ...rule.annotations, summary };
  return [
    {
      name: `${rule.alert}: a trend that crosses the limit within the horizon fires after ${rule.for}, not before`,
      interval: '1m',
      series: series.map((x) => ({ series: x.series, values: `${x.trend}x${n}` })),
      alerts: [
        { at: at(forMinutes - 1), alert: rule.alert, expect: [] },
        { at: at(forMinutes + 2), alert: rule.alert, expect: [{ labels: { ...expect, ...rule.labels }, annotations }] },
      ],
      samples: [],
    },
    {
      name: `${rule.alert}: the same level, flat, stays silent`,
      interval: '1m',
      series: series.map((x) => ({ series: x.series, values: `${x.flat}x${n}` })),
      alerts: [{ at: at(forMinutes + 2), alert: rule.alert, expect: [] }],
      samples: [],
    },
  ];
}

export function capacityRuleGroup(
  project: string,
  spec: CapacitySpec | undefined,
  nodeExporter: boolean,
  runbookBaseUrl?: string,
): RuleGroup | undefined {
  if (!spec) return undefined;
  const rules: Array<AlertRule | RecordingRule> = [];
  const horizon = spec.horizon ?? DEFAULTS.horizon;
  const lookback = spec.lookback ?? DEFAULTS.lookback;
  if (spec.node ?? nodeExporter) {
    const fs = `job="${jobs.node}",fstype!=""`;
    const disk = alertRule(
      {
        alert: 'NodeFilesystemWillFillUp',
        expr: `(node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{${fs}}[${lookback}], ${seconds(horizon)}) < 0 and node_filesystem_readonly{${fs}} == 0)`,
        for: DEFAULTS.for,
        severity: 'warning',
        summary: `Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is predicted to fill up within ${horizon}`,
        labels: { capacity: 'disk' },
        source: ['capacity', 'node'],
      },
      runbookBaseUrl,
    );
    const memory = alertRule(
      {
        alert: 'NodeMemoryWillRunOut',
        expr: `predict_linear(node_memory_MemAvailable_bytes{job="${jobs.node}"}[${lookback}], ${seconds(horizon)}) < 0`,
        for: DEFAULTS.for,
        severity: 'warning',
        summary: `Available memory on {{ $labels.instance }} is predicted to run out within ${horizon}`,
        labels: { capacity: 'memory' },
        source: ['capacity', 'node'],
      },
      runbookBaseUrl,
    );
    const forMin = parseDuration(DEFAULTS.for)! / 60_000;
    const host = { job: jobs.node, instance: 'host:9100' };
    const fsLabels = `{job="${jobs.node}",instance="host:9100",fstype="ext4",mountpoint="/"}`;
    disk.tests = trendTests(
      disk,
      forMin,
      [
        { series: `node_filesystem_avail_bytes${fsLabels}`, trend: '30000-50', flat: '30000+0' },
        { series: `node_filesystem_size_bytes${fsLabels}`, trend: '100000+0', flat: '100000+0' },
        { series: `node_filesystem_readonly${fsLabels}`, trend: '0+0', flat: '0+0' },
      ],
      { ...host, fstype: 'ext4', mountpoint: '/' },
      `Filesystem / on host:9100 is predicted to fill up within ${horizon}`,
    );
    memory.tests = trendTests(
      memory,
      forMin,
      [
        {
          series: `node_memory_MemAvailable_bytes{job="${jobs.node}",instance="host:9100"}`,
          trend: '1000000000-1000000',
          flat: '1000000000+0',
        },
      ],
      host,
      `Available memory on host:9100 is predicted to run out within ${horizon}`,
    );
    rules.push(disk, memory);
  }
  (spec.gauges ?? []).forEach((g, i) => {
    const lb = g.lookback ?? lookback;
    const hz = g.horizon ?? horizon;
    const name = g.name.replace(/[^a-zA-Z0-9_]/g, '_');
    rules.push({
      kind: 'record',
      record: `capacity:${name}:seconds_to_full`,
      expr: `(${g.limit} - (${g.expr})) / (deriv((${g.expr})[${lb}:1m]) > 0)`,
      labels: {},
      source: ['capacity', 'gauges', i],
      tests: [],
    });
    const a = alertRule(
      {
        alert: `${pascal(g.name)}WillReachLimit`,
        expr: `predict_linear((${g.expr})[${lb}:1m], ${seconds(hz)}) >= ${g.limit}`,
        for: g.for ?? DEFAULTS.for,
        severity: g.severity ?? 'warning',
        summary: `${g.name} is predicted to reach ${g.limit} within ${hz}`,
        labels: { capacity: g.name },
        source: ['capacity', 'gauges', i],
      },
      runbookBaseUrl,
    );
    // a plain selector gets tests: rising to twice the limit over the horizon, and flat at half of it
    const sel = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?$/.exec(g.expr.trim());
    if (sel) {
      const perMinute = (2 * g.limit) / (seconds(hz) / 60);
      a.tests = trendTests(
        a,
        parseDuration(a.for!)! / 60_000,
        [{ series: g.expr.trim(), trend: `0+${Number(perMinute.toPrecision(12))}`, flat: `${g.limit / 2}+0` }],
        Object.fromEntries(
          [...(sel[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
        ),
        `${g.name} is predicted to reach ${g.limit} within ${hz}`,
      );
    }
    rules.push(a);
  });
  return rules.length ? { name: `${project}_capacity_alerts`, pack: 'capacity', rules } : undefined;
}

/** `capacity.gauges`: the expression passes the PromQL gate as an instant vector; names are unique. */
export const capacityRules: SpecRule[] = [
  rule('capacity-gauges', ({ spec }, r) => {
    const prometheus = specPromqlVersion(spec);
    const seen = new Set<string>();
    (spec.capacity?.gauges ?? []).forEach((g, i) => {
      for (const problem of promqlProblems(g.expr, { prometheus, as: 'record' }))
        r.report(['capacity', 'gauges', i, 'expr'], problem.message, { offset: problem.offset });
      if (seen.has(g.name)) r.report(['capacity', 'gauges', i, 'name'], `duplicate capacity gauge "${g.name}"`);
      seen.add(g.name);
    });
  }),

  // predict_linear(v[0s], ...) or a horizon of 0 never fires; a limit of 0 fires for any gauge at or above it
  rule('capacity-windows', ({ spec }, r) => {
    const c = spec.capacity;
    if (!c) return;
    const positive = (path: Array<string | number>, value: string | undefined, what: string) => {
      if (value !== undefined && parseDuration(value) === 0)
        r.report(path, `must be longer than 0, got "${value}": ${what}`);
    };
    positive(['capacity', 'horizon'], c.horizon, 'a prediction 0 ahead never fires');
    positive(['capacity', 'lookback'], c.lookback, 'predict_linear needs history to fit');
    (c.gauges ?? []).forEach((g, i) => {
      positive(['capacity', 'gauges', i, 'horizon'], g.horizon, 'a prediction 0 ahead never fires');
      positive(['capacity', 'gauges', i, 'lookback'], g.lookback, 'predict_linear needs history to fit');
      if (g.limit <= 0)
        r.report(
          ['capacity', 'gauges', i, 'limit'],
          `must be above 0, got ${g.limit}: every value at or above it would fire`,
        );
    });
  }),
];
