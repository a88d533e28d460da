import { type ChildProcess, spawn } from 'node:child_process';
import { execa } from 'execa';
import { ExitCode, MonError } from '../errors.js';
import { findBinary } from './binaries.js';

/** kubectl, or exit 3 saying what to install. */
export function kubectlBinary(): string {
  const k = findBinary('kubectl');
  if (!k.path) throw new MonError('kubectl is not installed', ExitCode.toolMissing, k.install);
  return k.path;
}

export interface KubectlResult {
  ok: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** the command as run, for messages (arguments only: no secret is ever an argument) */
  command: string;
}

/**
 * Runs kubectl; `input` goes to its standard input (`-f -`), which is how manifests holding
 * secret values reach it: never in its arguments, never on disk.
 */
export async function kubectl(
  args: string[],
  opts: { input?: string; timeoutMs?: number; context?: string } = {},
): Promise<KubectlResult> {
  const all = [...(opts.context ? ['--context', opts.context] : []), ...args];
  const r = await execa(kubectlBinary(), all, {
    reject: false,
    timeout: opts.timeoutMs ?? 300_000,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  return {
    ok: r.exitCode === 0,
    exitCode: r.exitCode ?? 1,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    command: `kubectl ${all.join(' ')}`,
  };
}

/**
 * `kubectl port-forward`, started in the background: resolves once it says it is forwarding
 * (or fails with its message). The caller stops it (`stop()`), and it is stopped when mon exits.
 */
export function portForward(
  args: string[],
  opts: { context?: string; timeoutMs?: number } = {},
): Promise<{ child: ChildProcess; stop: () => void }> {
  const all = [...(opts.context ? ['--context', opts.context] : []), 'port-forward', ...args];
  const child = spawn(kubectlBinary(), all, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`kubectl ${all.join(' ')}: not forwarding after ${opts.timeoutMs ?? 15_000} ms ${err.trim()}`));
    }, opts.timeoutMs ?? 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (/Forwarding from/.test(d.toString())) {
        clearTimeout(timer);
        // it must not keep mon running: it is stopped when mon exits
        child.unref();
        (child.stdout as unknown as { unref(): void }).unref();
        (child.stderr as unknown as { unref(): void }).unref();
        resolve({ child, stop });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubectl ${all.join(' ')} exited ${code}: ${err.trim()}`));
    });
  });
}
