import { spawnSync } from 'node:child_process';

/** execa costs ~80 ms to load: only the commands that run a program asynchronously pay it. */
const loadExeca = async () => (await import('execa')).execa;

/** The one module that runs external programs (binaries.ts finds them). */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export async function run(
  binary: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  const execa = await loadExeca();
  const r = await execa(binary, args, {
    cwd: opts.cwd,
    reject: false,
    timeout: opts.timeoutMs ?? 120_000,
    stdin: 'ignore',
  });
  return {
    exitCode: r.exitCode ?? 1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    durationMs: performance.now() - started,
  };
}

export async function runWithInput(binary: string, args: string[], input: string): Promise<RunResult> {
  const started = performance.now();
  const execa = await loadExeca();
  const r = await execa(binary, args, { reject: false, timeout: 60_000, input });
  return {
    exitCode: r.exitCode ?? 1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    durationMs: performance.now() - started,
  };
}

/** A short synchronous run (`--version`): the binary lookup needs its answer where no await is possible. */
export function runSync(
  binary: string,
  args: string[],
  timeoutMs = 10_000,
): { exitCode: number; stdout: string; stderr: string } {
  // node's own spawnSync: what execaSync did here (no shell, stdin ignored, a timeout, never throws)
  const r = spawnSync(binary, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  const exitCode = r.error || r.status === null ? 1 : r.status;
  return { exitCode, stdout: (r.stdout ?? '').replace(/\n$/, ''), stderr: (r.stderr ?? '').replace(/\n$/, '') };
}
