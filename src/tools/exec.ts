import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { ToolMissingError } from '../errors.js';
import { cacheBin } from './binaries.js';

/** The one module that runs external programs. */
export interface ToolInfo {
  /** command name, e.g. promtool */
  name: string;
  /** env var that may point at the binary, e.g. MON_PROMTOOL */
  envVar: string;
  /** what to do when it is missing */
  install: string;
}

export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** The binary's path, or a ToolMissingError saying what to install. */
export function locate(tool: ToolInfo): string {
  const override = process.env[tool.envVar];
  if (override) {
    try {
      accessSync(override, constants.X_OK);
      return override;
    } catch {
      throw new ToolMissingError(tool.name, `${tool.envVar}=${override} is not an executable file; ${tool.install}`);
    }
  }
  const found = findOnPath(tool.name) ?? findOnPath(tool.name, cacheBin());
  if (!found) throw new ToolMissingError(tool.name, tool.install);
  return found;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export async function run(binary: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  const r = await execa(binary, args, { cwd: opts.cwd, reject: false, timeout: opts.timeoutMs ?? 120_000, stdin: 'ignore' });
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
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), durationMs: performance.now() - started };
}
