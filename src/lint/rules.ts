import type { Expr } from '../promql/ast.js';
import { parse } from '../promql/parse.js';
import type { LintName } from '../spec/types.js';
import { parseDuration } from '../spec/duration.js';
import type { Model, Rule } from '../model/types.js';

/**
 * Lints in the spirit of pint (cloudflare/pint's promql/rate, promql/aggregate and alerts/for
 * checks): expressions that Prometheus evaluates without complaint but that cannot mean what they
 * say. Warnings, each acknowledged per rule in the spec with `lint: {ignore: [name]}`.
 */
export interface LintFinding {
  lint: LintName;
  message: string;
  /** the rule's spec field it is about (default expr) */
  field?: 'for';
}

/** Counter names by the exposition format's conventions (_total; a histogram's or summary's _count, _sum, _bucket). */
const COUNTER = /(_total|_count|_sum|_bucket)$/;
const RATES = new Set(['rate', 'increase', 'irate']);

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'matrix':
    case 'subquery':
    case 'offset':
    case 'at':
    case 'modifier':
    case 'unary':
    case 'paren':
      return walk(e.expr, visit);
    case 'call':
    case 'aggregate':
      return e.args.forEach((a) => walk(a, visit));
    case 'binary':
      walk(e.lhs, visit);
      return walk(e.rhs, visit);
    default:
      return undefined;
  }
}

const unwrap = (e: Expr): Expr => (e.kind === 'paren' || e.kind === 'offset' || e.kind === 'at' ? unwrap(e.expr) : e);
const metricOf = (e: Expr): string | undefined => {
  const inner = unwrap(e);
  const sel = inner.kind === 'matrix' ? unwrap(inner.expr) : inner;
  return sel.kind === 'selector' ? sel.name : undefined;
};

function exprFindings(text: string): LintFinding[] {
  const parsed = parse(text);
  if (!parsed.ok || parsed.unchecked) return [];
  const out: LintFinding[] = [];
  walk(parsed.expr, (e) => {
    if (e.kind !== 'call') return;
    if (RATES.has(e.name) && e.args[0]) {
      const m = metricOf(e.args[0]);
      // a recorded series (name with ':') says nothing of its type by its name
      if (m && !m.includes(':') && !COUNTER.test(m))
        out.push({
          lint: 'rate-non-counter',
          message: `${e.name}() of ${m}, which is not named like a counter (_total, _count, _sum, _bucket): ${e.name}() of a gauge is meaningless; use deriv() or delta() for a gauge`,
        });
    }
    if (e.name === 'histogram_quantile' && e.args[1]) {
      let rated = false;
      let recorded = false;
      walk(e.args[1], (x) => {
        if (x.kind === 'call' && RATES.has(x.name)) rated = true;
        if (x.kind === 'selector' && x.name?.includes(':')) recorded = true;
      });
      if (!rated && !recorded)
        out.push({
          lint: 'histogram-quantile-rate',
          message:
            'histogram_quantile() of buckets without rate(): the quantile of counts since each process started, not of recent observations; write histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))',
        });
      const agg = unwrap(e.args[1]);
      if (agg.kind === 'aggregate' && agg.grouping) {
        const names = agg.grouping.labels.map((l) => l.name);
        const dropsLe = agg.grouping.without ? names.includes('le') : !names.includes('le');
        if (dropsLe)
          out.push({
            lint: 'histogram-quantile-le',
            message: `histogram_quantile() needs the le label, which ${agg.op} ${agg.grouping.without ? 'without' : 'by'} (${names.join(', ')}) drops: the result is always empty; ${agg.grouping.without ? 'take le out of without (...)' : `write ${agg.op} by (${[...names, 'le'].join(', ')})`}`,
          });
      }
    }
  });
  return out;
}

const byName = new WeakMap<Model, Map<string, Model['jobs']>>();
/** the model's jobs by name, once per model (a lookup per rule, not a pass over every job) */
function jobsByName(model: Model): Map<string, Model['jobs']> {
  let named = byName.get(model);
  if (!named) {
    named = new Map();
    for (const j of model.jobs) named.set(j.name, [...(named.get(j.name) ?? []), j]);
    byName.set(model, named);
  }
  return named;
}

/** The scrape interval of the jobs a rule reads (job="..."), else the global one, in milliseconds. */
function scrapeIntervalOf(model: Model, rule: Rule): number {
  const jobs = new Set([...rule.expr.matchAll(/\bjob\s*=\s*"([^"]*)"/g)].map((m) => m[1]!));
  const named = jobsByName(model);
  const intervals = [...jobs]
    .flatMap((name) => named.get(name) ?? [])
    .map((j) => parseDuration(j.interval ?? model.prometheus.scrapeInterval)!);
  return intervals.length ? Math.max(...intervals) : parseDuration(model.prometheus.scrapeInterval)!;
}

/** Every lint finding of one rule, those the rule acknowledges left out. */
export function ruleFindings(model: Model, rule: Rule): LintFinding[] {
  const out = exprFindings(rule.expr);
  if (rule.kind === 'alert' && rule.for !== undefined) {
    const forMs = parseDuration(rule.for) ?? 0;
    const scrape = scrapeIntervalOf(model, rule);
    if (forMs > 0 && forMs < scrape)
      out.push({
        lint: 'for-shorter-than-scrape',
        field: 'for',
        message: `for: ${rule.for} is shorter than the scrape interval (${scrape / 1000}s): the alert fires on a single scrape; use for: 0 or at least one scrape interval`,
      });
  }
  const ignored = new Set(rule.lintIgnore ?? []);
  return out.filter((f) => !ignored.has(f.lint));
}
