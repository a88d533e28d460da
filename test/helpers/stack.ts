import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Ports {
  prometheus: number;
  alertmanager: number;
  node: number;
  app: number;
}

export async function freePorts(): Promise<Ports> {
  return {
    prometheus: await freePort(),
    alertmanager: await freePort(),
    node: await freePort(),
    app: await freePort(),
  };
}

/** A small real stack: Prometheus, Alertmanager and node_exporter on the given ports. */
export const stackSpec = (ports: Ports, extra = '') => `apiVersion: mon/v1
project: teststack
prometheus:
  port: ${ports.prometheus}
  scrapeInterval: 5s
  evaluationInterval: 5s
alertmanager:
  port: ${ports.alertmanager}
exporters:
  node: {port: ${ports.node}}
services:
  - name: api
    runtime: python
    targets: ["127.0.0.1:${ports.app}"]
alerts:
  packs:
    backend: {service: api}
    system: {}
notifications:
  receivers: [{name: hook, webhook: {url: "http://127.0.0.1:${ports.app}/hook"}}]
${extra}`;

export async function statePids(stackDir: string): Promise<number[]> {
  try {
    const state = JSON.parse(await readFile(join(stackDir, 'state.json'), 'utf8')) as {
      components: Record<string, { pid?: number; status: string }>;
    };
    return Object.values(state.components).flatMap((c) => (c.pid ? [c.pid] : []));
  } catch {
    return [];
  }
}

/** A running process; a zombie (exited, waiting for PID 1 to reap it) is not. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
};

export async function getJson<T = any>(url: string): Promise<T> {
  const r = await fetch(url);
  return (await r.json()) as T;
}
