import { promqlProblems, specPromqlVersion } from '../spec/promql.js';
import { rule, type SpecRule } from '../spec/rule.js';
import type { SpecPath } from '../spec/diagnostics.js';
import { didYouMean } from '../spec/suggest.js';
import { parseSelector } from './selector.js';
import { errorRatioExpr, sliPlan, sloId } from './rules.js';
import { sliSeries } from './tests.js';
import { BURN_WINDOWS, burnFactor, DEFAULT_SLO_PERIOD } from './windows.js';

/** `slos:`: what the schema cannot say. */
export const sloRules: SpecRule[] = [
  rule('slo-service', ({ spec, services }, r) => {
    (spec.slos ?? []).forEach((s, i) => {
      if (!services.has(s.service))
        r.report(['slos', i, 'service'], `no service named "${s.service}"${didYouMean(s.service, services.keys())}`, {
          hint: `services are: ${[...services.keys()].join(', ')}`,
        });
    });
  }),

  rule('slo-names-unique', ({ spec }, r) => {
    const seen = new Map<string, number>();
    (spec.slos ?? []).forEach((s, i) => {
      const id = sloId(s);
      const first = seen.get(id);
      if (first !== undefined)
        r.report(
          ['slos', i, 'name'],
          `duplicate SLO "${s.name}" of service ${s.service} (first at line ${r.lineOf(['slos', first, 'name'])})`,
          {
            hint: 'give each SLO of a service its own name',
          },
        );
      else seen.set(id, i);
    });
  }),

  // Selectors parse, the ratio passes the PromQL gate, and mon can build the test series.
  rule('slo-sli', ({ spec }, r) => {
    const prometheus = specPromqlVersion(spec);
    (spec.slos ?? []).forEach((s, i) => {
      const fields: Array<[SpecPath, string]> = s.sli.events
        ? [
            [['slos', i, 'sli', 'events', 'good'], s.sli.events.good],
            [['slos', i, 'sli', 'events', 'total'], s.sli.events.total],
          ]
        : [[['slos', i, 'sli', 'latency', 'histogram'], s.sli.latency!.histogram]];
      let ok = true;
      for (const [path, text] of fields) {
        const p = parseSelector(text);
        if ('error' in p) {
          r.report(path, p.error);
          ok = false;
        } else if (s.sli.latency && /_(bucket|count|sum)$/.test(p.metric))
          r.report(path, `write the histogram's base name, not ${p.metric}`, {
            hint: `mon reads ${p.metric.replace(/_(bucket|count|sum)$/, '')}_bucket and _count`,
          });
      }
      if (!ok) return;
      const sli = sliPlan(s);
      for (const problem of promqlProblems(errorRatioExpr(sli, '5m'), { prometheus, as: 'record' }))
        r.report(['slos', i, 'sli'], `the SLI's error ratio is not valid PromQL: ${problem.message}`);
      const series = sliSeries(sli);
      if ('error' in series)
        r.report(['slos', i, 'sli'], `mon cannot build test series for this SLI: ${series.error}`, {
          hint: 'use equality or simple regex matchers, or a separate counter of good events',
        });
    });
  }),

  // A burn-rate alert whose threshold is an error ratio of 100% or more could never fire.
  rule('slo-alerts-can-fire', ({ spec }, r) => {
    (spec.slos ?? []).forEach((s, i) => {
      const budget = (100 - s.objective) / 100;
      for (const severity of ['page', 'ticket'] as const) {
        if (s.alerts?.[severity]?.enabled === false) continue;
        for (const w of BURN_WINDOWS[severity]) {
          const f = burnFactor(s.window ?? DEFAULT_SLO_PERIOD, w);
          if (f * budget >= 1)
            r.report(
              ['slos', i, 'objective'],
              `with an objective of ${s.objective}% the ${severity} alert's ${f}x burn over ${w.long} needs an error ratio of ${Number((f * budget * 100).toPrecision(4))}%: it could never fire`,
              { hint: `raise the objective, or set alerts.${severity}.enabled: false` },
            );
        }
      }
    });
  }),
];
