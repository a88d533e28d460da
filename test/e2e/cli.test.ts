import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/spec/schema.js';
import { mon, ROOT, tempDir, treeHashes } from '../helpers/cli.js';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('mon init && mon generate && mon validate in an empty directory', () => {
  for (const template of ['minimal', 'python-backend']) {
    it(`works with the ${template} template, and promtool accepts the output`, async () => {
      const cwd = join(tmp.path, 'Shop API');
      await mkdir(cwd);
      const init = await mon(['init', '--template', template], { cwd });
      expect(init.exitCode, init.stderr).toBe(0);
      const text = await readFile(join(cwd, 'monitoring.yaml'), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*dist\/spec\/monitoring\.schema\.json$/);
      expect(text).toContain('project: shop-api');
      if (template === 'python-backend') expect(text).toContain('metricPrefix: shop_api_');
      const gen = await mon(['generate'], { cwd });
      expect(gen.exitCode, gen.stderr).toBe(0);
      expect(Object.keys(await treeHashes(join(cwd, '.mon/out')))).toContain('prometheus/prometheus.yml');
      const val = await mon(['validate'], { cwd });
      expect(val.exitCode, val.stdout + val.stderr).toBe(0);
      expect(val.stdout).toMatch(/ok {3}promtool-config/);
      expect(val.stdout).toMatch(/ok {3}promtool-rules/);
    });
  }

  it('init refuses to overwrite without --force', async () => {
    await writeFile(join(tmp.path, 'monitoring.yaml'), 'mine\n');
    const r = await mon(['init'], { cwd: tmp.path });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: monitoring.yaml already exists; not overwriting it');
    expect(r.stderr).toContain('hint: pass --force to replace it');
    expect(await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8')).toBe('mine\n');
    expect((await mon(['init', '--force'], { cwd: tmp.path })).exitCode).toBe(0);
    expect(await readFile(join(tmp.path, 'monitoring.yaml'), 'utf8')).toContain('apiVersion: mon/v1');
  });

  it('init with an unknown template is a usage error', async () => {
    const r = await mon(['init', '--template', 'java'], { cwd: tmp.path });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Allowed choices are minimal, python-backend');
  });
});

describe('mon generate', () => {
  const example = join(ROOT, 'examples/mystocks/monitoring.yaml');

  it('is deterministic: a second run changes no byte', async () => {
    const out = join(tmp.path, 'out');
    expect((await mon(['generate', '-f', example, '--out', out])).exitCode).toBe(0);
    const first = await treeHashes(out);
    const again = await mon(['generate', '-f', example, '--out', out, '--json']);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout).files.every((f: { status: string }) => f.status === 'unchanged')).toBe(true);
    expect(await treeHashes(out)).toEqual(first);
  });

  it('--dry-run lists what would be written and writes nothing', async () => {
    const out = join(tmp.path, 'out');
    const r = await mon(['generate', '-f', example, '--out', out, '--dry-run']);
    expect(r.exitCode).toBe(0);
    const golden = Object.keys(await treeHashes(join(ROOT, 'examples/mystocks/generated')));
    expect(golden).toHaveLength(23); // 22 + loki/loki.yaml (issue 14: Loki's config is generated)
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(golden.map((f) => `added     ${out}/${f}`));
    expect(r.stderr).toContain('Would write 23 files');
    expect(await treeHashes(out)).toEqual({});
  });

  it('writes a manifest with the spec hash and mon version', async () => {
    const out = join(tmp.path, 'out');
    await mon(['generate', '-f', example, '--out', out]);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    const { createHash } = await import('node:crypto');
    expect(manifest).toMatchObject({
      generator: 'mon',
      version: pkg.version,
      spec: {
        file: 'monitoring.yaml',
        sha256: createHash('sha256')
          .update(await readFile(example))
          .digest('hex'),
      },
    });
    const golden = Object.keys(await treeHashes(join(ROOT, 'examples/mystocks/generated'))).filter(
      (f) => f !== 'manifest.json',
    );
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(golden);
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('grafana/dashboards/backend-monitoring.json');
  });

  it('refuses an output directory it did not write', async () => {
    await writeFile(join(tmp.path, 'README.md'), 'mine');
    const r = await mon(['generate', '-f', example, '--out', tmp.path]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('is not empty and was not written by mon');
    expect(Object.keys(await treeHashes(tmp.path))).toEqual(['README.md']);
  });

  it('prints warnings with their location and still succeeds', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      'apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api, targets: ["127.0.0.1:1"]}\ndashboards:\n  presets: [api-overview]\n',
    );
    const r = await mon(['generate', '-f', spec, '--out', join(tmp.path, 'out')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      `${spec}:5:1 dashboards: warning: dashboards are rendered only with Grafana: add a grafana: section`,
    );
  });
});

describe('mon validate', () => {
  it('catches what only promtool knows, and says so in JUnit', async () => {
    const spec = join(tmp.path, 'm.yaml');
    // rate() needs a range vector; mon's PromQL gate leaves a chain of 400 operators (past the lezer
    // grammar's depth limit, see src/promql/parse.ts) to promtool, so here only promtool knows
    await writeFile(
      spec,
      `apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api, targets: ["127.0.0.1:1"]}\nalerts:\n  rules:\n    - {alert: Broken, expr: rate(up) > 0${' or up == 2'.repeat(400)}}\n`,
    );
    const junit = join(tmp.path, 'report.xml');
    const r = await mon(['validate', '-f', spec, '--junit', junit]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/ok {3}promql/);
    expect(r.stdout).toMatch(/FAIL promtool-rules +promtool check rules .* failed:/);
    expect(r.stdout).toContain('expected type range vector in call to function "rate"');
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('<testsuites name="mon" tests="8" failures="1" skipped="2"');
    expect(xml).toContain('<skipped message="no rule has a test; 1 rule without a test"/>');
    expect(xml).toMatch(
      /<testcase classname="mon validate" name="promtool-rules: promtool check rules" time="[\d.]+">\n\s+<failure/,
    );
  });

  it('--json reports every check', async () => {
    const r = await mon(['validate', '-f', join(ROOT, 'examples/mystocks/monitoring.yaml'), '--json']);
    expect(r.exitCode).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ ok: true, command: 'validate', exitCode: 0 });
    expect(body.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['spec', 'pass'],
      ['promql', 'pass'],
      ['consistency', 'pass'],
      ['promtool-config', 'pass'],
      ['promtool-rules', 'pass'],
      ['promtool-test', 'pass'],
      ['amtool-config', 'pass'],
      ['routing', 'pass'],
    ]);
  });

  it('says what to install and exits 3 when promtool is missing', async () => {
    const bin = join(tmp.path, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const r = await mon(['validate', '-f', join(ROOT, 'examples/mystocks/monitoring.yaml')], {
      env: { PATH: bin, MON_PROMTOOL: undefined, MON_GO_TOOLS: join(bin, 'none') },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/FAIL promtool-config +promtool was not found on PATH/);
    expect(r.stdout).toMatch(/skip promtool-rules +promtool is missing/);
    expect(r.stdout).toMatch(/skip promtool-test +promtool is missing/);
    expect(r.stderr).toContain(
      "error: promtool was not found on PATH\nhint: install Debian's `prometheus` package (apt-get install prometheus)",
    );
  });

  it('a spec error outranks a missing tool', async () => {
    const bin = join(tmp.path, 'bin');
    await mkdir(bin);
    const r = await mon(['validate', '-f', join(ROOT, 'test/fixtures/specs/invalid/bad-duration.yaml')], {
      env: { PATH: bin },
    });
    expect(r.exitCode).toBe(1);
  });
});

describe('the command line', () => {
  it('--version prints the package version', async () => {
    const r = await mon(['--version']);
    expect(r).toMatchObject({ exitCode: 0, stdout: pkg.version });
  });

  it('--help lists the commands', async () => {
    const r = await mon(['--help']);
    expect(r.exitCode).toBe(0);
    for (const c of ['init', 'generate', 'validate', 'schema']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect((await mon(['generat'])).exitCode).toBe(2);
    const r = await mon(['generate', '--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
  });

  it('--timeout takes a duration; anything else is a usage error, before any work', async () => {
    for (const cmd of ['verify', 'deploy', 'up']) {
      const r = await mon([cmd, '--timeout', 'soon'], { cwd: tmp.path });
      expect(r.exitCode, cmd).toBe(2);
      expect(r.stderr).toContain(
        `error: option '--timeout <duration>' argument 'soon' is invalid. must be a duration like 30s or 2m, got "soon"`,
      );
    }
  });

  it('schema prints the shipped JSON Schema', async () => {
    const r = await mon(['schema']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(schema);
  });

  it('prints no colour codes when not on a terminal', async () => {
    const r = await mon(['validate', '-f', join(ROOT, 'examples/mystocks/monitoring.yaml')], {
      env: { NO_COLOR: undefined, FORCE_COLOR: undefined },
    });
    expect(r.stdout + r.stderr).not.toMatch(/\u001b\[/);
  });
});
