import { parseDuration } from '../../spec/duration.js';
import type { Compare, Fixture, Labels, SeriesSpec, Unit } from '../types.js';
import { expandTemplate } from './expand.js';

/** One expectation at one time: the alerts firing then (none = must not fire). */
export interface AlertCheck {
  at: number; // minutes
  alerts: Array<{ labels: Labels; annotations: Labels }>;
}
export interface RuleTestCase {
  name: string;
  series: SeriesSpec[];
  checks: AlertCheck[];
  /** minutes of input needed */
  minutes: number;
}

const holds = (compare: Compare, value: number, threshold: number) =>
  compare === '>' ? value > threshold : compare === '<' ? value < threshold : value === threshold;

const bound = (unit: Unit) => (unit === 'percent' ? 100 : unit === 'ratio' ? 1 : Infinity);

/**
 * The levels a rule is tested at: `near` fires just past the threshold, `calm` stays just short
 * of it, `strong` fires from the earliest possible evaluation (so that `for` is timed exactly).
 */
export function levels(compare: Compare, unit: Unit, t: number): { near: number; calm: number; strong: number[] } {
  if (compare === '==') return { near: t, calm: t === 0 ? 1 : t + 1, strong: [t] };
  if (compare === '>') {
    if (t === 0) return { near: 1, calm: 0, strong: [1, 10] };
    const near = Math.min(t * 1.05, (t + bound(unit)) / 2);
    return { near, calm: t * 0.95, strong: [near, 2 * t, 5 * t, 10 * t, 20 * t, 50 * t].filter((v) => v <= bound(unit)) };
  }
  const near = t * 0.95;
  return { near, calm: Math.min(t * 1.05, (t + bound(unit)) / 2), strong: [near, t / 2, t / 5, t / 20, 0] };
}

/** First minute at which the expression, driven at `level`, meets the condition. */
function activeFrom(f: Fixture, compare: Compare, threshold: number, level: number): number | undefined {
  if (f.absent) return 0;
  for (let m = 0; m <= 120; m++) {
    const v = f.value(m, level);
    if (v !== undefined && holds(compare, v, threshold)) return m;
  }
  return undefined;
}

export interface RuleUnderTest {
  alert: string;
  for?: string;
  compare: Compare;
  unit: Unit;
  threshold: number;
  labels: Labels;
  annotations: Labels;
  fixture: Fixture;
}

function expected(rule: RuleUnderTest, at: number, level: number) {
  const value = rule.fixture.absent ? 1 : rule.fixture.value(at, level);
  const annotations: Labels = {};
  for (const [k, text] of Object.entries(rule.annotations)) {
    const expanded = expandTemplate(text, rule.fixture.labels, value);
    if (expanded === undefined) throw new Error(`cannot expand annotation ${k} of ${rule.alert}`);
    annotations[k] = expanded;
  }
  return { labels: { ...rule.fixture.labels, ...rule.labels }, annotations };
}

/**
 * The unit tests of one alerting rule: it fires once its condition has held for `for` and not a
 * minute before, fires just past its threshold, and stays quiet just short of it.
 */
export function ruleTestCases(rule: RuleUnderTest): RuleTestCase[] {
  const forMin = Math.ceil((parseDuration(rule.for ?? '0s') ?? 0) / 60_000);
  const { near, calm, strong } = levels(rule.compare, rule.unit, rule.threshold);
  const fire = (level: number) => (rule.fixture.absent ? [] : rule.fixture.series(level));
  const start = (level: number) => activeFrom(rule.fixture, rule.compare, rule.threshold, level);
  const earliest = Math.min(...strong.map((l) => start(l) ?? Infinity));
  const strongLevel = strong.find((l) => start(l) === earliest);
  const nearStart = start(near);
  if (strongLevel === undefined || nearStart === undefined) throw new Error(`${rule.alert}: the test fixture cannot make the rule fire`);

  const cases: RuleTestCase[] = [];
  const firesAt = earliest + forMin;
  const timing: AlertCheck[] = [];
  if (forMin > 0) timing.push({ at: firesAt - 1, alerts: [] });
  timing.push({ at: firesAt, alerts: [expected(rule, firesAt, strongLevel)] });
  cases.push({ name: `${rule.alert}: fires after ${rule.for ?? '0s'}, not before`, series: fire(strongLevel), checks: timing, minutes: firesAt });

  if (near !== strongLevel && !rule.fixture.absent) {
    const at = nearStart + forMin;
    cases.push({ name: `${rule.alert}: fires just past the threshold`, series: fire(near), checks: [{ at, alerts: [expected(rule, at, near)] }], minutes: at });
  }
  const late = Math.max(firesAt, nearStart + forMin) + 5;
  // for absent(): the calm case is the series being there
  cases.push({ name: `${rule.alert}: quiet just short of the threshold`, series: rule.fixture.series(calm), checks: [{ at: late, alerts: [] }], minutes: late });
  return cases;
}
