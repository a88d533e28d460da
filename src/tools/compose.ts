import { findBinary } from './binaries.js';
import { run } from './exec.js';

/**
 * Docker Compose: v2 (`docker compose`) when the plugin answers, else Debian's `docker-compose`
 * (1.29, which validates files without an engine). Undefined when neither is here.
 */
export async function composeCommand(): Promise<string[] | undefined> {
  const docker = findBinary('docker').path;
  if (docker) {
    const v = await run(docker, ['compose', 'version'], { timeoutMs: 10_000 }).catch(() => undefined);
    if (v?.exitCode === 0) return [docker, 'compose'];
  }
  const legacy = findBinary('docker-compose').path;
  return legacy ? [legacy] : undefined;
}

export async function composeRun(cmd: string[], file: string, args: string[], cwd: string) {
  const r = await run(cmd[0]!, [...cmd.slice(1), '-f', file, ...args], { cwd, timeoutMs: 600_000 });
  return {
    ...r,
    command: `${cmd.map((c) => c.split('/').pop()).join(' ')} -f ${file} ${args.join(' ')}`,
    ok: r.exitCode === 0,
  };
}
