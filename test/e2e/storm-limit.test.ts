import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../src/tools/binaries.js';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { freePort, getJson } from '../helpers/stack.js';

/**
 * `alerts.limit`, the storm guard: Prometheus's rule group `limit` on the pack groups and the custom
 * rules' group. Generated, checked by the real promtool (`mon validate`), and evaluated by the real
 * Prometheus of each line: a rule that would fire 3 alerts under a limit of 2 fires none and its
 * health is err; a rule with 2 fires both. `alerts.storm`: the summary alert's promtool tests run by
 * `mon validate`, and the generated inhibit rule applied by the real Alertmanager of each line.
 */
const three = ['a', 'b', 'c'].map((i) => `label_replace(vector(1), "shard", "${i}", "", "")`).join(' or ');
const two = ['a', 'b'].map((i) => `label_replace(vector(1), "shard", "${i}", "", "")`).join(' or ');
const SPEC = `apiVersion: mon/v1
project: storm
services: [{ name: api, runtime: python, targets: ["127.0.0.1:9999"] }]
alerts:
  limit: 2
  packs:
    backend: {service: api}
  rules:
    - alert: ShardStorm
      expr: '${three}'
      summary: three shards at once
    - alert: ShardPair
      expr: '${two}'
      summary: two shards
`;

let work: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('mon-storm-');
});
afterAll(() => work.cleanup());

describe.each(LINES)('alerts.limit on $name', (line) => {
  it('writes limit on the pack and custom groups, promtool accepts it, Prometheus enforces it', async () => {
    requireLine(line);
    const dir = join(work.path, line.prometheus);
    await mkdir(dir, { recursive: true });
    const spec = join(dir, 'monitoring.yaml');
    await writeFile(spec, SPEC);
    const v = await mon(['validate', '-f', spec], { cwd: dir, env: line.env });
    expect(v.exitCode, v.stderr + v.stdout).toBe(0);
    const g = await mon(['generate', '-f', spec, '-o', join(dir, 'out')], { cwd: dir, env: line.env });
    expect(g.exitCode, g.stderr).toBe(0);
    const rules = join(dir, 'out/prometheus/rules');
    for (const file of ['storm_backend_alerts.yml', 'storm_custom_rules.yml']) {
      const doc = parse(await readFile(join(rules, file), 'utf8')) as { groups: Array<{ limit?: number }> };
      expect(
        doc.groups.map((g) => g.limit),
        file,
      ).toEqual([2]);
    }

    const port = await freePort();
    const config = join(dir, 'prometheus.yml');
    await writeFile(
      config,
      `global: {evaluation_interval: 1s}\nrule_files: [${JSON.stringify(join(rules, 'storm_custom_rules.yml'))}]\n`,
    );
    const prometheus = findBinary('prometheus', line.prometheus).path!;
    const child = spawn(
      prometheus,
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      type Rule = { name: string; health: string; lastError?: string; alerts: unknown[] };
      let seen: Rule[] = [];
      for (let i = 0; i < 150; i++) {
        const r = await getJson<{ data: { groups: Array<{ rules: Rule[] }> } }>(
          `http://127.0.0.1:${port}/api/v1/rules`,
        ).catch(() => undefined);
        seen = r?.data?.groups.flatMap((g) => g.rules) ?? [];
        if (seen.length === 2 && seen.every((x) => x.health !== 'unknown')) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      const storm = seen.find((x) => x.name === 'ShardStorm');
      const pair = seen.find((x) => x.name === 'ShardPair');
      expect(storm?.health).toBe('err');
      expect(storm?.lastError).toBe('exceeded limit of 2 with 3 alerts');
      expect(storm?.alerts).toEqual([]);
      expect(pair?.health).toBe('ok');
      expect(pair?.alerts).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});

const STORM = `apiVersion: mon/v1
project: storm
services: [{ name: api, runtime: python, targets: ["127.0.0.1:9999"] }]
alerts:
  storm: {threshold: 3}
  packs:
    backend: {service: api}
notifications:
  receivers: [{name: hook, webhook: {url: "http://127.0.0.1:9/"}}]
`;

describe.each(LINES)('alerts.storm on $name', (line) => {
  it("the summary rule passes its promtool tests; Alertmanager holds back the service's warnings, not its critical alerts or other services", async () => {
    requireLine(line);
    const dir = join(work.path, `storm-${line.alertmanager}`);
    await mkdir(dir, { recursive: true });
    const spec = join(dir, 'monitoring.yaml');
    await writeFile(spec, STORM);
    const v = await mon(['validate', '-f', spec], { cwd: dir, env: line.env });
    expect(v.exitCode, v.stderr + v.stdout).toBe(0);
    const t = await mon(['test', '-f', spec, '--json'], { cwd: dir, env: line.env });
    const groups = (JSON.parse(t.stdout) as { groups: Array<{ name: string; rules: unknown[] }> }).groups;
    expect(groups.find((x) => x.name === 'storm_storm_alerts')?.rules).toEqual([
      expect.objectContaining({ rule: 'AlertStorm', status: 'pass', details: '3 tests passed' }),
    ]);
    const g = await mon(['generate', '-f', spec, '-o', join(dir, 'out')], { cwd: dir, env: line.env });
    expect(g.exitCode, g.stderr).toBe(0);
    // the tests can fail: a threshold one higher than the spec's fails the storm test
    const ruleFile = join(dir, 'out/prometheus/rules/storm_storm_alerts.yml');
    const text = await readFile(ruleFile, 'utf8');
    await writeFile(ruleFile, text.replace('>= 3', '>= 4'));
    const promtool = await execa(
      findBinary('promtool', line.prometheus).path!,
      ['test', 'rules', join(dir, 'out/prometheus/tests/storm_storm_alerts.test.yml')],
      { reject: false },
    );
    expect(promtool.exitCode).toBe(1);
    expect(promtool.stdout + promtool.stderr).toContain(
      'AlertStorm: 3 alerts of one service firing at once are a storm',
    );
    await writeFile(ruleFile, text);

    const port = await freePort();
    const child = spawn(
      findBinary('alertmanager', line.alertmanager).path!,
      [
        `--config.file=${join(dir, 'out/alertmanager/alertmanager.yml')}`,
        `--storage.path=${join(dir, 'am-data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const url = `http://127.0.0.1:${port}/api/v2/alerts`;
    try {
      for (
        let i = 0;
        i < 100 &&
        !(await fetch(url).then(
          (r) => r.ok,
          () => false,
        ));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      const alert = (alertname: string, labels: Record<string, string>) => ({ labels: { alertname, ...labels } });
      const posted = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          alert('AlertStorm', { service: 'api', severity: 'warning', storm: 'true' }),
          alert('HighLatency', { service: 'api', severity: 'warning' }),
          alert('Anomaly', { service: 'api', severity: 'info' }),
          alert('ApiDown', { service: 'api', severity: 'critical' }),
          alert('HighLatency', { service: 'web', severity: 'warning' }),
        ]),
      });
      expect(posted.status).toBe(200);
      type Alert = { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } };
      let states: Record<string, string> = {};
      for (let i = 0; i < 50; i++) {
        const got = (await (await fetch(url)).json()) as Alert[];
        states = Object.fromEntries(got.map((a) => [`${a.labels.alertname}/${a.labels.service}`, a.status.state]));
        if (states['HighLatency/api'] === 'suppressed' && states['Anomaly/api'] === 'suppressed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(states).toEqual({
        'AlertStorm/api': 'active',
        'HighLatency/api': 'suppressed',
        'Anomaly/api': 'suppressed',
        'ApiDown/api': 'active',
        'HighLatency/web': 'active',
      });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});

it('alerts.limit must be a positive integer, located', async () => {
  const spec = join(work.path, 'bad.yaml');
  await writeFile(spec, SPEC.replace('limit: 2', 'limit: 0'));
  const r = await mon(['validate', '-f', spec], { cwd: work.path });
  expect(r.exitCode).toBe(1);
  expect(r.stdout + r.stderr).toContain('bad.yaml:5:10 alerts.limit: must be >= 1, got 0');
});
