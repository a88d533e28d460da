import { alertRule } from '../packs/rule.js';
import type { CustomRuleSpec, RuleTestSpec } from '../spec/types.js';
import { customRuleGroup, TEST_INTERVAL } from './conventions.js';
import { defaults } from './defaults.js';
import type { Rule, RuleGroup, UnitTest } from './types.js';

/** A `test:` block of a custom rule as a promtool unit test. */
function unitTestOf(name: string, rule: Rule, t: RuleTestSpec): UnitTest {
  return {
    name: `${name}: test from the spec`,
    interval: t.interval ?? TEST_INTERVAL,
    series: t.series.map((s) => ({ series: s.series, values: s.values })),
    alerts:
      rule.kind === 'alert'
        ? t.expect
            .filter((e) => e.alerts !== undefined)
            .map((e) => ({
              at: e.at,
              alert: name,
              // the rule's own labels are part of every alert: the spec need not repeat them
              expect: e.alerts!.map((a) => ({
                labels: { ...a.labels, ...rule.labels },
                annotations: a.annotations ?? {},
              })),
            }))
        : [],
    samples: t.expect
      .filter((e) => e.samples !== undefined)
      .map((e) => ({ at: e.at, expr: rule.kind === 'record' ? rule.record : rule.expr, expect: e.samples! })),
  };
}

/** `alerts.rules` -> rule groups by `group:`, in order of first appearance. */
export function customRules(project: string, specs: CustomRuleSpec[], runbookBaseUrl: string | undefined): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  specs.forEach((r, i) => {
    const source = ['alerts', 'rules', i];
    const expr = r.expr.trim();
    const rule: Rule =
      r.record !== undefined
        ? { kind: 'record', record: r.record, expr, labels: { ...r.labels }, source, tests: [] }
        : alertRule(
            { ...r, alert: r.alert!, expr, severity: r.severity ?? defaults.customRule.severity, source },
            runbookBaseUrl,
          );
    if (r.test) rule.tests = [unitTestOf(r.record ?? r.alert!, rule, r.test)];
    const name = customRuleGroup(project, r.group);
    if (!groups.has(name)) groups.set(name, { name, pack: 'custom', rules: [] });
    groups.get(name)!.rules.push(rule);
  });
  return [...groups.values()];
}
