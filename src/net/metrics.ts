/** Counter samples of one metric family in the Prometheus text format, by their label set. */
export function counters(metrics: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm');
  for (const m of metrics.matchAll(re)) out.set(m[1] ?? '{}', Number(m[2]));
  return out;
}
