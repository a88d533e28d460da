import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';

import { join } from 'node:path';
import type { Artifact } from '../artifacts/types.js';
import { writeTree } from '../artifacts/write.js';
import { ExitCode, MonError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Model, Secret } from '../model/types.js';
import { isErrorLine } from '../model/versions.js';
import { resolveSecrets } from '../secrets/resolve.js';
import { processSecrets } from '../secrets/source.js';
import { writeSecretFiles } from '../secrets/write.js';
import { isAlive, isOurs, portFree, STACK_MARKER, startDetached, stopProcess, waitReady } from '../tools/process.js';
import { type ComponentName, type ComponentPlan, localPlans, stackPaths } from './components.js';
import { type ComponentState, readState, type StackState, writeState } from './state.js';
import { treeDigest } from './tree.js';

export type Action = 'started' | 'reloaded' | 'restarted' | 'unchanged' | 'not-deployed' | 'stopped';
export interface ComponentResult {
  /** a component of the local target, or a Compose service */
  name: ComponentName | string;
  action: Action;
  ms?: number;
  pid?: number;
  url?: string;
  reason?: string;
}

export interface DeployOptions {
  stackDir: string;
  spec: { file: string; sha256: string };
  readyTimeoutMs?: number;
}

const tail = (path: string, n = 15) => {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
};

/** The components mon started earlier that are still the processes it started (stale pid files are not). */
export function runningComponents(state: StackState | undefined, stackDir: string): Map<ComponentName, ComponentState> {
  const running = new Map<ComponentName, ComponentState>();
  for (const [name, c] of Object.entries(state?.components ?? {}) as Array<[ComponentName, ComponentState]>) {
    if (c.status === 'running' && c.pid && c.binary && isOurs(c.pid, c.binary, stackDir)) running.set(name, c);
  }
  return running;
}

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function start(plan: Pick<ComponentPlan, 'name' | 'args' | 'cwd' | 'env' | 'readyUrl'> & { binary: string }, stackDir: string, timeoutMs: number) {
  const log = stackPaths(stackDir).log(plan.name);
  await mkdir(plan.cwd, { recursive: true });
  const started = Date.now();
  const pid = startDetached({ binary: plan.binary, args: plan.args, cwd: plan.cwd, env: { ...plan.env, [STACK_MARKER]: stackPaths(stackDir).root }, log });
  const ready = await waitReady(plan.readyUrl, pid, timeoutMs);
  if (!ready.ok) {
    await stopProcess(pid, 3000);
    throw new MonError(`${plan.name} did not start: ${ready.why}`, ExitCode.invalid, `its log (${log}):\n${tail(log)}`);
  }
  return { pid, ms: Date.now() - started };
}

const logSize = (log: string) => {
  try {
    return statSync(log).size;
  } catch {
    return 0;
  }
};
const GENERIC = /msg="(Error reloading config|Failed to apply configuration)"/;

/** The specific error the component logged since `from` (its HTTP answer to a failed reload is generic). */
function loggedError(log: string, from: number): string | undefined {
  let text = '';
  try {
    text = readFileSync(log, 'utf8').slice(from);
  } catch {
    return undefined;
  }
  const errors = text.split('\n').filter(isErrorLine);
  const line = errors.find((l) => !GENERIC.test(l)) ?? errors[0];
  return line?.replace(/^.*?\bmsg=/, 'msg=');
}

/** POST /-/reload; Prometheus also reports whether the reload took (the old config stays on failure). */
async function reload(plan: ComponentPlan, stackDir: string): Promise<number> {
  const started = Date.now();
  const log = stackPaths(stackDir).log(plan.name);
  const from = logSize(log);
  const r = await fetch(plan.reloadUrl!, { method: 'POST', signal: AbortSignal.timeout(30_000) }).catch((e: Error) => ({ ok: false, status: 0, text: async () => e.message }));
  if (!r.ok) {
    const detail = loggedError(log, from);
    throw new MonError(
      `${plan.name} refused the new configuration (HTTP ${r.status}): ${(await r.text()).trim()}${detail ? `\n  ${detail}` : ''}`,
      ExitCode.invalid,
      'it keeps running with its previous configuration, and the previous files are back in place',
    );
  }
  if (plan.name === 'prometheus') {
    const info = (await (await fetch(new URL('/api/v1/status/runtimeinfo', plan.readyUrl))).json()) as { data?: { reloadConfigSuccess?: boolean } };
    if (info.data?.reloadConfigSuccess === false) throw new MonError('prometheus reports its last config reload failed', ExitCode.invalid);
  }
  return Date.now() - started;
}

interface Step {
  plan: ComponentPlan;
  action: 'started' | 'reloaded' | 'restarted';
  pid?: number;
  old?: ComponentState;
}

/**
 * Local processes: the new tree is written beside the running one, swapped in, and each changed
 * component is reloaded (Prometheus, Alertmanager) or restarted; new ones are started. If any
 * step fails, the previous tree comes back and every component is returned to it: nothing is
 * left half-applied.
 */
export async function deployLocal(model: Model, artifacts: Artifact[], opts: DeployOptions): Promise<ComponentResult[]> {
  const paths = stackPaths(opts.stackDir);
  const stack = paths.root;
  const timeout = opts.readyTimeoutMs ?? 30_000;
  await mkdir(join(stack, 'logs'), { recursive: true });
  const previous = await readState(paths.state);
  const running = runningComponents(previous, stack);
  const plans = localPlans(model, stack);
  const deployable = plans.filter((p): p is ComponentPlan & { binary: string } => p.binary !== undefined);

  // Everything that can fail before anything changes: secrets, ports.
  const refs = new Map<string, Secret>();
  for (const s of deployable.flatMap((p) => p.secrets)) refs.set(JSON.stringify(s), s);
  const bridge = deployable.some((p) => p.name === 'dingtalk') ? artifacts.find((a) => a.path === files.dingtalkConfig) : undefined;
  const resolved = resolveSecrets([...refs.values()], bridge ? [{ path: files.dingtalkResolved, content: bridge.content }] : [], processSecrets());
  if (resolved.missing.length) {
    throw new MonError(`missing secrets: ${resolved.missing.join(', ')}`, ExitCode.invalid, 'export the environment variables (or create the files) before deploying; nothing was changed');
  }
  for (const p of deployable) {
    const mine = running.get(p.name);
    if (mine && mine.port === p.port) continue;
    if (!(await portFree(p.port))) {
      throw new MonError(`port ${p.port} for ${p.name} is in use by another process`, ExitCode.invalid, `stop that process, or set another port for ${p.name} in the spec; nothing was changed`);
    }
  }

  // The new tree, beside the running one.
  await rm(paths.next, { recursive: true, force: true });
  await writeTree(paths.next, artifacts);
  await writeSecretFiles(paths.next, resolved.files);
  const before = (await exists(paths.config)) ? await treeDigest(paths.config) : new Map<string, string>();
  const after = await treeDigest(paths.next);
  const changed = (p: ComponentPlan) => [...new Set([...before.keys(), ...after.keys()])].some((f) => p.reads(f) && before.get(f) !== after.get(f));

  const results: ComponentResult[] = plans.filter((p) => !p.binary).map((p) => ({ name: p.name, action: 'not-deployed' as const, reason: p.missing }));
  const todo: Array<{ plan: ComponentPlan & { binary: string }; action: Step['action'] }> = [];
  for (const p of deployable) {
    const mine = running.get(p.name);
    if (!mine) todo.push({ plan: p, action: 'started' });
    else if (mine.binary !== p.binary || JSON.stringify(mine.args) !== JSON.stringify(p.args)) todo.push({ plan: p, action: 'restarted' });
    else if (changed(p)) todo.push({ plan: p, action: p.reloadUrl ? 'reloaded' : 'restarted' });
    else results.push({ name: p.name, action: 'unchanged', pid: mine.pid, url: p.readyUrl });
  }
  // reloads first: the cheapest to undo
  todo.sort((a, b) => Number(a.action !== 'reloaded') - Number(b.action !== 'reloaded'));

  const hadOld = await exists(paths.config);
  await rm(paths.prev, { recursive: true, force: true });
  if (hadOld) await rename(paths.config, paths.prev);
  await rename(paths.next, paths.config);

  const done: Step[] = [];
  try {
    for (const t of todo) {
      const old = running.get(t.plan.name);
      if (t.action === 'reloaded') {
        const ms = await reload(t.plan, stack);
        done.push({ plan: t.plan, action: 'reloaded' });
        results.push({ name: t.plan.name, action: 'reloaded', ms, pid: old?.pid, url: t.plan.readyUrl });
        continue;
      }
      if (t.action === 'restarted' && old?.pid) await stopProcess(old.pid);
      const s = await start(t.plan, stack, timeout);
      done.push({ plan: t.plan, action: t.action, pid: s.pid, old });
      results.push({ name: t.plan.name, action: t.action, ms: s.ms, pid: s.pid, url: t.plan.readyUrl });
    }
  } catch (e) {
    await rollback(done, todo, running, hadOld, stack, timeout);
    throw e;
  }

  await rm(paths.prev, { recursive: true, force: true });
  // components the spec no longer has
  for (const [name, c] of running) {
    if (!deployable.some((p) => p.name === name) && c.pid) {
      await stopProcess(c.pid);
      results.push({ name, action: 'stopped' });
    }
  }
  const components: StackState['components'] = {};
  for (const r of results) {
    const plan = plans.find((p) => p.name === r.name);
    components[r.name as ComponentName] =
      r.action === 'not-deployed' || r.action === 'stopped' || !plan
        ? { status: r.action === 'stopped' ? 'stopped' : 'not-deployed', ...(r.reason ? { reason: r.reason } : {}) }
        : {
            status: 'running',
            pid: r.pid,
            binary: plan.binary,
            args: plan.args,
            port: plan.port,
            readyUrl: plan.readyUrl,
            ...(plan.reloadUrl ? { reloadUrl: plan.reloadUrl } : {}),
            log: paths.log(plan.name),
          };
  }
  await writeState(paths.state, { mon: 1, target: 'local', project: model.project, spec: opts.spec, deployedAt: new Date().toISOString(), components });
  const order = plans.map((p) => p.name as string);
  return results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** Puts the previous tree back and every touched component on it. */
async function rollback(done: Step[], todo: Array<{ plan: ComponentPlan }>, running: Map<ComponentName, ComponentState>, hadOld: boolean, stack: string, timeout: number) {
  const paths = stackPaths(stack);
  await rm(paths.config, { recursive: true, force: true });
  if (hadOld) await rename(paths.prev, paths.config);
  for (const step of [...done].reverse()) {
    if (step.action === 'reloaded') await reload(step.plan, stack).catch(() => undefined);
    else {
      if (step.pid) await stopProcess(step.pid);
      const old = step.old;
      if (step.action === 'restarted' && old?.binary && old.args) {
        await start({ name: step.plan.name, binary: old.binary, args: old.args, cwd: step.plan.cwd, env: step.plan.env, readyUrl: old.readyUrl ?? step.plan.readyUrl }, stack, timeout).catch(() => undefined);
      }
    }
  }
  // the step that failed: a refused reload leaves the component on its old config but flagged as
  // failed, so reload it once more on the restored files; a stopped one is started again
  const failed = todo[done.length];
  if (failed?.plan.reloadUrl && running.has(failed.plan.name)) await reload(failed.plan, stack).catch(() => undefined);
  const old = failed ? running.get(failed.plan.name) : undefined;
  if (failed && old?.pid && !isAlive(old.pid) && old.binary && old.args) {
    await start({ name: failed.plan.name, binary: old.binary, args: old.args, cwd: failed.plan.cwd, env: failed.plan.env, readyUrl: old.readyUrl ?? failed.plan.readyUrl }, stack, timeout).catch(() => undefined);
  }
}

