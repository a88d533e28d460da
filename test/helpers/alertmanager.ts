import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinary } from '../../src/tools/binaries.js';
import { freePort } from './stack.js';

/**
 * A real Alertmanager (the binary mon finds: Debian's prometheus-alertmanager here) on a free port
 * of 127.0.0.1, for the datasource Grafana proxies to. Fails loudly when none is installed.
 */
export async function realAlertmanager(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const binary = requireBinary('alertmanager');
  const port = await freePort();
  await mkdir(join(dir, 'am-data'), { recursive: true });
  const config = join(dir, 'am.yml');
  await writeFile(config, 'route: {receiver: none}\nreceivers: [{name: none}]\n');
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, close };
    await new Promise((r) => setTimeout(r, 50));
  }
  await close();
  throw new Error(`${binary} was not ready on ${url} after 10s`);
}
