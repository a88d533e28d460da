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
    return {
      near,
      calm: t * 0.95,
      strong: [near, 2 * t, 5 * t, 10 * t, 20 * t, 50 * t].filter((v) => v <= bound(unit)),
    };
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
 * Prometheus computes a test's value with its own float arithmetic (the series expansion adds the
 * step sample by sample; rate() extrapolates), a few ULPs from the value computed here. An
 * expectation is kept off the rounding edges of its annotations' formatting (3.0765 is "3.076"
 * or "3.077" depending on the last bit): it must read the same 1e-9 either side.
 */
const EDGE = 1e-9;
function steady(rule: RuleUnderTest, at: number, level: number): boolean {
  if (rule.fixture.absent) return true;
  const v = rule.fixture.value(at, level);
  if (v === undefined) return true;
  const show = (x: number) =>
    Object.values(rule.annotations)
      .map((t) => expandTemplate(t, rule.fixture.labels, x) ?? '')
      .join('\u0000');
  const here = show(v);
  return here === show(v * (1 + EDGE)) && here === show(v * (1 - EDGE));
}

/**
 * Whether the value at `level` comes within float noise of the threshold at some minute: then
 * Prometheus may see the condition hold a minute earlier or later than computed here (a rate
 * ramping up to 5x the threshold meets it exactly at its first minute).
 */
function onEdge(rule: RuleUnderTest, level: number): boolean {
  if (rule.fixture.absent || rule.compare === '==') return false;
  const t = rule.threshold;
  for (let m = 0; m <= 120; m++) {
    const v = rule.fixture.value(m, level);
    if (v !== undefined && Math.abs(v - t) <= Math.max(Math.abs(t), 1e-300) * EDGE) return true;
  }
  return false;
}

/**
 * `level`, or the nearest level a few 1e-4 away from it that keeps `same` (the same timing, the
 * same side of the threshold) and is steady; `level` itself when none is (a raw `{{ $value }}`
 * prints every bit, so nothing is steady for it).
 */
function settle(level: number, same: (l: number) => boolean, isSteady: (l: number) => boolean): number {
  if (isSteady(level)) return level;
  for (let k = 1; k <= 20; k++) {
    for (const l of [level * (1 + k * 1e-4), level * (1 - k * 1e-4)]) if (same(l) && isSteady(l)) return l;
  }
  return level;
}

/**
 * The unit tests of one alerting rule: it fires once its condition has held for `for` and not a
 * minute before, fires just past its threshold, and stays quiet just short of it.
 */
export function ruleTestCases(rule: RuleUnderTest): RuleTestCase[] {
  const forMin = Math.ceil((parseDuration(rule.for ?? '0s') ?? 0) / 60_000);
  const { near: nearLevel, calm, strong } = levels(rule.compare, rule.unit, rule.threshold);
  const fire = (level: number) => (rule.fixture.absent ? [] : rule.fixture.series(level));
  const start = (level: number) => activeFrom(rule.fixture, rule.compare, rule.threshold, level);
  const clear = strong.filter((l) => !onEdge(rule, l));
  const candidates = clear.length ? clear : strong;
  const earliest = Math.min(...candidates.map((l) => start(l) ?? Infinity));
  const firstStrong = candidates.find((l) => start(l) === earliest);
  const nearStart = start(nearLevel);
  if (firstStrong === undefined || nearStart === undefined)
    throw new Error(`${rule.alert}: the test fixture cannot make the rule fire`);

  const firesAt = earliest + forMin;
  const inRange = (l: number) => l >= 0 && l <= bound(rule.unit) && holds(rule.compare, l, rule.threshold);
  const strongLevel = settle(
    firstStrong,
    (l) => inRange(l) && start(l) === earliest,
    (l) => steady(rule, firesAt, l) && !onEdge(rule, l),
  );
  const near = settle(
    nearLevel,
    (l) => inRange(l) && start(l) === nearStart,
    (l) => steady(rule, nearStart + forMin, l) && !onEdge(rule, l),
  );

  const cases: RuleTestCase[] = [];
  const timing: AlertCheck[] = [];
  if (forMin > 0) timing.push({ at: firesAt - 1, alerts: [] });
  timing.push({ at: firesAt, alerts: [expected(rule, firesAt, strongLevel)] });
  cases.push({
    name: `${rule.alert}: fires after ${rule.for ?? '0s'}, not before`,
    series: fire(strongLevel),
    checks: timing,
    minutes: firesAt,
  });

  if (nearLevel !== firstStrong && !rule.fixture.absent) {
    const at = nearStart + forMin;
    cases.push({
      name: `${rule.alert}: fires just past the threshold`,
      series: fire(near),
      checks: [{ at, alerts: [expected(rule, at, near)] }],
      minutes: at,
    });
  }
  const late = Math.max(firesAt, nearStart + forMin) + 5;
  // for absent(): the calm case is the series being there
  cases.push({
    name: `${rule.alert}: quiet just short of the threshold`,
    series: rule.fixture.series(calm),
    checks: [{ at: late, alerts: [] }],
    minutes: late,
  });
  return cases;
}
