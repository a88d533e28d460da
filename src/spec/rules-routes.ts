import { parseDuration } from './duration.js';
import type { SpecPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { rule, type SpecRule } from './rule.js';
import { routesOf } from './rules-notifications.js';
import type { TimeIntervalSpec } from './types.js';

/*
 * What Alertmanager's config loader refuses in a route tree and in time intervals. Routes:
 * config/config.go (Route.UnmarshalYAML: "group_interval cannot be zero", "repeat_interval cannot
 * be zero", "duplicated label %q in group_by", wildcard with other labels; Config.UnmarshalYAML:
 * "cannot have continue in root route"). Time intervals: timeinterval/timeinterval.go
 * (WeekdayRange, DayOfMonthRange, MonthRange, YearRange UnmarshalYAML), whose weeks run from
 * sunday (0) to saturday (6).
 */
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const bounds = (text: string): [string, string] => {
  const [a, b = a] = text.split(':') as [string, string?];
  return [a, b!];
};
const month = (m: string) => (/^\d+$/.test(m) ? Number(m) : MONTHS.indexOf(m.toLowerCase()) + 1);

function checkInterval(r: Reporter, iv: TimeIntervalSpec['intervals'][number], path: SpecPath): void {
  (iv.weekdays ?? []).forEach((w, i) => {
    const [a, b] = bounds(w);
    if (WEEKDAYS.indexOf(a) > WEEKDAYS.indexOf(b)) {
      r.report(
        [...path, 'weekdays', i],
        `weekday range "${w}" is reversed: Alertmanager's weeks run from sunday to saturday`,
        {
          hint: b === 'sunday' ? `write "${a}:saturday" and "sunday"` : `write "${b}:${a}", or split it in two ranges`,
        },
      );
    }
  });
  (iv.daysOfMonth ?? []).forEach((d, i) => {
    const [a, b] = bounds(d).map(Number) as [number, number];
    const at: SpecPath = [...path, 'daysOfMonth', i];
    const bad = [a, b].find((n) => n === 0 || n < -31 || n > 31);
    if (bad !== undefined) r.report(at, `${bad} is not a day of the month: use 1 to 31, or -1 (the last day) to -31`);
    else if (a < 0 && b > 0)
      r.report(at, `day range "${d}" starts from the end of the month but ends from its start`, {
        hint: 'make both ends negative, or both positive',
      });
    else if ((a < 0 ? 28 + a : a) > (b < 0 ? 28 + b : b))
      r.report(at, `day range "${d}" is reversed: its end is always before its start`);
  });
  (iv.months ?? []).forEach((m, i) => {
    const [a, b] = bounds(m).map(month) as [number, number];
    const at: SpecPath = [...path, 'months', i];
    const bad = bounds(m).find((x) => month(x) < 1 || month(x) > 12);
    if (bad !== undefined) r.report(at, `"${bad}" is not a month: use january to december, or 1 to 12`);
    else if (a > b)
      r.report(at, `month range "${m}" is reversed`, {
        hint: 'write it as two ranges, e.g. november:december and january:february',
      });
  });
  (iv.years ?? []).forEach((y, i) => {
    const [a, b] = bounds(y).map(Number) as [number, number];
    if (a > b) r.report([...path, 'years', i], `year range "${y}" is reversed`, { hint: `write "${b}:${a}"` });
  });
}

export const routeRules: SpecRule[] = [
  rule('route-intervals-nonzero', ({ spec }, r) => {
    for (const { route, path } of spec.notifications ? routesOf(spec.notifications) : []) {
      for (const key of ['groupInterval', 'repeatInterval'] as const) {
        const value = route[key];
        if (value !== undefined && parseDuration(value) === 0)
          r.report([...path, key], `must be longer than 0, got "${value}": Alertmanager refuses a zero ${key}`);
      }
    }
  }),

  rule('group-by-labels', ({ spec }, r) => {
    for (const { route, path } of spec.notifications ? routesOf(spec.notifications) : []) {
      const seen = new Map<string, number>();
      (route.groupBy ?? []).forEach((label, i) => {
        const first = seen.get(label);
        if (first !== undefined)
          r.report([...path, 'groupBy', i], `"${label}" is already in groupBy (groupBy[${first}])`, {
            hint: 'list each label once',
          });
        else seen.set(label, i);
      });
      const all = route.groupBy?.indexOf('...') ?? -1;
      if (all >= 0 && seen.size > 1) {
        r.report([...path, 'groupBy', all], '"..." groups by every label, so it cannot be listed with other labels', {
          hint: 'keep either "..." or the labels',
        });
      }
    }
  }),

  rule('root-route-continue', ({ spec }, r) => {
    if (spec.notifications?.route?.continue === true) {
      r.report(
        ['notifications', 'route', 'continue'],
        'the root route cannot have continue: every alert enters it, and there is no sibling to continue to',
        {
          key: true,
          hint: 'remove continue: true here; put it on a child route',
        },
      );
    }
  }),

  rule('time-interval-ranges', ({ spec }, r) => {
    (spec.notifications?.timeIntervals ?? []).forEach((t, i) =>
      t.intervals.forEach((iv, j) => checkInterval(r, iv, ['notifications', 'timeIntervals', i, 'intervals', j])),
    );
  }),
];
