import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goToolsCache } from '../../src/tools/binaries.js';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { alive, freePort, freePorts, getJson, type Ports, statePids } from '../helpers/stack.js';

/**
 * Remote write to a real long-term store: VictoriaMetrics (built by scripts/build-go-tools.sh),
 * behind basic auth whose password mon reads by reference, receives every sample Prometheus
 * scrapes, with the external labels; on each version line. Also what the versions do with the
 * same spec: retention (a flag on 2.42, the config file on 3.16), exemplar storage, `$` in an
 * external label (3.x expands it unless written `$$`).
 */
const VM = join(goToolsCache(), 'victoria-metrics-1.151.0', 'bin', 'victoria-metrics');
const PASSWORD = 'S3NT1NEL-vm-password';
const LABEL = 'costs 5$ per $HOME';

function requireVm(): void {
  try {
    accessSync(VM, constants.X_OK);
  } catch {
    throw new Error(`VictoriaMetrics is not built at ${VM}: run bash scripts/build-go-tools.sh victoria-metrics`);
  }
}

describe.each(LINES)('remote write to VictoriaMetrics, on $name', (line) => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let ports: Ports;
  let vmPort: number;
  let vm: ChildProcess;
  let spec: string;
  let stack: string;
  const seen = new Set<number>();
  const run = (args: string[]) =>
    mon([...args, '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: { ...line.env, VM_PASSWORD: PASSWORD } });
  const vmQuery = async (query: string) => {
    const r = await fetch(`http://127.0.0.1:${vmPort}/api/v1/query?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Basic ${Buffer.from(`mon:${PASSWORD}`).toString('base64')}` },
    });
    return (await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  };

  beforeAll(async () => {
    requireLine(line);
    requireVm();
    tmp = await tempDir('mon-rw-');
    ports = await freePorts();
    vmPort = await freePort();
    // flags: lib/httpserver/httpserver.go (httpAuth.*), app/vmselect (search.latencyOffset: answer with the newest samples)
    vm = spawn(
      VM,
      [
        `-httpListenAddr=127.0.0.1:${vmPort}`,
        `-storageDataPath=${join(tmp.path, 'vm')}`,
        '-retentionPeriod=1d',
        '-httpAuth.username=mon',
        `-httpAuth.password=${PASSWORD}`,
        '-search.latencyOffset=0s',
        '-search.disableCache',
        '-loggerLevel=ERROR',
      ],
      { stdio: 'ignore' },
    );
    spec = join(tmp.path, 'monitoring.yaml');
    stack = join(tmp.path, 'stack');
    await writeFile(
      spec,
      `apiVersion: mon/v1
project: rwtest
prometheus:
  port: ${ports.prometheus}
  scrapeInterval: 1s
  retention: 10d
  exemplars: true
  externalLabels: {cluster: rw, note: "${LABEL}"}
  remoteWrite:
    - url: http://127.0.0.1:${vmPort}/api/v1/write
      name: vm
      auth: {basic: {username: mon, password: {env: VM_PASSWORD}}}
      queue: {batchSendDeadline: 1s, maxSamplesPerSend: 500}
alertmanager: {enabled: false}
exporters: {node: {port: ${ports.node}}}
services: [{name: app, targets: ["127.0.0.1:${ports.app}"]}]
`,
    );
    const r = await run(['deploy']);
    expect(r.exitCode, r.stderr).toBe(0);
    (await statePids(stack)).forEach((p) => seen.add(p));
  });

  afterAll(async () => {
    (await statePids(stack)).forEach((p) => seen.add(p));
    await run(['down']);
    if (vm && vm.exitCode === null) await new Promise((res) => (vm.once('exit', res), vm.kill()));
    const left = [...seen].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  });

  it('the samples Prometheus scrapes arrive in VictoriaMetrics, with the external labels, $ kept literally', async () => {
    let result: Awaited<ReturnType<typeof vmQuery>>['data']['result'] = [];
    for (let i = 0; i < 60 && !result.length; i++) {
      result = (await vmQuery('up{job="node"}').catch(() => ({ data: { result: [] } }))).data.result;
      if (!result.length) await new Promise((res) => setTimeout(res, 500));
    }
    expect(result.map((s) => [s.metric.job, s.metric.cluster, s.metric.note, s.value[1]])).toEqual([
      ['node', 'rw', LABEL, '1'],
    ]);
    // Prometheus's own view of the label agrees
    expect((await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)).data.yaml).toContain(
      'remote_write:',
    );
    const sent = (
      await getJson(
        `http://127.0.0.1:${ports.prometheus}/api/v1/query?query=${encodeURIComponent('sum(prometheus_remote_storage_samples_failed_total or prometheus_remote_storage_failed_samples_total)')}`,
      )
    ).data.result;
    expect(sent.map((s: { value: [number, string] }) => s.value[1])).toEqual(['0']);
  });

  it('the password is a file in the stack, never in the config', async () => {
    const yaml = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)).data.yaml as string;
    expect(yaml).toContain(`password_file: ${join(stack, 'config/secrets/VM_PASSWORD')}`);
    expect(yaml).not.toContain(PASSWORD);
  });

  it('retention and exemplar storage as the version takes them', async () => {
    const info = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/runtimeinfo`)).data;
    expect(info.storageRetention).toBe('10d');
    const flags = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/flags`)).data;
    expect(flags['enable-feature']).toBe('exemplar-storage');
    // 3.8+ read it from the config file (the flag is deprecated); 2.42 only has the flag
    const args = JSON.parse(await readFile(join(stack, 'state.json'), 'utf8')).components.prometheus.args as string[];
    const yaml = (await getJson(`http://127.0.0.1:${ports.prometheus}/api/v1/status/config`)).data.yaml as string;
    if (line.prometheus.startsWith('3.')) {
      expect(args.filter((a) => a.startsWith('--storage.tsdb.retention'))).toEqual([]);
      expect(yaml).toMatch(/storage:\n\s+tsdb:\n(.*\n)*?\s+retention:\n\s+time: 10d/);
    } else expect(args).toContain('--storage.tsdb.retention.time=10d');
  });
});
