import { alertRule } from '../packs/rule.js';
import type { CustomRuleSpec, RuleGroupSpec, RuleTestSpec } from '../spec/types.js';
import type { SpecPath } from '../spec/diagnostics.js';
import { customRuleGroup, TEST_INTERVAL } from './conventions.js';
import { defaults } from './defaults.js';
import type { Rule, RuleGroup, UnitTest } from './types.js';

/** A `test:` block of a custom rule as a promtool unit test. */
function unitTestOf(name: string, rule: Rule, t: RuleTestSpec, n: number, of: number, asWritten: boolean): UnitTest {
  return {
    name: of > 1 ? `${name}: test ${n} from the spec` : `${name}: test from the spec`,
    interval: t.interval ?? TEST_INTERVAL,
    series: t.series.map((s) => ({ series: s.series, values: s.values })),
    alerts:
      rule.kind === 'alert'
        ? t.expect
            .filter((e) => e.alerts !== undefined)
            .map((e) => ({
              at: e.at,
              alert: name,
              // the rule's own labels are part of every alert: `alerts.rules` need not repeat them (a label
              // the expectation names wins); `alerts.groups` expects the labels as written, as promtool's
              // exp_labels (the alerts of a warning/critical pair of one name carry different labels)
              expect: e.alerts!.map((a) => ({
                labels: asWritten ? { ...a.labels } : { ...rule.labels, ...a.labels },
                annotations: a.annotations ?? {},
              })),
            }))
        : [],
    samples: t.expect
      .filter((e) => e.samples !== undefined)
      .map((e) => ({
        at: e.at,
        expr: e.expr ?? (rule.kind === 'record' ? rule.record : rule.expr),
        expect: e.samples!,
      })),
  };
}

/** One rule of the spec as a model rule; `asWritten` (alerts.groups): only the labels and annotations written. */
function ruleOf(
  r: Omit<CustomRuleSpec, 'group'>,
  source: SpecPath,
  runbookBaseUrl: string | undefined,
  asWritten: boolean,
): Rule {
  const expr = r.expr.trim();
  const rule: Rule =
    r.record !== undefined
      ? { kind: 'record', record: r.record, expr, labels: { ...r.labels }, source, tests: [] }
      : asWritten
        ? alertRule({ ...r, alert: r.alert!, expr, severity: r.severity ?? '', source }, undefined)
        : alertRule(
            { ...r, alert: r.alert!, expr, severity: r.severity ?? defaults.customRule.severity, source },
            runbookBaseUrl,
          );
  // a group written as Prometheus writes it gains no severity label it did not write
  if (asWritten && rule.kind === 'alert' && r.severity === undefined && r.labels?.severity === undefined)
    delete rule.labels.severity;
  const tests = [...(r.test ? [r.test] : []), ...(r.tests ?? [])];
  const name = r.record ?? r.alert!;
  rule.tests = tests.map((t, i) => unitTestOf(name, rule, t, i + 1, tests.length, asWritten));
  if (r.lint?.ignore?.length) rule.lintIgnore = [...r.lint.ignore];
  return rule;
}

/** `alerts.rules` -> rule groups by `group:`, in order of first appearance. */
export function customRules(project: string, specs: CustomRuleSpec[], runbookBaseUrl: string | undefined): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  specs.forEach((r, i) => {
    const rule = ruleOf(r, ['alerts', 'rules', i], runbookBaseUrl, false);
    const name = customRuleGroup(project, r.group);
    if (!groups.has(name)) groups.set(name, { name, pack: 'custom', rules: [] });
    groups.get(name)!.rules.push(rule);
  });
  return [...groups.values()];
}

/** `alerts.groups` -> rule groups as written: name, interval, limit and query_offset kept. */
export function writtenGroups(specs: RuleGroupSpec[]): RuleGroup[] {
  return specs.map((g, i) => {
    const source: SpecPath = ['alerts', 'groups', i];
    const group: RuleGroup = {
      name: g.name,
      pack: 'custom',
      source,
      rules: g.rules.map((r, j) => ruleOf(r, [...source, 'rules', j], undefined, true)),
    };
    if (g.interval !== undefined) group.interval = g.interval;
    if (g.limit !== undefined) group.limit = g.limit;
    if (g.queryOffset !== undefined) group.queryOffset = g.queryOffset;
    return group;
  });
}
