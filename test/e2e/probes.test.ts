import { createServer, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/stack.js';
import { eventually, promQuery } from '../helpers/tracing.js';

/**
 * services[].probes end to end: the real blackbox_exporter (Debian's 0.23) deployed by `mon
 * deploy` probes a real HTTP server on 127.0.0.1 answering 200, 500 and slowly, and a closed TCP
 * port; the real Prometheus scrapes it through the generated relabelling, and the probes pack's
 * alerts fire for exactly the failing and the slow endpoint (short `for:`, as in a fire drill).
 */
let dir: { path: string; cleanup: () => Promise<void> };
let server: Server;
let tlsServer: Server;
let appPort = 0;
let tlsPort = 0;
let promPort = 0;
let specFile = '';

beforeAll(async () => {
  dir = await tempDir('mon-probes-');
  appPort = await freePort();
  server = createServer((req, res) => {
    if (req.url === '/health') return void res.writeHead(200).end('{"status":"healthy"}');
    if (req.url === '/health/ready') return void res.writeHead(500).end('{"status":"not ready"}');
    if (req.url === '/health/live') return void setTimeout(() => res.writeHead(200).end('{"status":"alive"}'), 1200);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(appPort, '127.0.0.1', r));
  // a self-signed certificate that expires in 5 days: ProbeCertificateExpiring (14 days) must fire
  const key = join(dir.path, 'key.pem');
  const cert = join(dir.path, 'cert.pem');
  const ssl = await execa(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '5',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { reject: false },
  );
  if (ssl.exitCode !== 0) throw new Error(`openssl (Debian's openssl package) failed: ${ssl.stderr}`);
  tlsPort = await freePort();
  tlsServer = createHttps(
    { key: readFileSync(key), cert: readFileSync(cert) },
    (_req, res) => void res.writeHead(200).end('ok'),
  ) as unknown as Server;
  await new Promise<void>((r) => tlsServer.listen(tlsPort, '127.0.0.1', r));
  promPort = await freePort();
  const closed = await freePort();
  specFile = join(dir.path, 'monitoring.yaml');
  await writeFile(
    specFile,
    `apiVersion: mon/v1
project: pr
prometheus: {port: ${promPort}, scrapeInterval: 3s, evaluationInterval: 1s}
alertmanager: {port: ${await freePort()}}
exporters: {node: {enabled: false}, blackbox: {port: ${await freePort()}}}
services:
  - name: app
    targets: ["127.0.0.1:${appPort}"]
    probes:
      - {name: health, http: "http://127.0.0.1:${appPort}/health", status: [200], timeout: 1900ms}
      - {name: ready, http: "http://127.0.0.1:${appPort}/health/ready", status: [200], timeout: 1900ms}
      - {name: live, http: "http://127.0.0.1:${appPort}/health/live", timeout: 1900ms}
      - {name: port, tcp: "127.0.0.1:${closed}", timeout: 1s}
      - {name: tls, http: "https://127.0.0.1:${tlsPort}/", tlsSkipVerify: true, timeout: 1900ms}
alerts:
  packs:
    probes: {rules: {ProbeEndpointDown: {for: 2s}, ProbeSlow: {for: 2s}, ProbeCertificateExpiring: {for: 2s}}}
deploy: {dir: ${join(dir.path, 'stack')}}
`,
  );
  const r = await mon(['deploy', '-f', specFile]);
  if (r.exitCode !== 0) throw new Error(`mon deploy failed (${r.exitCode}):\n${r.stderr}`);
}, 120_000);

afterAll(async () => {
  if (specFile) await mon(['down', '-f', specFile]);
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await new Promise<void>((r) => (tlsServer ? tlsServer.close(() => r()) : r()));
  await dir?.cleanup();
}, 60_000);

type Alert = { labels: Record<string, string>; state: string };
const firing = async () => {
  const r = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`)).json()) as { data: { alerts: Alert[] } };
  return r.data.alerts.filter((a) => a.state === 'firing');
};

describe('probes against a real HTTP server', () => {
  it('the generated blackbox modules pass blackbox_exporter --config.check', async () => {
    const { execa } = await import('execa');
    const r = await execa(
      'prometheus-blackbox-exporter',
      [`--config.file=${join(dir.path, 'stack', 'config', 'blackbox', 'blackbox.yml')}`, '--config.check'],
      { reject: false },
    );
    expect(`${r.stdout}${r.stderr}`).toContain('Config file is ok');
    expect(r.exitCode).toBe(0);
    // and mon validate runs the same check
    const v = await mon(['validate', '-f', specFile, '--json']);
    const checks = (JSON.parse(v.stdout) as { checks: Array<{ id: string; status: string }> }).checks;
    expect(checks.find((c) => c.id === 'blackbox-config')?.status).toBe('pass');
  });

  it('each probe is scraped through blackbox_exporter with instance = its target', async () => {
    const results = await eventually('five probe results', async () => {
      const r = await promQuery(promPort, 'probe_success');
      return r.length === 5 ? r : undefined;
    });
    const by = Object.fromEntries(results.map((r) => [r.metric.probe!, r]));
    expect(by.health!.value[1]).toBe('1');
    expect(by.health!.metric.instance).toBe(`http://127.0.0.1:${appPort}/health`);
    expect(by.health!.metric.service).toBe('app');
    expect(by.health!.metric.job).toBe('probe-app-health');
    expect(by.ready!.value[1]).toBe('0');
    expect(by.live!.value[1]).toBe('1');
    expect(by.port!.value[1]).toBe('0');
    expect(by.tls!.value[1]).toBe('1');
    const status = await promQuery(promPort, 'probe_http_status_code{probe="ready"}');
    expect(status[0]!.value[1]).toBe('500');
  });

  it('ProbeEndpointDown fires for the 500 and the closed port only, ProbeSlow for the slow endpoint only, ProbeCertificateExpiring for the 5-day certificate', async () => {
    const alerts = await eventually(
      'probe alerts firing',
      async () => {
        const f = await firing();
        const down = f.filter((a) => a.labels.alertname === 'ProbeEndpointDown');
        const slow = f.filter((a) => a.labels.alertname === 'ProbeSlow');
        const cert = f.filter((a) => a.labels.alertname === 'ProbeCertificateExpiring');
        return down.length >= 2 && slow.length >= 1 && cert.length >= 1 ? { down, slow, cert } : undefined;
      },
      60_000,
    );
    expect(alerts.down.map((a) => a.labels.probe).sort()).toEqual(['port', 'ready']);
    expect(alerts.slow.map((a) => a.labels.probe)).toEqual(['live']);
    expect(alerts.cert.map((a) => a.labels.probe)).toEqual(['tls']);
    expect(alerts.down.every((a) => a.labels.severity === 'critical')).toBe(true);
    expect(readFileSync(join(dir.path, 'stack', 'config', 'prometheus', 'prometheus.yml'), 'utf8')).toContain(
      'target_label: __param_target',
    );
  }, 90_000);
});
