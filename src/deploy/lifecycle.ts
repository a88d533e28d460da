import { readFile } from 'node:fs/promises';
import { ExitCode, MonError } from '../errors.js';
import { files } from '../model/conventions.js';
import { composeCommand, composeRun } from '../tools/compose.js';
import { isOurs, stopProcess } from '../tools/process.js';
import { type ComponentName, stackPaths } from './components.js';
import type { ComponentResult } from './local.js';
import { readState, writeState } from './state.js';

const ORDER: readonly string[] = ['prometheus', 'alertmanager', 'node_exporter', 'tempo', 'grafana', 'loki', 'dingtalk'];

export interface ComponentStatus {
  name: ComponentName;
  status: 'running' | 'ready' | 'down' | 'stopped' | 'not-deployed';
  pid?: number;
  port?: number;
  url?: string;
  reason?: string;
}

/** What is running now: the state file, checked against the processes and their ready endpoints. */
export async function stackStatus(dir: string): Promise<ComponentStatus[] | undefined> {
  const stackDir = stackPaths(dir).root;
  const state = await readState(stackPaths(stackDir).state);
  if (!state) return undefined;
  const out: ComponentStatus[] = [];
  for (const [name, c] of Object.entries(state.components) as Array<[ComponentName, NonNullable<(typeof state.components)[ComponentName]>]>) {
    if (c.status !== 'running') {
      out.push({ name, status: c.status, ...(c.reason ? { reason: c.reason } : {}) });
      continue;
    }
    const alive = c.pid !== undefined && c.binary !== undefined && isOurs(c.pid, c.binary, stackDir);
    if (!alive) {
      out.push({ name, status: 'down', pid: c.pid, port: c.port, reason: 'the process is gone (killed, crashed, or the machine restarted): run `mon deploy`' });
      continue;
    }
    const ready = c.readyUrl ? await fetch(c.readyUrl, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false) : true;
    out.push({ name, status: ready ? 'ready' : 'running', pid: c.pid, port: c.port, url: c.readyUrl, ...(ready ? {} : { reason: 'not ready' }) });
  }
  return out.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}

/** Stops every component mon started; stale pid files are cleared, not acted on. Idempotent. */
export async function stackDown(dir: string): Promise<ComponentResult[]> {
  const stackDir = stackPaths(dir).root;
  const path = stackPaths(stackDir).state;
  const state = await readState(path);
  if (!state) return [];
  if (state.target === 'compose') return composeDown(stackDir, state.project);
  const results: ComponentResult[] = [];
  for (const [name, c] of Object.entries(state.components) as Array<[ComponentName, NonNullable<(typeof state.components)[ComponentName]>]>) {
    if (c.status !== 'running') continue;
    const ours = c.pid !== undefined && c.binary !== undefined && isOurs(c.pid, c.binary, stackDir);
    const how = ours ? await stopProcess(c.pid!) : 'gone';
    results.push({ name, action: 'stopped', pid: c.pid, reason: how === 'gone' ? 'was not running' : how === 'killed' ? 'killed after the grace period' : undefined });
    state.components[name] = { status: 'stopped' };
  }
  await writeState(path, state);
  return results;
}

/** `docker compose down` for a Compose deployment (volumes are kept). */
async function composeDown(stackDir: string, project: string): Promise<ComponentResult[]> {
  const cmd = await composeCommand();
  if (!cmd) throw new MonError('Docker Compose is not installed', ExitCode.toolMissing, 'install Docker with the compose plugin to stop the Compose project');
  const r = await composeRun(cmd, files.composeFile, ['-p', project, 'down'], stackPaths(stackDir).config);
  if (!r.ok) throw new MonError(`${r.command} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`, ExitCode.invalid);
  return [{ name: project, action: 'stopped', reason: 'docker compose down (volumes kept)' }];
}

export async function componentLog(stackDir: string, name: string, lines: number): Promise<string> {
  const state = await readState(stackPaths(stackDir).state);
  const known = Object.keys(state?.components ?? {}).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (!known.includes(name)) {
    throw new MonError(`no component "${name}" in the stack at ${stackDir}`, ExitCode.invalid, known.length ? `components: ${known.join(', ')}` : 'nothing is deployed there: run `mon deploy`');
  }
  const text = await readFile(stackPaths(stackDir).log(name), 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
