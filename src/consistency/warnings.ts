import type { Model } from '../model/types.js';
import { ruleName } from '../model/types.js';
import { type Diagnostic, formatPath, type SpecPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { expressionProblems } from './metrics.js';

/** Rules and dashboards that query metrics no configured source produces, warned where they come from. */
export function metricWarnings(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (path: SpecPath, message: string) => {
    const pos = loaded.doc.position(path, { key: true });
    out.push({
      severity: 'warning',
      file: loaded.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message,
      hint: 'the query will return nothing: check the job, the runtime, or the component that exports it',
    });
  };
  for (const rule of model.ruleGroups.flatMap((g) => g.rules)) {
    for (const p of expressionProblems(model, rule.expr))
      warn(rule.source, `${ruleName(rule)} queries a metric nothing here produces (${p})`);
  }
  if (!model.grafana.enabled) return out;
  for (const { preset, why } of model.dashboards.empty) {
    const listed = loaded.spec.dashboards?.presets?.indexOf(preset) ?? -1;
    const pos = loaded.doc.position(listed >= 0 ? ['dashboards', 'presets', listed] : ['grafana'], { key: listed < 0 });
    out.push({
      severity: 'warning',
      file: loaded.file,
      line: pos.line,
      col: pos.col,
      path: listed >= 0 ? `dashboards.presets[${listed}]` : 'grafana',
      message: `the ${preset} dashboard would be empty and is not generated: ${why}`,
      hint:
        listed >= 0
          ? 'declare what the services expose, or remove the preset'
          : 'declare what the services expose, or list the presets you want in dashboards.presets',
    });
  }
  const customIndex = new Map(model.dashboards.custom.map((d, i) => [d.uid, i]));
  const presetIndex = new Map(model.dashboards.presets.map((p, i) => [p as string, i]));
  for (const plan of model.dashboards.plans) {
    const custom = customIndex.get(plan.uid);
    plan.rows.forEach((row, j) =>
      row.panels.forEach((panel, k) => {
        const where: SpecPath =
          custom !== undefined
            ? ['dashboards', 'custom', custom, 'rows', j, 'panels', k]
            : presetIndex.has(plan.uid) && loaded.spec.dashboards?.presets
              ? ['dashboards', 'presets', presetIndex.get(plan.uid)!]
              : ['dashboards'];
        const problems = new Set(panel.queries.flatMap((q) => (q.expr ? expressionProblems(model, q.expr, true) : [])));
        for (const p of problems)
          warn(where, `dashboard ${plan.uid}, panel "${panel.title}" queries a metric nothing here produces (${p})`);
      }),
    );
  }
  return out;
}
