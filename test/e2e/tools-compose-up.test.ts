import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir, treeHashes } from '../helpers/cli.js';
import { releaseMirror } from '../helpers/release-mirror.js';
import { alive, freePorts, stackSpec, statePids } from '../helpers/stack.js';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
// a test that timed out may have left `mon up` running: stop whatever it deployed before removing it
afterEach(async () => {
  await mon(['down', '--stack-dir', join(tmp.path, 'stack')]);
  await tmp.cleanup();
});

const prometheusRelease = {
  archivePath: 'prometheus/prometheus/releases/download/v2.55.1/prometheus-2.55.1.linux-amd64.tar.gz',
  checksumsPath: 'prometheus/prometheus/releases/download/v2.55.1/sha256sums.txt',
  binaries: ['prometheus', 'promtool'],
};

describe('mon tools install --method download', () => {
  it('downloads the release, checks it against the published checksum, and installs its binaries', async () => {
    const mirror = await releaseMirror(prometheusRelease);
    const cache = join(tmp.path, 'cache');
    try {
      const r = await mon(['tools', 'install', 'prometheus', '--method', 'download', '--json'], {
        env: { MON_TOOLS_MIRROR: mirror.url, MON_CACHE_DIR: cache },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).installed).toEqual([
        { tool: 'prometheus', method: 'download', where: join(cache, 'tools/prometheus-2.55.1') },
      ]);
      expect(mirror.requests).toEqual([`/${prometheusRelease.checksumsPath}`, `/${prometheusRelease.archivePath}`]);
      for (const b of ['prometheus', 'promtool']) {
        expect(((await stat(join(cache, 'bin', b))).mode & 0o111) !== 0).toBe(true);
      }
      // found by mon after PATH: doctor sees the downloaded promtool when PATH has none
      const doctor = await mon(['doctor', '--json'], {
        env: { MON_CACHE_DIR: cache, PATH: '/nonexistent', MON_GO_TOOLS: '/nonexistent' },
      });
      const promtool = JSON.parse(doctor.stdout).tools.find((t: { tool: string }) => t.tool === 'promtool');
      expect(promtool).toMatchObject({ found: true, path: join(cache, 'bin/promtool') });
    } finally {
      await mirror.close();
    }
  });

  it('refuses an archive whose checksum does not match, and installs nothing', async () => {
    const mirror = await releaseMirror({ ...prometheusRelease, wrongChecksum: true });
    const cache = join(tmp.path, 'cache');
    try {
      const r = await mon(['tools', 'install', 'prometheus', '--method', 'download'], {
        env: { MON_TOOLS_MIRROR: mirror.url, MON_CACHE_DIR: cache },
      });
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(
        /error: checksum mismatch for prometheus-2\.55\.1\.linux-amd64\.tar\.gz: expected 0{64}, got [0-9a-f]{64}/,
      );
      expect(r.stderr).toContain('hint: the download is refused and nothing was installed');
      expect(Object.keys(await treeHashes(cache))).toEqual([]);
    } finally {
      await mirror.close();
    }
  });

  it('an unknown tool is a usage error', async () => {
    const r = await mon(['tools', 'install', 'grafanna']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error: unknown tool: grafanna');
  });
});

describe('mon deploy --target compose', () => {
  it('writes the project with resolved secrets (0600), checks it, and runs docker compose up', async () => {
    const record = join(tmp.path, 'calls');
    const stack = join(tmp.path, 'stack');
    const env = {
      MON_DOCKER: '/nonexistent/docker',
      MON_DOCKER_COMPOSE: join(ROOT, 'test/stubs/docker-compose-recorder'),
      MON_TEST_RECORD: record,
      GRAFANA_ADMIN_PASSWORD: 'S3NT1NEL-admin',
      DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=S3NT1NEL',
      DINGTALK_SECRET: 'SEC-S3NT1NEL',
    };
    const r = await mon(
      [
        'deploy',
        '-f',
        join(ROOT, 'examples/mystocks/monitoring.yaml'),
        '--target',
        'compose',
        '--stack-dir',
        stack,
        '--json',
      ],
      { env },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readFile(record, 'utf8')).trim().split('\n')).toEqual([
      '-f docker-compose.yml config -q',
      '-f docker-compose.yml -p mystocks up -d --remove-orphans',
    ]);
    expect(JSON.parse(r.stdout).components.map((c: { name: string }) => c.name)).toContain('tempo-init');
    const secrets = join(stack, 'config/secrets');
    expect((await readdir(secrets)).sort()).toEqual([
      'DINGTALK_SECRET',
      'DINGTALK_WEBHOOK_URL',
      'GRAFANA_ADMIN_PASSWORD',
      'dingtalk.yml',
    ]);
    for (const f of await readdir(secrets)) expect((await stat(join(secrets, f))).mode & 0o777, f).toBe(0o600);
    expect(await readFile(join(secrets, 'dingtalk.yml'), 'utf8')).toContain(
      'url: "https://oapi.dingtalk.com/robot/send?access_token=S3NT1NEL"',
    );
    for (const [path] of Object.entries(await treeHashes(join(stack, 'config')))) {
      if (!path.startsWith('secrets/'))
        expect(await readFile(join(stack, 'config', path), 'utf8'), path).not.toContain('S3NT1NEL');
    }
    expect(r.stdout + r.stderr).not.toContain('S3NT1NEL');
    const down = await mon(['down', '--stack-dir', stack], { env });
    expect(down.exitCode, down.stderr).toBe(0);
    expect((await readFile(record, 'utf8')).trim().split('\n').pop()).toBe('-f docker-compose.yml -p mystocks down');
  });

  it('says what to install when Docker Compose is missing (exit 3)', async () => {
    const r = await mon(
      [
        'deploy',
        '-f',
        join(ROOT, 'examples/mystocks/monitoring.yaml'),
        '--target',
        'compose',
        '--stack-dir',
        join(tmp.path, 's'),
      ],
      {
        env: { MON_DOCKER: '/nonexistent/docker', MON_DOCKER_COMPOSE: '/nonexistent/docker-compose' },
      },
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('error: Docker Compose is not installed');
  });
});

describe('mon up', () => {
  it('generates, validates, deploys and verifies (a simulator as the backend); then mon down stops it', async () => {
    const ports = await freePorts();
    const spec = join(tmp.path, 'monitoring.yaml');
    await writeFile(
      spec,
      `${stackSpec(ports)}verify: {timeout: 30s}\n`.replace(
        'scrapeInterval: 5s\n  evaluationInterval: 5s',
        'scrapeInterval: 1s\n  evaluationInterval: 1s',
      ),
    );
    const stack = join(tmp.path, 'stack');
    const sim = spawn(
      process.execPath,
      [
        join(ROOT, 'examples/mystocks/simulator.mjs'),
        '--port',
        String(ports.app),
        '--otlp',
        'http://127.0.0.1:1/v1/traces',
      ],
      { stdio: 'ignore' },
    );
    let r;
    try {
      r = await mon(['up', '-f', spec, '--out', join(tmp.path, 'out'), '--stack-dir', stack, '--json'], {
        cwd: tmp.path,
        env: { MON_TRACE_LOADS: '1' },
      });
    } finally {
      sim.kill();
    }
    const pids = await statePids(stack);
    await mon(['down', '--stack-dir', stack], { cwd: tmp.path });
    const body = JSON.parse(r.stdout);
    expect(
      body.verify.checks.filter((c: { status: string }) => c.status === 'fail'),
      r.stdout,
    ).toEqual([]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(body.validate.every((c: { status: string }) => c.status !== 'fail')).toBe(true);
    expect(body.deploy.components.map((c: { action: string }) => c.action)).toEqual(['started', 'started', 'started']);
    expect(Object.keys(await treeHashes(join(tmp.path, 'out')))).toContain('prometheus/prometheus.yml');
    expect(pids).toHaveLength(3);
    expect(pids.filter(alive)).toEqual([]);
    // generate, validate, deploy and verify share one load of the spec
    expect(r.stderr.match(/^mon: loading spec .*$/gm)).toEqual([`mon: loading spec ${spec} (load 1)`]);
  });

  it('stops before deploying when validation fails', async () => {
    const spec = join(tmp.path, 'monitoring.yaml');
    // only promtool knows: mon's PromQL gate leaves a chain past the lezer grammar's depth limit to promtool
    await writeFile(
      spec,
      stackSpec(await freePorts()).replace(
        'alerts:\n  packs:',
        `alerts:\n  rules: [{alert: Broken, expr: rate(up) > 0${' or up == 2'.repeat(400)}}]\n  packs:`,
      ),
    );
    const stack = join(tmp.path, 'stack');
    const r = await mon(['up', '-f', spec, '--out', join(tmp.path, 'out'), '--stack-dir', stack], { cwd: tmp.path });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/FAIL promtool-rules/);
    expect(r.stderr).toContain('error: validation failed: nothing was deployed');
    expect(Object.keys(await treeHashes(stack))).toEqual([]);
  });
});
