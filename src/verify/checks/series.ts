import { parser } from '@prometheus-io/lezer-promql';
import { component, COMPONENT_NAMES, componentJobs } from '../../components/index.js';
import { selectors } from '../../consistency/selectors.js';
import { ruleName } from '../../model/types.js';
import { getJson } from '../../net/http.js';
import type { CheckResult } from '../../report/checks.js';
import { mapLimit } from '../../util/concurrency.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';

/** Series Prometheus makes itself from rules: a rule that reads them has its input by construction. */
const SYNTHETIC = new Set(['ALERTS', 'ALERTS_FOR_STATE']);

/**
 * An alert whose input series do not exist can never fire: for each rule, every metric it reads
 * (with its `job`, the label that says who produces it) must have series on the live Prometheus.
 * Other matchers are left out: `status=~"5.."` has no series until the first error, and that is fine.
 */
export async function seriesChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const jobs = componentJobs();
  const absentJob = (job: string | undefined) => {
    const c = job ? jobs.get(job) : undefined;
    return c !== undefined && ctx.endpoints.absent[c] !== undefined;
  };
  // a metric only an absent component produces (its checks already say it is absent)
  const absentFamily = (metric: string) =>
    COMPONENT_NAMES.some((c) => component(c).metrics?.test(metric) && ctx.endpoints.absent[c] !== undefined);
  const cache = new Map<string, Promise<boolean | string>>();
  const exists = (url: string, q: string) => {
    if (!cache.has(q)) {
      cache.set(
        q,
        getJson<{ data: { result: unknown[] } }>(
          `${url}/api/v1/query?query=${encodeURIComponent(`count(${q})`)}`,
          ctx.endpoints.auth,
        ).then((r) => (r.data ? r.data.data.result.length > 0 : r.why!)),
      );
    }
    return cache.get(q)!;
  };
  // recordings of this stack that read their input some time ago (`offset`, e.g. the anomaly pack's
  // seasonal prediction, a week back): on a fresh stack they have no series until that history exists
  const historic = new Set(
    ctx.model.ruleGroups.flatMap((g) =>
      g.rules.flatMap((r) => (r.kind === 'record' && readsThePast(r.expr) ? [r.record] : [])),
    ),
  );
  return mapLimit(ctx.model.ruleGroups, 4, (g) =>
    needs(ctx, 'prometheus', `series.${g.name}`, `group ${g.name}: every rule's input series exist`, async (url) => {
      const missing: string[] = [];
      const waiting: string[] = [];
      let checked = 0;
      let later = 0;
      for (const rule of g.rules) {
        const wanted = selectors(rule.expr).filter(
          (s) => !SYNTHETIC.has(s.metric) && !absentJob(s.job) && !absentFamily(s.metric),
        );
        // a bucket's le matcher is kept: a latency threshold that is not a bucket bound selects nothing
        const query = (s: { metric: string; job?: string; le?: string }) => {
          const m = [...(s.job === undefined ? [] : [`job=${JSON.stringify(s.job)}`]), ...(s.le ? [s.le] : [])];
          return m.length ? `${s.metric}{${m.join(',')}}` : s.metric;
        };
        const queries = [...new Set(wanted.map(query))];
        const answers = await Promise.all(queries.map((q) => exists(url, q)));
        checked += queries.length;
        const absent = queries.filter((_, i) => answers[i] !== true);
        const past = absent.filter((q) => historic.has(q.replace(/\{.*$/, '')));
        later += past.length;
        if (past.length) waiting.push(`${ruleName(rule)} (${past.join(', ')})`);
        const gone = absent.filter((q) => !past.includes(q));
        const error = answers.find((a): a is string => typeof a === 'string');
        if (error) return fail(error);
        if (gone.length) {
          const bounds = await Promise.all(
            gone.map(async (q) => {
              const s = wanted.find((x) => x.le && query(x) === q);
              return s && (await exists(url, query({ ...s, le: undefined }))) === true
                ? `${q} (the histogram is there, but no bucket has that bound: use one of its le values)`
                : q;
            }),
          );
          missing.push(`${ruleName(rule)} can never fire: no series for ${bounds.join(', ')}`);
        }
      }
      return missing.length
        ? fail(`${missing.join('\n')}\n(the metric is not exposed, not scraped, or dropped by relabelling)`)
        : pass(
            `${checked - later} selectors of ${g.rules.length} rules have series` +
              (waiting.length
                ? `; waiting for history (a recording of this stack that reads the past, offset): ${waiting.join(', ')}`
                : ''),
          );
    }),
  );
}

/** The expression reads samples from some time ago (an `offset` modifier anywhere in it). */
function readsThePast(expr: string): boolean {
  let found = false;
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === 'OffsetExpr') found = true;
      return !found;
    },
  });
  return found;
}
