import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinary } from '../../src/tools/binaries.js';
import { freePort } from './stack.js';

/**
 * A real Prometheus (the binary mon finds: Debian's here) on a free port of 127.0.0.1, scraping
 * nothing, for the datasource Grafana's health check queries. Fails loudly when none is installed.
 */
export async function realPrometheus(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const binary = requireBinary('prometheus');
  const port = await freePort();
  await mkdir(join(dir, 'prom-data'), { recursive: true });
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'global: {scrape_interval: 1m}\n');
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
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
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, close };
    await new Promise((r) => setTimeout(r, 50));
  }
  await close();
  throw new Error(`${binary} was not ready on ${url} after 10s`);
}
