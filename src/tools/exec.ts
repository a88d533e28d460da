import { execa, execaSync } from 'execa';

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
  const r = execaSync(binary, args, { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
