import { selectors } from '../consistency/selectors.js';
import type { RuleGroup } from './types.js';

/** The metric names an expression reads (its vector selectors' names). */
const metricsOf = (expr: string) => selectors(expr).map((s) => s.metric);

/**
 * The other groups whose recording rules a group's rules and tests read, directly or through
 * another recording rule, in the model's order: a promtool unit test loads their rule files too,
 * as Prometheus evaluates them beside the group (a test that needs rules from another group).
 */
export function groupsNeeded(groups: RuleGroup[], group: RuleGroup): RuleGroup[] {
  const recordedBy = new Map<string, RuleGroup[]>();
  for (const g of groups)
    for (const r of g.rules)
      if (r.kind === 'record') recordedBy.set(r.record, [...(recordedBy.get(r.record) ?? []), g]);
  if (!recordedBy.size) return [];
  const needed = new Set<RuleGroup>();
  const seen = new Set<string>();
  const visit = (expr: string) => {
    for (const m of metricsOf(expr)) {
      if (seen.has(m)) continue;
      seen.add(m);
      const by = recordedBy.get(m) ?? [];
      // a name the group records itself is its own (SLO groups share record names, told apart by labels)
      if (by.includes(group)) continue;
      for (const g of by) {
        if (g === group || needed.has(g)) continue;
        needed.add(g);
        for (const r of g.rules) visit(r.expr);
      }
    }
  };
  for (const r of group.rules) {
    visit(r.expr);
    for (const t of r.tests) for (const s of t.samples) visit(s.expr);
  }
  return groups.filter((g) => needed.has(g));
}
