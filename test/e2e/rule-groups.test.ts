import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';

/**
 * `alerts.groups`: rule groups as Prometheus writes them, generated and checked by the real
 * promtool (check rules, test rules) of both version lines through `mon validate`.
 */
const FIXTURE = join(ROOT, 'test/fixtures/specs/rule-groups/monitoring.yaml');
let work: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('mon-groups-');
});
afterAll(() => work.cleanup());

const withQueryOffset = (text: string) => text.replace('      limit: 10\n', '      limit: 10\n      queryOffset: 1m\n');

const UTF8 = `apiVersion: mon/v1
project: demo
services: [{ name: api, targets: ["127.0.0.1:9999"] }]
alerts:
  groups:
    - name: utf8
      rules:
        - record: job-up:sum
          expr: sum by (job) (up)
          labels: { team-name: a }
`;

describe.each(LINES)('alerts.groups on $name', (line) => {
  const v3 = line.prometheus.startsWith('3');

  it('validates: names as written, interval/limit carried, labels as text, tests across groups', async () => {
    requireLine(line);
    const dir = join(work.path, line.prometheus);
    const spec = join(work.path, `${line.prometheus}.yaml`);
    await copyFile(FIXTURE, spec);
    const g = await mon(['generate', '-f', spec, '-o', dir], { env: line.env });
    expect(g.exitCode, g.stderr).toBe(0);
    const rules = await readFile(join(dir, 'prometheus/rules/Kube-API.server_rules.yml'), 'utf8');
    expect(rules).toContain('  - name: Kube-API.server rules\n    interval: 30s\n    limit: 10\n    rules:\n');
    const other = await readFile(join(dir, 'prometheus/rules/other.group.yml'), 'utf8');
    expect(other).toContain('        for: "0"\n        keep_firing_for: 5m\n');
    expect(other).toContain('          "n": "1.0"\n          b: "yes"\n          t: "true"\n          o: "0x10"\n');
    // no severity or runbook added to what the group wrote
    expect(other).toContain('        labels:\n          severity: critical\n');
    const test = await readFile(join(dir, 'prometheus/tests/other.group.test.yml'), 'utf8');
    expect(test).toContain('rule_files:\n  - ../rules/other.group.yml\n  - ../rules/Kube-API.server_rules.yml\n');
    const r = await mon(['validate', '-f', spec], { env: line.env, cwd: work.path });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/ok +promtool-rules/);
    expect(r.stdout + r.stderr).toContain('2 rules tested, all pass');
  });

  it(v3 ? 'carries query_offset into the rule file' : 'refuses queryOffset before 2.53, located', async () => {
    requireLine(line);
    const spec = join(work.path, `qo-${line.prometheus}.yaml`);
    await writeFile(spec, withQueryOffset(await readFile(FIXTURE, 'utf8')));
    const dir = join(work.path, `qo-${line.prometheus}`);
    const r = await mon(['generate', '-f', spec, '-o', dir], { env: line.env });
    if (v3) {
      expect(r.exitCode, r.stderr).toBe(0);
      const rules = await readFile(join(dir, 'prometheus/rules/Kube-API.server_rules.yml'), 'utf8');
      expect(rules).toContain('    limit: 10\n    query_offset: 1m\n');
      const c = await mon(['validate', '-f', spec], { env: line.env, cwd: work.path });
      expect(c.stdout + c.stderr).toMatch(/ok +promtool-rules/);
    } else {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(
        `qo-2.42.yaml:12:7 alerts.groups[0].queryOffset: queryOffset needs Prometheus >= 2.53.0; this stack's is 2.42.0 (the local target runs the prometheus binary chosen: MON_PROMETHEUS_VERSION, else the newest found)`,
      );
    }
  });

  it(
    v3 ? 'takes UTF-8 record and label names, as 3.x does' : 'refuses UTF-8 record and label names, as 2.x does',
    async () => {
      requireLine(line);
      const spec = join(work.path, `utf8-${line.prometheus}.yaml`);
      await writeFile(spec, UTF8);
      const r = await mon(['generate', '-f', spec, '-o', join(work.path, `utf8-${line.prometheus}`)], {
        env: line.env,
      });
      if (v3) {
        expect(r.exitCode, r.stderr).toBe(0);
        const c = await mon(['validate', '-f', spec], { env: line.env, cwd: work.path });
        expect(c.stdout + c.stderr).toMatch(/ok +promtool-rules/);
      } else {
        expect(r.exitCode).toBe(1);
        expect(r.stderr).toContain(
          `alerts.groups[0].rules[0].record: invalid recording rule name "job-up:sum" for Prometheus 2.42.0`,
        );
        expect(r.stderr).toContain(
          `alerts.groups[0].rules[0].labels.team-name: invalid label name "team-name" for Prometheus 2.42.0`,
        );
      }
    },
  );
});
