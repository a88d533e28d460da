import { replay, summarise, type AlertBacktest } from '../backtest/replay.js';
import { ExitCode, MonError } from '../errors.js';
import { loadModel } from '../pipeline.js';
import { formatDuration, parseDuration } from '../spec/duration.js';
import type { RuleGroup } from '../model/types.js';
import { isJson, ui } from '../ui/output.js';

export interface BacktestOptions {
  file: string;
  since?: string;
  alert?: string;
  prometheusUrl?: string;
}

/** Prometheus refuses a query_range of more than 11,000 points per series. */
const MAX_POINTS = 11_000;
/** the most evaluations one replay holds in memory (5 million: 58 days at 1s, 2.4 years at 15s) */
const MAX_STEPS = 5_000_000;

export async function queryRange(url: string, expr: string, start: number, end: number, stepMs: number) {
  const out: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> = [];
  for (let from = start; from <= end; from += MAX_POINTS * stepMs) {
    const to = Math.min(end, from + (MAX_POINTS - 1) * stepMs);
    const q = new URLSearchParams({
      query: expr,
      start: String(from / 1000),
      end: String(to / 1000),
      step: `${stepMs / 1000}s`,
    });
    let body: { status: string; error?: string; data?: { result: typeof out } };
    try {
      const r = await fetch(`${url}/api/v1/query_range?${q}`, { signal: AbortSignal.timeout(60_000) });
      body = (await r.json()) as typeof body;
    } catch (e) {
      throw new MonError(
        `cannot query ${url}: ${(e as Error).message}`,
        ExitCode.invalid,
        'is Prometheus running? pass --prometheus-url',
      );
    }
    if (body.status !== 'success') throw new MonError(`Prometheus refused ${expr}: ${body.error}`, ExitCode.invalid);
    out.push(...body.data!.result);
  }
  return out;
}

/** `mon backtest`: every alerting rule replayed over the live Prometheus's history. */
export async function backtest(opts: BacktestOptions): Promise<number> {
  const { loaded, model } = await loadModel(opts.file);
  ui.diagnostics(loaded.warnings);
  const sinceMs = parseDuration(opts.since ?? '7d');
  if (!sinceMs) throw new MonError(`--since ${opts.since}: not a duration (write 7d, 36h, ...)`, ExitCode.usage);
  const url = (opts.prometheusUrl ?? `http://${model.prometheus.address}`).replace(/\/+$/, '');
  // each group is evaluated at its own interval (alerts.groups[].interval), else the global one
  const stepOf = (g: RuleGroup) => parseDuration(g.interval ?? model.prometheus.evaluationInterval)!;
  const finest = Math.min(...model.ruleGroups.map(stepOf), parseDuration(model.prometheus.evaluationInterval)!);
  if (sinceMs / finest > MAX_STEPS)
    throw new MonError(
      `--since ${opts.since}: ${Math.ceil(sinceMs / finest).toLocaleString('en')} evaluations at ${finest / 1000}s, more than ${MAX_STEPS.toLocaleString('en')}`,
      ExitCode.usage,
      `replay less history (at most ${formatDuration(MAX_STEPS * finest)} at this interval)`,
    );
  const rules = model.ruleGroups.flatMap((g) =>
    g.rules.flatMap((r) => (r.kind === 'alert' && (!opts.alert || r.alert === opts.alert) ? [{ g, r }] : [])),
  );
  if (opts.alert && !rules.length) throw new MonError(`no alerting rule named ${opts.alert}`, ExitCode.usage);
  const results: AlertBacktest[] = [];
  const now = Date.now();
  // the report's window, at the global interval; each group is replayed at its own
  const stepMs = parseDuration(model.prometheus.evaluationInterval)!;
  const end = Math.floor(now / stepMs) * stepMs;
  const start = end - sinceMs;
  const spans = new Map<RuleGroup, { start: number; end: number; steps: number[] }>();
  const spanOf = (g: RuleGroup) => {
    let s = spans.get(g);
    if (!s) {
      const step = stepOf(g);
      const last = Math.floor(now / step) * step;
      s = { start: last - sinceMs, end: last, steps: [] };
      for (let t = s.start; t <= last; t += step) s.steps.push(t);
      spans.set(g, s);
    }
    return s;
  };
  for (const { g, r } of rules) {
    const span = spanOf(g);
    const series = await queryRange(url, r.expr, span.start, span.end, stepOf(g));
    const present = new Map(
      series.map((s) => [
        JSON.stringify(s.metric),
        { labels: s.metric, times: new Set(s.values.map(([t]) => Math.round(t * 1000))) },
      ]),
    );
    const episodes = replay(
      span.steps,
      present,
      parseDuration(r.for ?? '0s') ?? 0,
      parseDuration(r.keepFiringFor ?? '0s') ?? 0,
    );
    results.push(summarise(r.alert, g.name, episodes, span.end - span.start));
  }
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'backtest',
      file: opts.file,
      prometheus: url,
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      stepSeconds: stepMs / 1000,
      alerts: results.map((a) => ({
        alert: a.alert,
        group: a.group,
        episodes: a.episodes,
        perWeek: a.perWeek,
        totalFiringSeconds: a.totalFiringMs / 1000,
        longestSeconds: a.longestMs / 1000,
        list: a.list.map((e) => ({
          labels: e.labels,
          start: new Date(e.start).toISOString(),
          end: new Date(e.end).toISOString(),
          open: e.open,
        })),
      })),
    });
  } else {
    const d = (ms: number) => (ms ? formatDuration(ms) : '-');
    const lines = [
      `${'ALERT'.padEnd(48)} ${'EPISODES'.padStart(8)} ${'PER WEEK'.padStart(9)} ${'FIRING'.padStart(10)} ${'LONGEST'.padStart(10)}`,
      ...results.map(
        (a) =>
          `${a.alert.padEnd(48)} ${String(a.episodes).padStart(8)} ${a.perWeek.toFixed(2).padStart(9)} ${d(a.totalFiringMs).padStart(10)} ${d(a.longestMs).padStart(10)}`,
      ),
      `${results.length} alerts replayed over ${formatDuration(end - start)} at ${formatDuration(stepMs)} steps from ${url}`,
    ];
    ui.result(lines.join('\n'));
  }
  return 0;
}
