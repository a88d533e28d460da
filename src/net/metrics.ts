/** Counter samples of one metric family in the Prometheus text format, by their label set. */
export function counters(metrics: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm');
  for (const m of metrics.matchAll(re)) out.set(m[1] ?? '{}', Number(m[2]));
  return out;
}

/**
 * How much counters grew since a baseline taken at deploy: a value below its baseline is a
 * counter reset (the process restarted since), counted from 0 as Prometheus's increase() does.
 */
export const increaseSince = (now: Map<string, number>, base?: Record<string, number>, keep = (_: string) => true) =>
  [...now].filter(([k]) => keep(k)).reduce((n, [k, v]) => n + (v >= (base?.[k] ?? 0) ? v - (base?.[k] ?? 0) : v), 0);
