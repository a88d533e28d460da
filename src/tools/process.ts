import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Processes of the local target: started detached, logs appended to a file, found again by pid. */
export interface StartSpec {
  binary: string;
  args: string[];
  cwd: string;
  /** its whole environment (mon passes its own, less the secrets the component must not see) */
  env: Record<string, string>;
  log: string;
}

/**
 * A daemon that outlives mon: its own process group, output straight into the log file by file
 * descriptor (execa pipes through the parent, which would cut the log when mon exits).
 */
export function startDetached(s: StartSpec): number {
  // a log may hold what a component prints of its config: the deploying user's only
  const fd = openSync(s.log, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
    const child = spawn(s.binary, s.args, { cwd: s.cwd, env: s.env, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${s.binary}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Alive and not a zombie: a daemon whose parent (mon) has exited waits for PID 1 to reap it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc here: kill(0) is all we know
  }
}

/** Every process mon starts carries its stack directory in this variable, and its component in the next. */
export const STACK_MARKER = 'MON_STACK_DIR';
export const COMPONENT_MARKER = 'MON_COMPONENT';

const environOf = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

/**
 * The processes of one stack, found by their marker alone (a state file that is missing, empty,
 * truncated or wrong cannot hide them): pid and component. Foreign processes never carry it.
 */
export function stackProcesses(stackDir: string): Array<{ pid: number; component: string }> {
  const out: Array<{ pid: number; component: string }> = [];
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    const pid = Number(p);
    if (pid === process.pid) continue;
    try {
      const env = environOf(pid);
      if (!env.includes(`${STACK_MARKER}=${stackDir}`) || !isAlive(pid)) continue;
      out.push({
        pid,
        component: env.find((e) => e.startsWith(`${COMPONENT_MARKER}=`))?.slice(COMPONENT_MARKER.length + 1) ?? '?',
      });
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out;
}

/**
 * Is `pid` a process we started (our stack's marker in its environment, and our binary, or the
 * component's marker when the binary was a wrapper that exec'd the real one)? A stale pid file,
 * or a pid reused by another program, says no.
 */
export function isOurs(pid: number, binary: string, stackDir: string, component?: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const environ = environOf(pid);
    if (!environ.includes(`${STACK_MARKER}=${stackDir}`)) return false;
    return cmdline[0] === binary || (component !== undefined && environ.includes(`${COMPONENT_MARKER}=${component}`));
  } catch {
    return false; // no /proc, or not ours to read: cannot prove it, so do not touch it
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<'stopped' | 'killed' | 'gone'> {
  if (!isAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
  while (isAlive(pid)) await sleep(20);
  return 'killed';
}

/** Whether a TCP port on 127.0.0.1 can be bound right now. */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers 2xx, the process dies, or time runs out. */
export async function waitReady(
  url: string,
  pid: number,
  timeoutMs: number,
): Promise<{ ok: true; ms: number } | { ok: false; why: string }> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (!isAlive(pid)) return { ok: false, why: 'the process exited' };
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return { ok: true, ms: Date.now() - started };
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(100);
  }
  return { ok: false, why: `not ready after ${Math.round(timeoutMs / 1000)}s (${last})` };
}
