import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * health is err; a rule with 2 fires both.
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

it('alerts.limit must be a positive integer, located', async () => {
  const spec = join(work.path, 'bad.yaml');
  await writeFile(spec, SPEC.replace('limit: 2', 'limit: 0'));
  const r = await mon(['validate', '-f', spec], { cwd: work.path });
  expect(r.exitCode).toBe(1);
  expect(r.stdout + r.stderr).toContain('bad.yaml:5:10 alerts.limit: must be >= 1, got 0');
});
