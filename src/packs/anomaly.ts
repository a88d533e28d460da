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
 * A robust band follows the idea of grafana/promql-anomaly-detection's robust strategy (median and
 * median absolute deviation, with a band proportional to the median as the floor of its width, so
 * a flat series does not alert on noise): median over a day, |value - median|, its median over a day
 * (the MAD), band median +- mads * MAD, at least median * margin wide; an outlier in the history
 * moves neither median nor MAD, where it widens the stddev band. All alerts are severity info
 * with `page: "false"`.
 */
export interface AnomalySpec {
  name: string;
  expr: string;
  /** default 3 */
  sigma?: number;
  /** default 10m */
  for?: string;
  /** the robust band's half width in MADs, default 3 */
  mads?: number;
  /** the robust band's least half width, a share of the median, default 0.1 */
  margin?: number;
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
    const median = `anomaly:${n}:median_1d`;
    const dev = `anomaly:${n}:abs_dev_1d`;
    const mad = `anomaly:${n}:mad_1d`;
    const m = a.mads ?? 3;
    const margin = a.margin ?? 0.1;
    // the wider of the MAD band and the margin band: (x >= y) or y is max(x, y) for series of one label set
    const half = `(${m} * ${mad} >= ${margin} * abs(${median})) or (${margin} * abs(${median}))`;
    rules.push(
      r(v, a.expr),
      r(avg, `avg_over_time(${v}[1w])`),
      r(sd, `stddev_over_time(${v}[1w])`),
      r(`anomaly:${n}:upper_band`, `${avg} + ${k} * ${sd}`),
      r(`anomaly:${n}:lower_band`, `${avg} - ${k} * ${sd}`),
      r(pred, `avg_over_time(${v}[1h] offset 167h30m) + avg_over_time(${v}[1w]) - avg_over_time(${v}[1w] offset 1w)`),
      r(median, `quantile_over_time(0.5, ${v}[1d])`),
      r(dev, `abs(${v} - ${median})`),
      r(mad, `quantile_over_time(0.5, ${dev}[1d])`),
      r(`anomaly:${n}:robust_upper_band`, `${median} + (${half})`),
      r(`anomaly:${n}:robust_lower_band`, `${median} - (${half})`),
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
    const robust = alertRule(
      {
        ...common,
        alert: `${pascal(a.name)}RobustAnomaly`,
        expr: `${v} > anomaly:${n}:robust_upper_band or ${v} < anomaly:${n}:robust_lower_band`,
        summary: `${a.name} is outside its robust band (daily median +- ${m} MADs, at least ${margin * 100}% of the median) (do not page)`,
      },
      runbookBaseUrl,
    );
    const input = testInput(a.expr.trim());
    if (input) {
      for (const alert of [z, seasonal]) alert.tests = anomalyTests(alert, input);
      robust.tests = [...anomalyTests(robust, input), outlierTest(robust, input)];
    }
    rules.push(z, seasonal, robust);
  });
  return { name: `${project}_anomaly_alerts`, pack: 'anomaly', testEvaluationInterval: ANOMALY_TEST_STEP, rules };
}

/**
 * What a test feeds the anomaly's expression: a plain selector gets its values every 15 minutes; a
 * `rate(selector[w])`, optionally inside `sum(...)`, gets a counter every minute whose rate per
 * second follows the same levels. Other expressions get no generated tests.
 */
interface TestInput {
  series: string;
  interval: string;
  /** the input's values for one level per 15 minutes */
  values: (levels: number[]) => string;
  /** the labels of the expression's result */
  labels: Record<string, string>;
}

const labelsOf = (matchers: string) =>
  Object.fromEntries([...matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
const SELECTOR = '([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^{}]*\\})?';

export function testInput(expr: string): TestInput | undefined {
  const plain = new RegExp(`^${SELECTOR}$`).exec(expr);
  if (plain)
    return {
      series: expr,
      interval: ANOMALY_TEST_STEP,
      values: (levels) => levels.join(' '),
      labels: labelsOf(plain[2] ?? ''),
    };
  const rate = new RegExp(`^(sum\\s*\\(\\s*)?rate\\s*\\(\\s*${SELECTOR}\\s*\\[\\s*\\w+\\s*\\]\\s*\\)(\\s*\\))?$`).exec(
    expr,
  );
  if (!rate || !!rate[1] !== !!rate[4]) return undefined;
  return {
    series: `${rate[2]}${rate[3] ?? ''}`,
    interval: '1m',
    // 15 samples a level (a+bx14 is a, a+b, ... a+14b), the next level from where it ended
    values: (levels) => {
      let at = 0;
      return levels
        .map((l) => {
          const seg = `${at}+${l * 60}x14`;
          at += l * 60 * 15;
          return seg;
        })
        .join(' ');
    },
    labels: rate[1] ? {} : labelsOf(rate[3] ?? ''),
  };
}

/** a week and an hour of levels alternating 10 and 12 every 15 minutes (mean 11, stddev 1) */
const WEEK = (7 * 24 * 60 + 60) / 15;
const usual = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 12 : 10));

/**
 * A week and an hour of the usual levels, then a jump to 30 (19 sigma): pending at the jump,
 * firing once `for` has passed; the same without the jump stays silent.
 */
function anomalyTests(alert: AlertRule, input: TestInput): UnitTest[] {
  const forMin = Math.round(parseDuration(alert.for ?? '10m')! / 60_000);
  const start = WEEK * 15; // minutes: the jump's sample
  const after = start + Math.ceil(forMin / 15) * 15 + 15;
  const tail = (after - start) / 15 + 2;
  const at = (m: number) => formatDuration(m * 60_000);
  // a counter's rate reaches the new level a window after it, so its jump shows at the next step
  const shown = input.interval === ANOMALY_TEST_STEP ? start : start + 15;
  return [
    {
      name: `${alert.alert}: a jump to 19 sigma is pending at once and fires after ${alert.for}`,
      interval: input.interval,
      series: [{ series: input.series, values: input.values([...usual(WEEK), ...Array(tail + 1).fill(30)]) }],
      alerts: [
        { at: at(shown), alert: alert.alert, expect: [] },
        {
          at: at(after + (shown - start)),
          alert: alert.alert,
          expect: [{ labels: { ...input.labels, ...alert.labels }, annotations: alert.annotations }],
        },
      ],
      samples: [],
    },
    {
      name: `${alert.alert}: the usual variation stays silent`,
      interval: input.interval,
      series: [{ series: input.series, values: input.values(usual(WEEK + tail + 1)) }],
      alerts: [{ at: at(after + (shown - start)), alert: alert.alert, expect: [] }],
      samples: [],
    },
  ];
}

/** The robust band's point: a spike to 1000 half a day before does not widen it, the jump still fires. */
function outlierTest(alert: AlertRule, input: TestInput): UnitTest {
  const t = anomalyTests(alert, input)[0]!;
  const forMin = Math.round(parseDuration(alert.for ?? '10m')! / 60_000);
  const tail = Math.ceil(forMin / 15) + 3;
  const levels = [...usual(WEEK), ...Array(tail + 1).fill(30)];
  levels[WEEK - 48] = 1000;
  return {
    ...t,
    name: `${alert.alert}: a spike to 1000 half a day before does not widen the band: the jump still fires`,
    series: [{ series: input.series, values: input.values(levels) }],
    alerts: t.alerts.slice(1),
  };
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
