import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir, treeHashes } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { alive, freePort, freePorts, getJson, type Ports, stackSpec, statePids } from '../helpers/stack.js';

/**
 * A real local deployment: Prometheus, Alertmanager and node_exporter, on each version line, on
 * free ports, in a temporary stack directory; stopped at the end, and checked to be gone.
 */
describe.each(LINES)('$name', (line) => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let ports: Ports;
  let spec: string;
  let stack: string;
  const seen = new Set<number>();
  const SENTINEL = 'S3NT1NEL-scrape-password';
  const env = { SCRAPE_PASSWORD: SENTINEL };
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    mon([...args, '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: { ...env, ...line.env, ...extra } });
  const remember = async () => (await statePids(stack)).forEach((p) => seen.add(p));
  const writeSpec = (extra = '') =>
    writeFile(
      spec,
      stackSpec(ports, extra).replace(
        '    targets: ["127.0.0.1',
        '    auth: {basic: {username: prom, password: {env: SCRAPE_PASSWORD}}}\n    targets: ["127.0.0.1',
      ),
    );
  const prom = (path: string) => getJson(`http://127.0.0.1:${ports.prometheus}${path}`);

  beforeAll(async () => {
    requireLine(line);
    tmp = await tempDir('mon-deploy-');
    ports = await freePorts();
    spec = join(tmp.path, 'monitoring.yaml');
    stack = join(tmp.path, 'stack');
    await writeSpec();
  });

  afterAll(async () => {
    await remember();
    await run(['down']);
    const left = [...seen].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  });

  describe('mon deploy --target local', () => {
    it('starts Prometheus, Alertmanager and node_exporter, ready, with the rules loaded', async () => {
      const r = await run(['deploy', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      await remember();
      const body = JSON.parse(r.stdout);
      expect(body.components.map((c: { name: string; action: string }) => [c.name, c.action])).toEqual([
        ['prometheus', 'started'],
        ['alertmanager', 'started'],
        ['node_exporter', 'started'],
      ]);
      const rules = await prom('/api/v1/rules');
      expect(rules.data.groups.map((g: { name: string; rules: unknown[] }) => [g.name, g.rules.length])).toEqual([
        ['teststack_backend_alerts', 7],
        ['teststack_system_alerts', 1],
      ]);
      const am = await getJson(`http://127.0.0.1:${ports.alertmanager}/api/v2/status`);
      expect(am.config.original).toContain('name: hook');
      // the line's own binaries run
      expect((await prom('/api/v1/status/buildinfo')).data.version).toMatch(
        new RegExp(`^${line.prometheus.replace('.', '\\.')}\\.`),
      );
      expect(am.versionInfo.version).toMatch(new RegExp(`^${line.alertmanager.replace('.', '\\.')}\\.`));
      const status = await run(['status', '--json']);
      expect(
        JSON.parse(status.stdout).components.map((c: { name: string; status: string }) => [c.name, c.status]),
      ).toEqual([
        ['prometheus', 'ready'],
        ['alertmanager', 'ready'],
        ['node_exporter', 'ready'],
      ]);
    });

    it('binds 127.0.0.1 and writes the scrape secret as a 0600 file, never into a config', async () => {
      const config = await prom('/api/v1/status/config');
      // Prometheus reports *_file paths resolved against its config file
      expect(config.data.yaml).toContain(`password_file: ${join(stack, 'config/secrets/SCRAPE_PASSWORD')}`);
      expect(config.data.yaml).not.toContain(SENTINEL);
      const secret = join(stack, 'config/secrets/SCRAPE_PASSWORD');
      expect(await readFile(secret, 'utf8')).toBe(SENTINEL);
      expect((await stat(secret)).mode & 0o777).toBe(0o600);
      for (const [path, content] of Object.entries(await treeHashes(join(stack, 'config')))) {
        if (!path.startsWith('secrets/'))
          expect(await readFile(join(stack, 'config', path), 'utf8'), path).not.toContain(SENTINEL);
        void content;
      }
      const flags = await prom('/api/v1/status/flags');
      expect(flags.data['web.listen-address']).toBe(`127.0.0.1:${ports.prometheus}`);
    });

    it('deploying again with no change touches nothing', async () => {
      const before = await statePids(stack);
      const r = await run(['deploy', '--json']);
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).components.map((c: { action: string }) => c.action)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
      expect(await statePids(stack)).toEqual(before);
    });

    it('reloads Prometheus on a change instead of restarting it', async () => {
      const pid = (await statePids(stack))[0];
      await writeFile(
        spec,
        (await readFile(spec, 'utf8')).replace(
          'backend: {service: api}',
          'backend: {service: api, thresholds: {cpu: 0.95}}',
        ),
      );
      const r = await run(['deploy', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const prometheus = JSON.parse(r.stdout).components[0];
      expect(prometheus).toMatchObject({ name: 'prometheus', action: 'reloaded', pid });
      const rules = await prom('/api/v1/rules');
      expect(JSON.stringify(rules)).toContain('[5m]) > 0.95');
    });

    it('a bad re-deploy leaves the running stack, its config and the files on disk as they were', async () => {
      const filesBefore = await treeHashes(join(stack, 'config'));
      const configBefore = (await prom('/api/v1/status/config')).data.yaml;
      const good = await readFile(spec, 'utf8');
      // parses as PromQL, but Prometheus refuses it: rate() needs a range vector
      // Prometheus refuses it (rate() needs a range vector); mon's PromQL gate leaves a chain of 400
      // operators (past the lezer grammar's depth limit, see src/promql/parse.ts) to Prometheus
      await writeFile(
        spec,
        good.replace(
          'alerts:\n  packs:',
          `alerts:\n  rules:\n    - alert: Broken\n      expr: rate(up) > 0${' or up == 2'.repeat(400)}\n      test: {series: [], expect: [{at: 1m, alerts: []}]}\n  packs:`,
        ),
      );
      const r = await run(['deploy']);
      await writeFile(spec, good);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('error: prometheus refused the new configuration (HTTP 500)');
      expect(r.stderr).toContain('expected type range vector in call to function \\"rate\\"');
      expect(r.stderr).toContain(
        'hint: it keeps running with its previous configuration, and the previous files are back in place',
      );
      expect((await prom('/api/v1/status/config')).data.yaml).toBe(configBefore);
      expect(JSON.stringify(await prom('/api/v1/rules'))).not.toContain('Broken');
      expect((await prom('/api/v1/status/runtimeinfo')).data.reloadConfigSuccess).toBe(true);
      expect(await treeHashes(join(stack, 'config'))).toEqual(filesBefore);
    });

    it('restarts a killed component, and ignores a stale pid file that points at another process', async () => {
      const statePath = join(stack, 'state.json');
      const state = JSON.parse(await readFile(statePath, 'utf8'));
      process.kill(state.components.node_exporter.pid, 'SIGKILL');
      // a stale pid file: Alertmanager died (say the machine restarted) and its pid went to another program
      process.kill(state.components.alertmanager.pid, 'SIGKILL');
      const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
      try {
        state.components.alertmanager.pid = stranger.pid;
        await new Promise((r) => setTimeout(r, 200));
        await writeFile(statePath, JSON.stringify(state));
        const status = JSON.parse((await run(['status', '--json'])).stdout);
        expect(
          status.components.filter((c: { status: string }) => c.status === 'down').map((c: { name: string }) => c.name),
        ).toEqual(['alertmanager', 'node_exporter']);
        const r = await run(['deploy', '--json']);
        expect(r.exitCode, r.stderr).toBe(0);
        await remember();
        expect(
          JSON.parse(r.stdout).components.map((c: { name: string; action: string }) => [c.name, c.action]),
        ).toEqual([
          ['prometheus', 'unchanged'],
          ['alertmanager', 'started'],
          ['node_exporter', 'started'],
        ]);
        expect(alive(stranger.pid!)).toBe(true); // not ours: never signalled
      } finally {
        stranger.kill();
      }
    });

    it('mon logs prints the end of a log; an unknown component is an error that lists them', async () => {
      const r = await run(['logs', 'prometheus', '-n', '200']);
      expect(r.stdout).toContain('Server is ready to receive web requests.');
      const bad = await run(['logs', 'promethus']);
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr).toContain('error: no component "promethus" in the stack at');
      expect(bad.stderr).toContain('hint: components: prometheus, alertmanager, node_exporter');
    });

    it('mon down stops everything, twice without complaint', async () => {
      await remember();
      const pids = await statePids(stack);
      const r = await run(['down', '--json']);
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).components.map((c: { name: string }) => c.name)).toEqual([
        'prometheus',
        'alertmanager',
        'node_exporter',
      ]);
      expect(pids.filter(alive)).toEqual([]);
      const again = await run(['down']);
      expect(again.exitCode).toBe(0);
      expect(again.stderr).toContain('nothing is running in');
    });
  });
});

describe('mon deploy refuses before changing anything', () => {
  let blocker: Server;
  afterAll(() => new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r())));

  it('a port in use by another process', async () => {
    const dir = await tempDir('mon-port-');
    const p = await freePorts();
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(p.alertmanager, '127.0.0.1', () => r()));
    const f = join(dir.path, 'm.yaml');
    await writeFile(f, stackSpec(p));
    const r = await mon(['deploy', '-f', f, '--stack-dir', join(dir.path, 'stack')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: port ${p.alertmanager} for alertmanager is in use by another process`);
    expect(r.stderr).toContain('nothing was changed');
    expect(Object.keys(await treeHashes(join(dir.path, 'stack')))).toEqual([]);
    await dir.cleanup();
  });

  it('a secret missing from the environment', async () => {
    const dir = await tempDir('mon-secret-');
    const f = join(dir.path, 'm.yaml');
    await writeFile(
      f,
      stackSpec(await freePorts()).replace(
        '    targets: ["127.0.0.1',
        '    auth: {bearer: {env: MON_TEST_NO_SUCH_TOKEN}}\n    targets: ["127.0.0.1',
      ),
    );
    const r = await mon(['deploy', '-f', f, '--stack-dir', join(dir.path, 'stack')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: missing secrets: env:MON_TEST_NO_SUCH_TOKEN');
    expect(Object.keys(await treeHashes(join(dir.path, 'stack')))).toEqual([]);
    await dir.cleanup();
  });

  it('reports a component whose binary is missing as not deployed, with what to do', async () => {
    const dir = await tempDir('mon-missing-');
    const p = await freePorts();
    const f = join(dir.path, 'm.yaml');
    await writeFile(f, `${stackSpec(p)}tempo: {ports: {http: ${await freePort()}}}\n`);
    const r = await mon(['deploy', '-f', f, '--stack-dir', join(dir.path, 'stack'), '--json'], {
      env: { MON_TEMPO: '/nonexistent/tempo' },
    });
    const pids = await statePids(join(dir.path, 'stack'));
    await mon(['down', '-f', f, '--stack-dir', join(dir.path, 'stack')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const tempo = JSON.parse(r.stdout).components.find((c: { name: string }) => c.name === 'tempo');
    expect(tempo).toMatchObject({ action: 'not-deployed' });
    expect(tempo.reason).toContain('MON_TEMPO=/nonexistent/tempo is not an executable file');
    expect(tempo.reason).toContain('or deploy with --target compose');
    expect(pids.filter(alive)).toEqual([]);
    await dir.cleanup();
  });
});
