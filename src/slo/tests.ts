import { matchesAll, type Matcher } from '../routing/matchers.js';
import type { UnitTest } from '../model/types.js';
import { formatDuration } from '../spec/duration.js';
import { selector } from '../packs/types.js';
import type { SliPlan, SloAlertPlan, SloPlan } from './rules.js';

/**
 * Generated promtool tests of an SLO's burn-rate alerts. Every window pair gets two tests on a
 * history that was all good for the alert's longest window, followed by a constant burn:
 *  - at twice its factor (capped below a 100% error ratio) the pair's long window crosses the factor
 *    at half its length: silent at 0.4 of it, firing at 0.6 of it (the windows are the right length);
 *  - at 0.9 of its factor it stays silent for a whole long window (the factor is not lower).
 * Page tests sample the counters every minute, ticket tests (no window under 2h) every 5 minutes.
 * A check is only emitted where no other pair of the same alert could fire by then, so each proves
 * its own pair. Total traffic: 10 events per second.
 */
const PER_MINUTE = 600;
/** The tests evaluate the rules every 15 minutes (the alerts have no `for`): promtool's cost is per evaluation, and the ticket tests span six days. */
export const SLO_TEST_STEP = '15m';
const STEP = 15;
const down = (m: number) => Math.floor(m / STEP) * STEP;
const up = (m: number) => Math.ceil(m / STEP) * STEP;
const num = (x: number) => Number(x.toPrecision(12));
const at = (minutes: number) => formatDuration(Math.round(minutes) * 60_000);

const CANDIDATES = [
  '200',
  '500',
  '503',
  '404',
  '0',
  '1',
  'true',
  'false',
  'ok',
  'error',
  'success',
  'failure',
  'hit',
  'miss',
  'GET',
];

/** Label values that a regex's literal alternatives suggest: "5.." -> "500", "2..|3.." -> "200", "300". */
function suggested(ms: Matcher[]): string[] {
  return ms.flatMap((m) =>
    m.op === '=' || m.op === '!='
      ? [m.value]
      : m.value.split('|').map((alt) =>
          alt
            .replace(/\\\./g, '.')
            .replace(/\.[*+]?/g, '0')
            .replace(/[()^$?*+\[\]\\]/g, ''),
        ),
  );
}

/** A label set (no empty values) that every matcher of `must` accepts and, with `mustNot`, that `mustNot` does not accept as a whole. */
export function labelsFor(must: Matcher[], mustNot?: Matcher[]): Record<string, string> | undefined {
  const all = [...must, ...(mustNot ?? [])];
  const names = [...new Set(all.map((m) => m.name))];
  const values = ['', ...new Set([...suggested(all), ...CANDIDATES])];
  const choice: Record<string, string> = {};
  const search = (i: number): boolean => {
    if (i === names.length) return matchesAll(must, choice) && (!mustNot || !matchesAll(mustNot, choice));
    for (const v of values) {
      choice[names[i]!] = v;
      if (search(i + 1)) return true;
    }
    return false;
  };
  if (!search(0)) return undefined;
  return Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== ''));
}

export interface SliSeries {
  /** input series: good counter, and either the total counter or the bad counter */
  good: string;
  other: string;
  /** `other` counts all events (total) or only the bad ones */
  otherIs: 'total' | 'bad';
}

/** Input series that the SLI's selectors read, or why there are none. */
export function sliSeries(sli: SliPlan): SliSeries | { error: string } {
  const good = labelsFor(sli.good.matchers);
  if (sli.good.metric !== sli.total.metric) {
    // a distinct good counter (or a histogram's bucket and _count): total counts everything
    const total = labelsFor(sli.total.matchers);
    if (!good || !total) return { error: 'no label values satisfy the SLI selectors' };
    if (sli.kind === 'latency') Object.assign(good, { ...total, le: sli.le });
    return { good: selector(sli.good.metric, good), other: selector(sli.total.metric, total), otherIs: 'total' };
  }
  const g = labelsFor([...sli.total.matchers, ...sli.good.matchers]);
  const bad = labelsFor(sli.total.matchers, sli.good.matchers);
  if (!g || !bad)
    return { error: 'no label values make a series that total counts and good does not (or one that both count)' };
  if (!matchesAll(sli.total.matchers, g))
    return { error: 'the good selector matches no series the total selector counts' };
  return { good: selector(sli.good.metric, g), other: selector(sli.total.metric, bad), otherIs: 'bad' };
}

/** Counter values in promtool's notation: `quiet` minutes all good, then `burn` minutes at error ratio `ratio`. */
function seriesValues(s: SliSeries, quietMinutes: number, burnMinutes: number, ratio: number, every: number) {
  const quiet = Math.round(quietMinutes / every);
  const burn = Math.ceil(burnMinutes / every);
  const per = PER_MINUTE * every;
  const bad = num(per * ratio);
  const good = num(per - bad);
  const goodValues = `0+${per}x${quiet} ${num(per * quiet + good)}+${good}x${burn - 1}`;
  const otherValues = s.otherIs === 'total' ? `0+${per}x${quiet + burn}` : `0+0x${quiet} ${bad}+${bad}x${burn - 1}`;
  return [
    { series: s.good, values: goodValues },
    { series: s.other, values: otherValues },
  ];
}

/** Minutes after the burn starts at which a pair first fires at this burn rate (in budgets), or Infinity. */
const fireAfter = (pair: SloAlertPlan['pairs'][number], burn: number) =>
  burn > pair.factor ? (pair.longMinutes * pair.factor) / burn : Infinity;

export function sloTests(plan: SloPlan, alert: SloAlertPlan): UnitTest[] {
  const series = sliSeries(plan.sli);
  if ('error' in series) return [];
  const quiet = Math.max(...alert.pairs.map((p) => p.longMinutes));
  const labels = { ...plan.labels, ...alert.rule.labels };
  const expect = [{ labels, annotations: alert.rule.annotations }];
  const maxBurn = 1 / plan.budget;
  const name = alert.rule.alert;
  // every minute when a 5m window is read, else every 5 minutes
  const every = Math.min(...alert.pairs.map((p) => p.shortMinutes)) < 2 * STEP ? 1 : STEP;
  const interval = `${every}m`;
  const tests: UnitTest[] = [];
  for (const pair of alert.pairs) {
    const others = alert.pairs.filter((p) => p !== pair);
    const burn = Math.min(2 * pair.factor, (pair.factor + maxBurn) / 2);
    if (burn <= pair.factor) continue;
    const fire = fireAfter(pair, burn);
    const before = down(0.8 * fire);
    const after = up(1.2 * fire);
    if (others.every((o) => fireAfter(o, burn) > before * 1.05)) {
      tests.push({
        name: `${name}: ${num(burn)}x the budget after ${formatDuration(quiet * 60_000)} all good fires by ${pair.long}/${pair.short} about ${at(fire)} in, not ${at(before)} in`,
        interval,
        series: seriesValues(series, quiet, after + STEP, num(burn * plan.budget), every),
        alerts: [
          { at: at(quiet + before), alert: name, expect: [] },
          { at: at(quiet + after), alert: name, expect },
        ],
        samples: [],
      });
    }
    const below = 0.9 * pair.factor;
    const until = pair.longMinutes;
    if (others.every((o) => fireAfter(o, below) > until * 1.05)) {
      tests.push({
        name: `${name}: ${num(below)}x the budget (0.9 of ${pair.factor}) stays silent for a whole ${pair.long}`,
        interval,
        series: seriesValues(series, quiet, until + STEP, num(below * plan.budget), every),
        alerts: [
          { at: at(quiet + down(until / 2)), alert: name, expect: [] },
          { at: at(quiet + until), alert: name, expect: [] },
        ],
        samples: [],
      });
    }
  }
  return tests;
}
