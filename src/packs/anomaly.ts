import type { AlertRule, RecordingRule, RuleGroup, UnitTest } from '../model/types.js';
import { alertRule } from './rule.js';
import { formatDuration, parseDuration } from '../spec/duration.js';
import { promqlProblems, specPromqlVersion } from '../spec/promql.js';
import { rule, type SpecRule } from '../spec/rule.js';

/**
 * Anomaly detection for a chosen expression, "do not page": recordings of its value, its mean and
 * standard deviation over a week and an adaptive band (mean +- sigma stddev, as
 * grafana/promql-anomaly-detection's adaptive band), a z-score alert, and a seasonal variant whose
 * prediction is the same hour last week plus the week-over-week trend (the shape of GitLab's
 * Prometheus anomaly rules: last week's value corrected by the change of the weekly average).
 * Both alerts are severity info with `page: "false"`. Not done: the robust (median/MAD) band.
 */
export interface AnomalySpec {
  name: string;
  expr: string;
  /** default 3 */
  sigma?: number;
  /** default 10m */
  for?: string;
}

const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
/** a week of history per test: evaluated every 15 minutes, with input every 15 minutes */
export const ANOMALY_TEST_STEP = '15m';

export function anomalyRuleGroup(
  project: string,
  specs: AnomalySpec[] | undefined,
  runbookBaseUrl?: string,
): RuleGroup | undefined {
  if (!specs?.length) return undefined;
  const rules: Array<AlertRule | RecordingRule> = [];
  specs.forEach((a, i) => {
    const n = a.name.replace(/[^a-zA-Z0-9_]/g, '_');
    const k = a.sigma ?? 3;
    const source = ['anomalies', i];
    const r = (record: string, expr: string): RecordingRule => ({
      kind: 'record',
      record,
      expr,
      labels: {},
      source,
      tests: [],
    });
    const v = `anomaly:${n}:value`;
    const avg = `anomaly:${n}:avg_1w`;
    const sd = `anomaly:${n}:stddev_1w`;
    const pred = `anomaly:${n}:seasonal_prediction`;
    rules.push(
      r(v, a.expr),
      r(avg, `avg_over_time(${v}[1w])`),
      r(sd, `stddev_over_time(${v}[1w])`),
      r(`anomaly:${n}:upper_band`, `${avg} + ${k} * ${sd}`),
      r(`anomaly:${n}:lower_band`, `${avg} - ${k} * ${sd}`),
      r(pred, `avg_over_time(${v}[1h] offset 167h30m) + avg_over_time(${v}[1w]) - avg_over_time(${v}[1w] offset 1w)`),
    );
    const common = { for: a.for ?? '10m', severity: 'info', labels: { page: 'false', anomaly: a.name }, source };
    const z = alertRule(
      {
        ...common,
        alert: `${pascal(a.name)}Anomaly`,
        expr: `abs((${v} - ${avg}) / ${sd}) > ${k}`,
        summary: `${a.name} is more than ${k} standard deviations from its weekly mean (do not page)`,
      },
      runbookBaseUrl,
    );
    const seasonal = alertRule(
      {
        ...common,
        alert: `${pascal(a.name)}SeasonalAnomaly`,
        expr: `abs(${v} - ${pred}) / ${sd} > ${k}`,
        summary: `${a.name} is more than ${k} standard deviations from last week's value plus trend (do not page)`,
      },
      runbookBaseUrl,
    );
    const sel = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?$/.exec(a.expr.trim());
    if (sel) for (const alert of [z, seasonal]) alert.tests = anomalyTests(alert, a.expr.trim(), sel[2] ?? '');
    rules.push(z, seasonal);
  });
  return { name: `${project}_anomaly_alerts`, pack: 'anomaly', testEvaluationInterval: ANOMALY_TEST_STEP, rules };
}

/**
 * A week and an hour of a series alternating 10 and 12 every 15 minutes (mean 11, stddev 1), then
 * a jump to 30 (19 sigma): pending at the jump, firing once `for` has passed; the same series
 * without the jump stays silent.
 */
function anomalyTests(alert: AlertRule, series: string, matchers: string): UnitTest[] {
  const samples = (7 * 24 * 60 + 60) / 15;
  const normal = Array.from({ length: samples / 2 }, () => '10 12').join(' ');
  const forMin = Math.round(parseDuration(alert.for ?? '10m')! / 60_000);
  const start = samples * 15; // minutes: the jump's sample
  const after = start + Math.ceil(forMin / 15) * 15 + 15;
  const labels = Object.fromEntries(
    [...matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  const at = (m: number) => formatDuration(m * 60_000);
  return [
    {
      name: `${alert.alert}: a jump to 19 sigma is pending at once and fires after ${alert.for}`,
      interval: ANOMALY_TEST_STEP,
      series: [{ series, values: `${normal} 30x${(after - start) / 15 + 2}` }],
      alerts: [
        { at: at(start), alert: alert.alert, expect: [] },
        {
          at: at(after),
          alert: alert.alert,
          expect: [{ labels: { ...labels, ...alert.labels }, annotations: alert.annotations }],
        },
      ],
      samples: [],
    },
    {
      name: `${alert.alert}: the usual variation stays silent`,
      interval: ANOMALY_TEST_STEP,
      series: [
        {
          series,
          values: `${normal} ${Array.from({ length: (after - start) / 15 + 2 }, (_, i) => (i % 2 ? 12 : 10)).join(' ')}`,
        },
      ],
      alerts: [{ at: at(after), alert: alert.alert, expect: [] }],
      samples: [],
    },
  ];
}

export const anomalyRules: SpecRule[] = [
  rule('anomaly-exprs', ({ spec }, r) => {
    const prometheus = specPromqlVersion(spec);
    const seen = new Set<string>();
    (spec.anomalies ?? []).forEach((a, i) => {
      for (const problem of promqlProblems(a.expr, { prometheus, as: 'record' }))
        r.report(['anomalies', i, 'expr'], problem.message, { offset: problem.offset });
      if (seen.has(a.name)) r.report(['anomalies', i, 'name'], `duplicate anomaly "${a.name}"`);
      seen.add(a.name);
    });
  }),
];
