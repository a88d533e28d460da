import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/model/normalize.js';
import { loadSpec } from '../../src/spec/load.js';
import { ruleCheckDiagnostics } from '../../src/validate/promtool-map.js';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { promtoolOf } from '../helpers/promtool-oracle.js';
import { spawnSync } from 'node:child_process';

/**
 * What promtool still finds, mapped back: its real `check rules` output on generated files goes to
 * the spec line of the rule (or group) it came from, and a failing unit test shows only that
 * rule's failed cases, once.
 */
let work: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('mon-map-');
});
afterAll(() => work.cleanup());

const SPEC = `apiVersion: mon/v1
project: demo
prometheus: {version: "3.16"}
services: [{ name: api, targets: ["127.0.0.1:9999"] }]
alerts:
  groups:
    - name: slo
      queryOffset: 1m
      rules:
        - record: job-up:sum
          expr: sum by (job) (up)
        - alert: Down
          expr: up == 0
          labels: { team-name: a }
`;

describe('promtool check rules output at the spec position', () => {
  it("maps 2.42's refusal of 3.16 rule files to the group and rule lines", async () => {
    const loaded = loadSpec(SPEC, 'm.yaml');
    const model = normalize(loaded.spec, 'm.yaml');
    const dir = join(work.path, 'gen');
    await writeFile(join(work.path, 'm.yaml'), SPEC);
    const r = await mon(['generate', '-f', join(work.path, 'm.yaml'), '-o', dir], {
      env: { MON_PROMETHEUS_VERSION: '3.16' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const file = 'prometheus/rules/slo.yml';
    const yamlError = spawnSync(promtoolOf('2'), ['check', 'rules', file], { cwd: dir, encoding: 'utf8' });
    expect(yamlError.status).toBe(1);
    expect(
      ruleCheckDiagnostics(loaded, model, `${yamlError.stdout}\n${yamlError.stderr}`).map(
        (d) => `${d.line}:${d.col} ${d.path}: ${d.message}`,
      ),
    ).toEqual([
      '7:7 alerts.groups[0]: group slo: promtool check rules: yaml: unmarshal errors: line 4: field query_offset not found in type rulefmt.RuleGroup',
    ]);
    // without query_offset, 2.42 reads the file and names the rules it refuses
    const text = await readFile(join(dir, file), 'utf8');
    await writeFile(join(dir, file), text.replace(/^ {4}query_offset: .*\n/m, ''));
    const ruleErrors = spawnSync(promtoolOf('2'), ['check', 'rules', file], { cwd: dir, encoding: 'utf8' });
    expect(
      ruleCheckDiagnostics(loaded, model, `${ruleErrors.stdout}\n${ruleErrors.stderr}`).map(
        (d) => `${d.line}:${d.col} ${d.path}: ${d.message}`,
      ),
    ).toEqual([
      '10:11 alerts.groups[0].rules[0]: job-up:sum: promtool check rules: invalid recording rule name: job-up:sum',
      '12:11 alerts.groups[0].rules[1]: Down: promtool check rules: invalid label name: team-name',
    ]);
  });
});

const TESTS = `apiVersion: mon/v1
project: demo
services: [{ name: api, targets: ["127.0.0.1:9999"] }]
alerts:
  rules:
    - alert: QueueBacklog
      expr: queue_depth > 10
      tests:
        - series: [{ series: 'queue_depth{queue="a"}', values: '20x10' }]
          expect: [{ at: 5m, alerts: [] }]
        - series: [{ series: 'queue_depth{queue="a"}', values: '0x10' }]
          expect: [{ at: 5m, alerts: [{ labels: { queue: a } }] }]
    - alert: QueueEmpty
      expr: queue_depth == 0
      test:
        series: [{ series: 'queue_depth{queue="b"}', values: '0x10' }]
        expect: [{ at: 5m, alerts: [] }]
    - record: queue:depth:max
      expr: max(queue_depth)
      test:
        series: [{ series: 'queue_depth{queue="b"}', values: '3x10' }]
        expect: [{ at: 5m, samples: [{ labels: 'queue:depth:max', value: 4 }] }]
`;

describe.each(LINES)('failing unit tests on $name', (line) => {
  it("prints each rule's failed cases once, not promtool's whole output", async () => {
    requireLine(line);
    const spec = join(work.path, `t-${line.prometheus}.yaml`);
    await writeFile(spec, TESTS);
    const r = await mon(['test', '-f', spec, '--json'], { env: line.env });
    expect(r.exitCode).toBe(1);
    const rules = (
      JSON.parse(r.stdout) as { groups: Array<{ rules: Array<{ rule: string; status: string; details: string }> }> }
    ).groups[0]!.rules;
    expect(rules.map((x) => [x.rule, x.status])).toEqual([
      ['QueueBacklog', 'fail'],
      ['QueueEmpty', 'fail'],
      ['queue:depth:max', 'fail'],
    ]);
    const [backlog, empty, record] = rules.map((x) => x.details);
    expect(backlog).toContain('QueueBacklog: test 1 from the spec');
    expect(backlog).toContain('QueueBacklog: test 2 from the spec');
    expect(backlog).not.toContain('QueueEmpty');
    expect(backlog).not.toContain('queue:depth:max');
    expect(empty).toContain('alertname: QueueEmpty, time: 5m');
    expect(empty).not.toContain('QueueBacklog');
    expect(record).toContain('expr: "queue:depth:max", time: 5m');
    expect(record).not.toContain('alertname:');
    // each case once
    expect(backlog!.split('name: QueueBacklog: test 1 from the spec').length).toBe(2);
  });
});
