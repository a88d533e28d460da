import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';

/** `mon import` as a user runs it, on seed 003's configs; the imported spec checked by the real promtool and amtool. */
/** A Go module in the module cache (scripts/build-go-tools.sh downloads it), or a loud failure. */
function goModule(module: string): string {
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const dir = join(process.env.GOMODCACHE || (go.status === 0 ? go.stdout.trim() : ''), module);
  if (!existsSync(dir))
    throw new Error(`${dir} is missing: run \`bash scripts/build-go-tools.sh\` (it downloads ${module})`);
  return dir;
}
const SEED = join(ROOT, 'test/fixtures/import/seed-003');
const REPORT = [
  'prometheus     prometheus.yml',
  'alertmanager   alertmanager.yml',
  'rules          alert_rules.yml',
  'adapted (3, commented in the spec):',
  "  prometheus.yml: scrape_configs[job=prometheus]: mon's Prometheus scrapes itself as job prometheus; its targets (localhost:9090) and settings are mon's",
  '  alertmanager.yml: receivers[slack].slack_configs[0].api_url: the inline secret is a reference now: set the environment variable SLACK_API_URL to it before `mon deploy`',
  '  alertmanager.yml: inhibit_rules[0]: match/match_re written as matchers (the same selection; Alertmanager deprecates match)',
  'Wrote monitoring.yaml: 5 services, 7 rules, 2 receivers, 0 routes, 0 dashboards; 0 not mapped',
].join('\n');

describe('mon import', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  const run = (args: string[], env: Record<string, string> = {}) => mon(args, { cwd: tmp.path, env });
  beforeAll(async () => {
    tmp = await tempDir('mon-import-');
    for (const f of ['prometheus.yml', 'alert_rules.yml', 'alertmanager.yml', 'prometheusrule.yaml'])
      await cp(join(SEED, f), join(tmp.path, f));
  });
  afterAll(() => tmp.cleanup());

  it('writes the spec, with the rule files prometheus.yml names, and reports what it adapted (exit 0)', async () => {
    const r = await run(['import', 'prometheus.yml', 'alertmanager.yml', '-o', 'monitoring.yaml']);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: REPORT });
    expect(await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8')).toBe(
      await readFile(join(SEED, 'expected-monitoring.yaml'), 'utf8'),
    );
  });

  it('never overwrites an existing spec without --force', async () => {
    const before = await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8');
    const r = await run(['import', 'prometheusrule.yaml', '-o', 'monitoring.yaml']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: monitoring.yaml exists; refusing to overwrite it\nhint: pass --force, or choose another -o',
    );
    expect(await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8')).toBe(before);
    const forced = await run(['import', 'prometheus.yml', 'alertmanager.yml', '-o', 'monitoring.yaml', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8')).toBe(before);
  });

  it('is exit 1, writing nothing, when nothing could be imported', async () => {
    await writeFile(join(tmp.path, 'notes.yaml'), 'title: not a config\n');
    const r = await run(['import', 'notes.yaml', '-o', 'nothing.yaml', '--json']);
    expect(r.exitCode).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({
      ok: false,
      command: 'import',
      exitCode: 1,
      inputs: [{ file: 'notes.yaml', kind: 'unknown' }],
    });
    expect(body.unmapped).toEqual([
      {
        kind: 'unmapped',
        file: 'notes.yaml',
        at: '',
        message: 'not a Prometheus config, rule file, PrometheusRule, Alertmanager config or Grafana dashboard',
      },
    ]);
    const text = await run(['import', 'notes.yaml', '-o', 'nothing.yaml']);
    expect(text.stderr.split('\n').slice(-2)).toEqual([
      'error: nothing could be imported',
      'hint: pass a prometheus.yml, rule files, an alertmanager.yml or Grafana dashboards',
    ]);
    await expect(readFile(join(tmp.path, 'nothing.yaml'))).rejects.toThrow(/ENOENT/);
  });

  it('a missing file, a directory or broken YAML is exit 1 naming it (file:line:col), never an internal error', async () => {
    await writeFile(join(tmp.path, 'broken.yml'), 'groups:\n  - name: x\n   rules: [\n');
    const cases: Array<[string, string[]]> = [
      ['missing.yml', ['error: cannot read missing.yml: no such file', 'hint: check the path']],
      ['.', ['error: cannot read .: a directory', 'hint: pass the files in it, or use `mon init --from DIR`']],
      ['broken.yml', ['error: broken.yml:3:1: not valid YAML: Sequence item without - indicator']],
    ];
    for (const [file, lines] of cases) {
      const r = await run(['import', file, '-o', 'never.yaml']);
      expect(r.exitCode, file).toBe(1);
      expect(r.stderr.trim().split('\n'), file).toEqual(lines);
    }
    await expect(readFile(join(tmp.path, 'never.yaml'))).rejects.toThrow(/ENOENT/);
  });

  it('--json: the inputs, counts, group names and every note', async () => {
    const r = await run(['import', 'prometheus.yml', 'alertmanager.yml', '-o', 'j.yaml', '--json']);
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.counts).toEqual({ services: 5, rules: 7, receivers: 2, routes: 0, dashboards: 0 });
    expect(body.groups).toEqual({
      system_alerts: 'system_alerts',
      application_alerts: 'application_alerts',
      service_alerts: 'service_alerts',
    });
    expect(body.ownJobs).toEqual(['prometheus']);
    expect(body.unmapped).toEqual([]);
    expect(body.adapted).toHaveLength(3);
  });

  it.each(LINES)('the imported spec passes mon validate (promtool, amtool, routing) on $name', async (line) => {
    requireLine(line);
    const r = await run(['validate', '-f', 'monitoring.yaml', '--json'], line.env);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const checks = JSON.parse(r.stdout).checks as Array<{ id: string; status: string }>;
    expect(checks.map((c) => `${c.id} ${c.status}`)).toEqual([
      'spec pass',
      'promql pass',
      'consistency skip',
      'promtool-config pass',
      'promtool-rules pass',
      'promtool-test skip',
      'amtool-config pass',
      'routing pass',
    ]);
  });

  it.each(LINES)(
    "Alertmanager's doc/examples/simple.yml (Go module cache) imports and passes amtool on $name",
    async (line) => {
      requireLine(line);
      const simple = join(goModule('github.com/prometheus/alertmanager@v0.35.0'), 'doc/examples/simple.yml');
      const im = await run(['import', simple, '-o', 'am.yaml', '--force']);
      expect(im.exitCode, im.stderr).toBe(0);
      const r = await run(['validate', '-f', 'am.yaml', '--json'], line.env);
      expect(r.exitCode, r.stdout).toBe(0);
      const checks = JSON.parse(r.stdout).checks as Array<{ id: string; status: string }>;
      expect(checks.find((c) => c.id === 'amtool-config')!.status).toBe('pass');
    },
  );

  it('mon init --from DIR imports the configs of a directory', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(tmp.path, 'cfg'));
    for (const f of ['prometheus.yml', 'alert_rules.yml', 'alertmanager.yml'])
      await cp(join(SEED, f), join(tmp.path, 'cfg', f));
    const r = await run(['init', '--from', 'cfg', '-f', 'from-dir.yaml']);
    expect(r.exitCode, r.stderr).toBe(0);
    const expected = (await readFile(join(SEED, 'expected-monitoring.yaml'), 'utf8'))
      .replace(
        'from prometheus.yml, alertmanager.yml, alert_rules.yml.',
        'from cfg/alert_rules.yml, cfg/alertmanager.yml, cfg/prometheus.yml.',
      )
      .replaceAll('# from prometheus.yml:', '# from cfg/prometheus.yml:');
    expect(await readFile(join(tmp.path, 'from-dir.yaml'), 'utf8')).toBe(expected);
    const again = await run(['init', '--from', 'cfg', '-f', 'from-dir.yaml']);
    expect(again.exitCode).toBe(1);
  });

  it('mon init --from DIR maps rule groups as mon import does: alerts.groups with interval, limit, query_offset', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(tmp.path, 'grp'));
    const rules = [
      'groups:',
      '  - name: Kube-APIServer.SLOs',
      '    interval: 3m',
      '    limit: 10',
      '    query_offset: 1m',
      '    rules:',
      '      - record: apiserver:availability30d',
      '        expr: sum(up)',
      '      - alert: API (down)',
      '        expr: up == 0',
      '        for: 0',
      '        labels: {ratio: 1.0}',
      '',
    ].join('\n');
    await writeFile(join(tmp.path, 'grp', 'rules.yml'), rules);
    const r = await run(['init', '--from', 'grp', '-f', 'grp.yaml', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ command: 'import', counts: { rules: 2 }, unmapped: [], adapted: [] });
    expect(body.groups).toEqual({ 'Kube-APIServer.SLOs': 'Kube-APIServer.SLOs' });
    const spec = await readFile(join(tmp.path, 'grp.yaml'), 'utf8');
    expect(spec.slice(spec.indexOf('alerts:'))).toBe(
      [
        'alerts:',
        '  groups:',
        '    - name: Kube-APIServer.SLOs',
        '      interval: 3m',
        '      limit: 10',
        '      queryOffset: 1m',
        '      rules:',
        '        - record: apiserver:availability30d',
        '          expr: sum(up)',
        '        - alert: API (down)',
        '          expr: up == 0',
        '          for: "0"',
        '          labels:',
        '            ratio: "1.0"',
        '',
      ].join('\n'),
    );
    // and mon generate writes the group as it was
    expect((await run(['generate', '-f', 'grp.yaml', '-o', 'grp-out'])).exitCode).toBe(0);
    const out = await readFile(join(tmp.path, 'grp-out/prometheus/rules/Kube-APIServer.SLOs.yml'), 'utf8');
    expect(out.slice(out.indexOf('groups:'))).toBe(
      [
        'groups:',
        '  - name: Kube-APIServer.SLOs',
        '    interval: 3m',
        '    limit: 10',
        '    query_offset: 1m',
        '    rules:',
        '      - record: apiserver:availability30d',
        '        expr: sum(up)',
        '      - alert: API (down)',
        '        expr: up == 0',
        '        for: "0"',
        '        labels:',
        '          ratio: "1.0"',
        '',
      ].join('\n'),
    );
  });

  it('mon generate writes it, and mon diff then finds nothing to change', async () => {
    expect((await run(['generate', '-f', 'monitoring.yaml'])).exitCode).toBe(0);
    const r = await run(['diff', '-f', 'monitoring.yaml']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').at(-1)).toBe('No changes: .mon/out is what the spec generates');
  });
});
