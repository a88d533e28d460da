import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { findOnPath } from '../../src/tools/binaries.js';
import { ROOT } from './cli.js';

/**
 * Real processes for the tracing e2e tests: Jaeger v2 (built from the Go module proxy by
 * scripts/build-go-tools.sh), Debian's Prometheus, and the MyStocks example backend in the Python
 * venv that scripts/install-tools.sh sets up. Each is found or the test fails saying how to install it.
 */
const cache = () => process.env.MON_GO_TOOLS ?? join(homedir(), '.cache', 'mon', 'go-tools');

export function findJaeger(): string {
  const env = process.env.MON_JAEGER;
  if (env) return env;
  const onPath = findOnPath('jaeger');
  if (onPath) return onPath;
  const dirs = existsSync(cache())
    ? readdirSync(cache())
        .filter((d) => d.startsWith('jaeger-'))
        .sort()
    : [];
  for (const d of dirs.reverse()) {
    const bin = join(cache(), d, 'bin', 'jaeger');
    if (existsSync(bin)) return bin;
  }
  throw new Error(
    `jaeger not found (MON_JAEGER, PATH, ${cache()}/jaeger-*/bin): build it with \`bash scripts/build-go-tools.sh jaeger\``,
  );
}

export const MYSTOCKS_APP = join(ROOT, 'examples', 'mystocks', 'app');
export const venvPython = () =>
  process.env.MON_PYTHON ?? join(homedir(), '.cache', 'mon', 'mystocks-venv', 'bin', 'python');

export async function findPython(): Promise<string> {
  const py = venvPython();
  const r = await execa(
    py,
    ['-c', 'import prometheus_client, opentelemetry.sdk, opentelemetry.exporter.otlp.proto.http'],
    { reject: false },
  );
  if (r.exitCode !== 0)
    throw new Error(
      `${py} lacks the MyStocks app's packages: run \`bash scripts/install-tools.sh\` (pip install -r examples/mystocks/app/requirements.txt)\n${r.stderr}`,
    );
  return py;
}

export interface Proc {
  proc: ResultPromise;
  output: () => string;
  stop: () => Promise<void>;
}

function spawnProc(file: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Proc {
  let out = '';
  const proc = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    reject: false,
    stdin: 'ignore',
    all: true,
    buffer: false,
  });
  proc.all?.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  });
  return {
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.pid) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await proc;
      clearTimeout(timer);
    },
  };
}

/** GET url until it answers 200 (or the process exits, or the time is up). */
export async function waitHttp(url: string, p: Proc, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (p.proc.exitCode !== null) throw new Error(`${what} exited (${p.proc.exitCode}):\n${p.output().slice(-3000)}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until)
      throw new Error(`${what} not ready at ${url} after ${timeoutMs} ms:\n${p.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Jaeger v2 with mon's generated config, in its directory (as `mon deploy` would run it). */
export async function startJaeger(configDir: string, healthUrl: string): Promise<Proc> {
  const p = spawnProc(findJaeger(), ['--config', 'file:config.yaml'], { cwd: configDir });
  await waitHttp(healthUrl, p, 'jaeger');
  return p;
}

/** Debian's Prometheus with mon's generated prometheus.yml (rules resolve relative to it). */
export async function startPrometheus(configFile: string, port: number, dataDir: string): Promise<Proc> {
  const bin = findOnPath('prometheus');
  if (!bin)
    throw new Error("prometheus not on PATH: install Debian's `prometheus` package (bash scripts/install-tools.sh)");
  const p = spawnProc(bin, [
    `--config.file=${configFile}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--storage.tsdb.path=${dataDir}`,
  ]);
  await waitHttp(`http://127.0.0.1:${port}/-/ready`, p, 'prometheus');
  return p;
}

/** The MyStocks example backend, reading the generated tracing env file. */
export async function startApp(envFile: string, port: number, extraEnv: Record<string, string> = {}): Promise<Proc> {
  const py = await findPython();
  const p = spawnProc(py, [join(MYSTOCKS_APP, 'server.py'), '--port', String(port), '--env-file', envFile], {
    env: extraEnv,
  });
  await waitHttp(`http://127.0.0.1:${port}/api/health`, p, 'the MyStocks app');
  return p;
}

export interface LoadSummary {
  requests: number;
  status: Record<string, number>;
  sampled: number;
  unsampled: number;
  sampledFraction: number;
}

/** The bounded load script; `traceIds` receives `<trace-id> <0|1>` lines. */
export async function runLoad(url: string, args: string[]): Promise<LoadSummary> {
  const py = await findPython();
  const r = await execa(py, [join(MYSTOCKS_APP, 'load.py'), '--url', url, '--json', ...args], { reject: false });
  if (r.exitCode !== 0) throw new Error(`load.py failed (${r.exitCode}): ${r.stderr}`);
  return JSON.parse(r.stdout) as LoadSummary;
}

export async function promQuery(
  port: number,
  expr: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await r.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
  return body.data.result;
}

/** Polls fn until it returns a value (not undefined), or throws with the last state. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 500,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
