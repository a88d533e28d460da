import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader } from '../../model/conventions.js';
import type { Rule, RuleGroup } from '../../model/types.js';
import type { Generator } from '../types.js';

const ruleYaml = (r: Rule) => {
  if (r.kind === 'record') {
    const out: Record<string, unknown> = { record: r.record, expr: r.expr };
    if (Object.keys(r.labels).length) out.labels = r.labels;
    return out;
  }
  const out: Record<string, unknown> = { alert: r.alert, expr: r.expr };
  if (r.for !== undefined) out.for = r.for;
  if (r.keepFiringFor !== undefined) out.keep_firing_for = r.keepFiringFor;
  out.labels = r.labels;
  if (Object.keys(r.annotations).length) out.annotations = r.annotations;
  return out;
};

export const ruleFile = (group: RuleGroup) => ({
  groups: [
    {
      name: group.name,
      ...(group.interval ? { interval: group.interval } : {}),
      ...(group.limit !== undefined ? { limit: group.limit } : {}),
      ...(group.queryOffset !== undefined ? { query_offset: group.queryOffset } : {}),
      rules: group.rules.map(ruleYaml),
    },
  ],
});

/** A rule group's file, as written. */
export const ruleFileText = (group: RuleGroup, specName: string) => toYaml(ruleFile(group), generatedHeader(specName));

/** One rule file per group: promtool and its unit tests stay fast on small files. */
export const prometheusRulesGenerator: Generator = {
  name: 'prometheus-rules',
  generate: (model) =>
    model.ruleGroups.map((g) => ({ path: files.ruleFile(g.name), content: ruleFileText(g, model.specName) })),
};
