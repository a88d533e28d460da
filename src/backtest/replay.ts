/**
 * Replays an alerting rule over history as Prometheus's rule manager does (rules/alerting.go):
 * at each evaluation the expression's result decides; a series present becomes pending, fires once
 * it has been present for `for`, and when it is gone a firing alert stays firing for
 * `keep_firing_for` (a pending one is dropped at once). Input: the evaluation times and, per
 * series, the times its expression had a result (query_range at the evaluation interval).
 */
export interface Episode {
  labels: Record<string, string>;
  /** ms: first evaluation at which it was firing */
  start: number;
  /** ms: first evaluation at which it was no longer firing (or the end of the range) */
  end: number;
  /** still firing at the end of the range */
  open: boolean;
}

export function replay(
  steps: readonly number[],
  present: ReadonlyMap<string, { labels: Record<string, string>; times: ReadonlySet<number> }>,
  forMs: number,
  keepFiringForMs: number,
): Episode[] {
  const episodes: Episode[] = [];
  for (const { labels, times } of present.values()) {
    let activeAt: number | undefined;
    let firingSince: number | undefined;
    let keepSince: number | undefined;
    for (const t of steps) {
      if (times.has(t)) {
        keepSince = undefined;
        activeAt ??= t;
        if (firingSince === undefined && t - activeAt >= forMs) firingSince = t;
        continue;
      }
      if (firingSince !== undefined && keepFiringForMs > 0) {
        keepSince ??= t;
        if (t - keepSince < keepFiringForMs) continue;
      }
      if (firingSince !== undefined) episodes.push({ labels, start: firingSince, end: t, open: false });
      activeAt = firingSince = keepSince = undefined;
    }
    if (firingSince !== undefined)
      episodes.push({ labels, start: firingSince, end: steps[steps.length - 1]!, open: true });
  }
  return episodes.sort((a, b) => a.start - b.start);
}

export interface AlertBacktest {
  alert: string;
  group: string;
  episodes: number;
  perWeek: number;
  totalFiringMs: number;
  longestMs: number;
  list: Episode[];
}

export function summarise(alert: string, group: string, episodes: Episode[], rangeMs: number): AlertBacktest {
  const durations = episodes.map((e) => e.end - e.start);
  return {
    alert,
    group,
    episodes: episodes.length,
    perWeek: Number(((episodes.length * 7 * 24 * 3600_000) / rangeMs).toFixed(3)),
    totalFiringMs: durations.reduce((a, b) => a + b, 0),
    longestMs: durations.length ? Math.max(...durations) : 0,
    list: episodes,
  };
}
