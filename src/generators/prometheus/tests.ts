import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader, TEST_INTERVAL } from '../../model/conventions.js';
import type { RuleGroup, UnitTest } from '../../model/types.js';
import type { Generator } from '../types.js';
import { groupsNeeded } from '../../model/rule-deps.js';

const testYaml = (t: UnitTest) => {
  const out: Record<string, unknown> = { name: t.name, interval: t.interval, input_series: t.series };
  if (t.alerts.length) {
    out.alert_rule_test = t.alerts.map((a) => ({
      eval_time: a.at,
      alertname: a.alert,
      exp_alerts: a.expect.map((e) => ({
        exp_labels: e.labels,
        ...(e.annotations && Object.keys(e.annotations).length ? { exp_annotations: e.annotations } : {}),
      })),
    }));
  }
  if (t.samples.length) {
    out.promql_expr_test = t.samples.map((s) => ({ expr: s.expr, eval_time: s.at, exp_samples: s.expect }));
  }
  return out;
};

export const testFile = (group: RuleGroup, needs: RuleGroup[] = []) => ({
  rule_files: [group, ...needs].map((g) => files.ruleFileFromTest(g.name)),
  evaluation_interval: group.testEvaluationInterval ?? TEST_INTERVAL,
  tests: group.rules.flatMap((r) => r.tests.map(testYaml)),
});

/** promtool unit tests, one file per rule group (large single files slow promtool down). */
export const prometheusTestsGenerator: Generator = {
  name: 'prometheus-tests',
  generate: (model) =>
    model.ruleGroups
      .filter((g) => g.rules.some((r) => r.tests.length))
      .map((g) => ({
        path: files.ruleTestFile(g.name),
        content: toYaml(testFile(g, groupsNeeded(model.ruleGroups, g)), generatedHeader(model.specName)),
      })),
};
