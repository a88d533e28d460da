import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';
import { promqlProblems } from '../../../src/promql/index.js';
import { promtoolOf, promtoolVerdicts } from '../../helpers/promtool-oracle.js';

/**
 * A rule whose result is a string or a range vector passes `promtool check rules` (rulefmt only
 * parses the expression) but fails at every evaluation: Prometheus's rules/manager.go
 * EngineQueryFunc answers "rule result is not a vector or scalar". `promtool test rules` runs the
 * real rule evaluation, so it is the oracle here; a scalar result is fine.
 */
const BAD = [
  [
    'alert',
    '"a string"',
    `an alerting rule's expression must be an instant vector or a scalar, got a string: a rule needs a query such as up == 0`,
  ],
  [
    'alert',
    'up[5m]',
    `an alerting rule's expression must be an instant vector or a scalar, got a range vector: drop the range (up) or take a rate (rate(up[5m]))`,
  ],
  [
    'record',
    'max_over_time(up[5m])[1h:]',
    `a recording rule's expression must be an instant vector or a scalar, got a range vector`,
  ],
] as const;
const GOOD = [
  ['alert', '1'],
  ['record', 'vector(1)'],
  ['alert', 'up == 0'],
] as const;

function evaluate(bin: string, rules: ReadonlyArray<readonly [string, string, ...string[]]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mon-rule-context-'));
  try {
    const group = {
      name: 'g',
      rules: rules.map(([kind, expr], i) => ({ [kind]: kind === 'alert' ? `A${i}` : `r:a${i}`, expr })),
    };
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [group] }));
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'up{job="a"}', values: '1x10' }],
          alert_rule_test: [{ eval_time: '5m', alertname: 'none', exp_alerts: [] }],
        },
      ],
    };
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
      expect(
        promtoolVerdicts(
          bin,
          BAD.map((b) => b[1]),
        ).every((x) => x.ok),
        'promtool check rules accepts them',
      ).toBe(true);
      const out = evaluate(bin, BAD);
      BAD.forEach((_, i) =>
        expect(out).toMatch(new RegExp(`rule: (A|r:a)${i}, time: 0s, err: rule result is not a vector or scalar`)),
      );
      expect(evaluate(bin, GOOD)).not.toContain('rule result is not a vector or scalar');
    });
  }

  it('names each at its spec line', () => {
    const lines = [
      'apiVersion: mon/v1',
      'project: shop',
      'services:',
      '  - name: api',
      '    targets: ["127.0.0.1:8080"]',
      'alerts:',
      '  rules:',
    ];
    BAD.forEach(([kind, expr], i) =>
      lines.push(`    - ${kind}: ${kind === 'alert' ? `A${i}` : `r:a${i}`}`, `      expr: ${JSON.stringify(expr)}`),
    );
    GOOD.forEach(([kind, expr], i) =>
      lines.push(`    - ${kind}: ${kind === 'alert' ? `G${i}` : `r:g${i}`}`, `      expr: ${JSON.stringify(expr)}`),
    );
    let errors: Array<{ line?: number; path?: string; message: string }> = [];
    try {
      loadSpec(`${lines.join('\n')}\n`, 'monitoring.yaml');
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      errors = e.diagnostics.filter((d) => d.severity === 'error');
    }
    expect(errors.map((d) => ({ line: d.line, path: d.path, message: d.message }))).toEqual(
      BAD.map(([, , message], i) => ({ line: 9 + 2 * i, path: `alerts.rules[${i}].expr`, message })),
    );
  });
});

/**
 * label_replace()/label_join() arguments Prometheus checks only when it evaluates the rule
 * (promql/functions.go): promtool check rules passes them, promtool test rules shows the failure.
 */
const EVALUATION: Array<
  [expr: string, failsOn: Array<'2' | '3'>, prometheusSays: string, mon: { '2'?: string; '3'?: string }]
> = [
  [
    'label_replace(up, "dst", "$1", "src", "(?=a)")',
    ['2', '3'],
    'invalid regular expression in label_replace(): (?=a)',
    {
      '2': "invalid regex in label_replace(): lookahead (?=...) is not supported by Prometheus's Go regular expressions (RE2); Prometheus fails the rule at every evaluation",
      '3': "invalid regex in label_replace(): lookahead (?=...) is not supported by Prometheus's Go regular expressions (RE2); Prometheus fails the rule at every evaluation",
    },
  ],
  [
    'label_replace(up, "my-dst", "$1", "src", "(.*)")',
    ['2'],
    'invalid destination label name in label_replace(): my-dst',
    {
      '2': '"my-dst" is not a valid destination label name for label_replace() (Prometheus 2 label names are letters, digits and _): Prometheus fails the rule at every evaluation',
    },
  ],
  [
    'label_join(up, "d", ",", "a.b")',
    ['2'],
    'invalid source label name in label_join(): a.b',
    {
      '2': '"a.b" is not a valid source label name for label_join() (Prometheus 2 label names are letters, digits and _): Prometheus fails the rule at every evaluation',
    },
  ],
  [
    'label_join(up, "", ",", "a")',
    ['2', '3'],
    'invalid destination label name in label_join(): ',
    {
      '2': '"" is not a valid destination label name for label_join() (Prometheus 2 label names are letters, digits and _): Prometheus fails the rule at every evaluation',
      '3': '"" is not a valid destination label name for label_join(): Prometheus fails the rule at every evaluation',
    },
  ],
  ['label_replace(up, "d", "$1", "", "(.*)")', [], '', {}],
];

describe('label_replace and label_join arguments Prometheus checks at evaluation', () => {
  for (const v of ['2', '3'] as const) {
    it(`Prometheus ${v}.x`, () => {
      const bin = promtoolOf(v);
      expect(
        promtoolVerdicts(
          bin,
          EVALUATION.map((x) => x[0]),
          'record',
        ).every((x) => x.ok),
        'promtool check rules accepts them',
      ).toBe(true);
      const out = evaluate(
        bin,
        EVALUATION.map(([expr]) => ['record', expr] as const),
      );
      EVALUATION.forEach(([expr, failsOn, says, mon], i) => {
        const line = out.split('\n').find((l) => l.includes(`rule: r:a${i}, `));
        if (failsOn.includes(v)) expect(line, expr).toContain(`err: ${says}`);
        else expect(line, expr).toBeUndefined();
        expect(
          promqlProblems(expr, { prometheus: v, as: 'record' }).map((p) => p.message),
          expr,
        ).toEqual(mon[v] ? [mon[v]] : []);
      });
    });
  }
});
