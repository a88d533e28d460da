import { distribution, episodesAt, rolling, suggest, type Distribution } from '../backtest/tune.js';
import { ExitCode, MonError } from '../errors.js';
import { loadModel } from '../pipeline.js';
import { packs } from '../packs/index.js';
import { parseDuration } from '../spec/duration.js';
import { isJson, ui } from '../ui/output.js';
import { queryRange } from './backtest.js';

export interface TuneOptions {
  file: string;
  since?: string;
  targetRate?: string;
  alert?: string;
  prometheusUrl?: string;
}

const PER = { hour: 1 / 168, day: 1 / 7, week: 1, h: 1 / 168, d: 1 / 7, w: 1 } as Record<string, number>;
/** "1/week", "3/day", "0.5/w" -> alerts per week */
function perWeek(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\/(hour|day|week|h|d|w)$/.exec(text);
  if (!m) throw new MonError(`--target-rate ${text}: write a rate like 1/week or 3/day`, ExitCode.usage);
  return Number(m[1]) / PER[m[2]!]!;
}

const COMPARISON = /^([\s\S]*\S)\s*(>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i;

interface Tuned {
  alert: string;
  pack: string;
  compare: '>' | '<';
  current: number;
  series: number;
  distribution?: Distribution;
  suggested?: number;
  episodesAtCurrent?: number;
  episodesAtSuggested?: number;
  expectedPerWeek?: number;
  warnings: string[];
  patch?: string;
}

/** `mon tune`: each pack threshold against the history of its left-hand side, and a threshold for a target rate. */
export async function tune(opts: TuneOptions): Promise<number> {
  const { loaded, model } = await loadModel(opts.file);
  ui.diagnostics(loaded.warnings);
  const target = perWeek(opts.targetRate ?? '1/week');
  const sinceMs = parseDuration(opts.since ?? '7d');
  if (!sinceMs) throw new MonError(`--since ${opts.since}: not a duration (write 7d, 36h, ...)`, ExitCode.usage);
  const stepMs = parseDuration(model.prometheus.evaluationInterval)!;
  const url = (opts.prometheusUrl ?? `http://${model.prometheus.address}`).replace(/\/+$/, '');
  const end = Math.floor(Date.now() / stepMs) * stepMs;
  const start = end - sinceMs;
  const steps = Math.floor(sinceMs / stepMs) + 1;
  const weeks = sinceMs / (7 * 86_400_000);
  const packNames = new Set(packs.map((p) => p.name));
  if (opts.alert) {
    const found = model.ruleGroups.flatMap((g) =>
      g.rules.filter((r) => r.kind === 'alert' && r.alert === opts.alert).map(() => g),
    );
    if (!found.length) throw new MonError(`no alerting rule named ${opts.alert}`, ExitCode.usage);
    if (!found.some((g) => packNames.has(g.pack)))
      throw new MonError(
        `${opts.alert} is not a pack rule: mon tune suggests thresholds of the packs' rules`,
        ExitCode.usage,
        'for your own rules, `mon backtest --alert` shows how often they would have fired',
      );
  }
  const out: Tuned[] = [];
  for (const g of model.ruleGroups.filter((x) => packNames.has(x.pack))) {
    for (const r of g.rules) {
      if (r.kind !== 'alert' || (opts.alert && r.alert !== opts.alert)) continue;
      const m = COMPARISON.exec(r.expr);
      if (!m) continue;
      const compare = m[2] as '>' | '<';
      const t: Tuned = { alert: r.alert, pack: g.pack, compare, current: Number(m[3]), series: 0, warnings: [] };
      out.push(t);
      const result = await queryRange(url, m[1]!, start, end, stepMs);
      t.series = result.length;
      if (!result.length) {
        t.warnings.push('no data: the left-hand side has no series in the range');
        continue;
      }
      const forSteps = Math.round((parseDuration(r.for ?? '0s') ?? 0) / stepMs);
      const perSeries = result.map((s) =>
        s.values.map(([ts, v]) => [Math.round(ts * 1000), Number(v)] as [number, number]),
      );
      const all = perSeries.flat().filter(([, v]) => Number.isFinite(v));
      t.distribution = distribution(
        all.sort((a, b) => a[0] - b[0]),
        steps * result.length,
        stepMs,
      );
      const cover = Math.min(...perSeries.map((p) => p.length / steps));
      if (cover < 0.9)
        t.warnings.push(`coverage ${(cover * 100).toFixed(0)}% of the range: the suggestion may not hold`);
      if (weeks < 1) t.warnings.push(`only ${(weeks * 7).toFixed(1)} days of history: a weekly rate is extrapolated`);
      const allowed = target * weeks;
      const rolled = perSeries.map((p) =>
        rolling(
          p.filter(([, v]) => Number.isFinite(v)),
          stepMs,
          forSteps,
          compare,
        ),
      );
      const suggestions = rolled.map((x) => suggest(x, stepMs, compare, allowed / result.length));
      if (suggestions.some((s) => !s)) continue;
      const pick =
        compare === '>'
          ? Math.max(...suggestions.map((s) => s!.threshold))
          : Math.min(...suggestions.map((s) => s!.threshold));
      t.suggested = pick;
      t.episodesAtSuggested = rolled.reduce((a, x) => a + episodesAt(x, stepMs, pick, compare), 0);
      t.episodesAtCurrent = rolled.reduce((a, x) => a + episodesAt(x, stepMs, t.current, compare), 0);
      t.expectedPerWeek = Number((t.episodesAtSuggested / weeks).toFixed(3));
      t.patch = `alerts:\n  packs:\n    ${g.pack}:\n      rules:\n        ${r.alert}: {threshold: ${pick}}`;
    }
  }
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'tune',
      file: opts.file,
      prometheus: url,
      targetPerWeek: target,
      weeks: Number(weeks.toFixed(3)),
      rules: out,
    });
  } else {
    for (const t of out) {
      const d = t.distribution;
      const lines = [`${t.alert} (${t.pack}): ${t.compare} ${t.current} now`];
      if (d)
        lines.push(
          `  p50 ${d.p50}  p95 ${d.p95}  p99 ${d.p99}  max ${d.max}  mean ${d.mean} +- ${d.stddev}  median ${d.median} MAD ${d.mad}  trend ${d.trendPerDay}/day  seasonality ${d.seasonality}`,
        );
      if (t.suggested !== undefined)
        lines.push(
          `  suggested ${t.compare} ${t.suggested}: ${t.episodesAtSuggested} episodes in the range (${t.expectedPerWeek}/week; now ${t.episodesAtCurrent})`,
          ...t.patch!.split('\n').map((l) => `    ${l}`),
        );
      for (const w of t.warnings) lines.push(`  warning: ${w}`);
      ui.result(lines.join('\n'));
    }
  }
  return 0;
}
