import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';
import { promtoolOf, promtoolVerdicts } from '../../helpers/promtool-oracle.js';

/**
 * A rule whose result is a string or a range vector passes `promtool check rules` (rulefmt only
 * parses the expression) but fails at every evaluation: Prometheus's rules/manager.go
 * EngineQueryFunc answers "rule result is not a vector or scalar". `promtool test rules` runs the
 * real rule evaluation, so it is the oracle here; a scalar result is fine.
 */
const BAD = [
  ['alert', '"a string"', `an alerting rule's expression must be an instant vector or a scalar, got a string: a rule needs a query such as up == 0`],
  ['alert', 'up[5m]', `an alerting rule's expression must be an instant vector or a scalar, got a range vector: drop the range (up) or take a rate (rate(up[5m]))`],
  ['record', 'max_over_time(up[5m])[1h:]', `a recording rule's expression must be an instant vector or a scalar, got a range vector`],
] as const;
const GOOD = [
  ['alert', '1'],
  ['record', 'vector(1)'],
  ['alert', 'up == 0'],
] as const;

function evaluate(bin: string, rules: ReadonlyArray<readonly [string, string, ...string[]]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mon-rule-context-'));
  try {
    const group = { name: 'g', rules: rules.map(([kind, expr], i) => ({ [kind]: kind === 'alert' ? `A${i}` : `r:a${i}`, expr })) };
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [group] }));
    const test = { rule_files: ['rules.yml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: [{ series: 'up{job="a"}', values: '1x10' }], alert_rule_test: [{ eval_time: '5m', alertname: 'none', exp_alerts: [] }] }] };
    writeFileSync(join(dir, 'test.yml'), JSON.stringify(test));
    const r = spawnSync(bin, ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    return `${r.stdout}\n${r.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a rule's result type, against promtool test rules", () => {
  for (const v of ['2', '3'] as const) {
    it(`Prometheus ${v}.x evaluates string and range-vector rules to an error, and mon refuses them at the rule's line`, () => {
      const bin = promtoolOf(v);
      expect(promtoolVerdicts(bin, BAD.map((b) => b[1])).every((x) => x.ok), 'promtool check rules accepts them').toBe(true);
      const out = evaluate(bin, BAD);
      BAD.forEach((_, i) => expect(out).toMatch(new RegExp(`rule: (A|r:a)${i}, time: 0s, err: rule result is not a vector or scalar`)));
      expect(evaluate(bin, GOOD)).not.toContain('rule result is not a vector or scalar');
    });
  }

  it('names each at its spec line', () => {
    const lines = ['apiVersion: mon/v1', 'project: shop', 'services:', '  - name: api', '    targets: ["127.0.0.1:8080"]', 'alerts:', '  rules:'];
    BAD.forEach(([kind, expr], i) => lines.push(`    - ${kind}: ${kind === 'alert' ? `A${i}` : `r:a${i}`}`, `      expr: ${JSON.stringify(expr)}`));
    GOOD.forEach(([kind, expr], i) => lines.push(`    - ${kind}: ${kind === 'alert' ? `G${i}` : `r:g${i}`}`, `      expr: ${JSON.stringify(expr)}`));
    let errors: Array<{ line?: number; path?: string; message: string }> = [];
    try {
      loadSpec(`${lines.join('\n')}\n`, 'monitoring.yaml');
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      errors = e.diagnostics.filter((d) => d.severity === 'error');
    }
    expect(errors.map((d) => ({ line: d.line, path: d.path, message: d.message }))).toEqual(BAD.map(([, , message], i) => ({ line: 9 + 2 * i, path: `alerts.rules[${i}].expr`, message })));
  });
});
