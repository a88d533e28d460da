import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTree } from '../../artifacts/write.js';
import { component, type ComponentName } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import { type ComponentState, readState, type StackState, writeState } from '../../deploy/state.js';
import { treeDigest } from '../../deploy/tree.js';
import { ExitCode, MonError } from '../../errors.js';
import { files } from '../../model/conventions.js';
import { secretKey } from '../../model/secret.js';
import type { Secret } from '../../model/types.js';
import { resolveSecrets, type SecretFile, secretRefs } from '../../secrets/resolve.js';
import { processSecrets } from '../../secrets/source.js';
import { writeSecretFiles } from '../../secrets/write.js';
import { http } from '../../net/http.js';
import { counters } from '../../net/metrics.js';
import { isAlive, isOurs, portFree, stopProcess } from '../../tools/process.js';
import type { ComponentResult, DeployOptions, Prepared } from '../types.js';
import { type ComponentPlan, localPlans } from './plans.js';
import { clearJournal, journaled } from './journal.js';
import { alertsAbout, silenceAbsent } from './silences.js';
import { plural } from '../../ui/text.js';
import { type Launch, reloadComponent, start } from './process.js';
import { liveRepair } from './live-drift.js';
import { checkpoint } from '../../util/signals.js';
import { markedComponents } from './strays.js';

type Deployable = ComponentPlan & { binary: string };
type Todo = { plan: Deployable; action: 'started' | 'reloaded' | 'restarted'; reason?: string };
interface Step extends Todo {
  pid?: number;
  old?: ComponentState;
}

/** The components mon started earlier that are still the processes it started (stale pid files are not). */
export function runningComponents(state: StackState | undefined, stackDir: string): Map<ComponentName, ComponentState> {
  const running = new Map<ComponentName, ComponentState>();
  for (const [name, c] of Object.entries(state?.components ?? {}) as Array<[ComponentName, ComponentState]>) {
    if (c.status === 'running' && c.pid && c.binary && isOurs(c.pid, c.binary, stackDir, name)) running.set(name, c);
  }
  return running;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const launch = (p: ComponentPlan, binary: string, args: string[], readyUrl: string): Launch => ({
  name: p.name,
  binary,
  args,
  cwd: p.cwd,
  env: p.env,
  readyUrl,
  envSecrets: p.envSecrets,
  secretEnv: p.secretEnv,
});

/** The deployment being made: what is running, what the spec wants, and what every step needs. */
interface Deployment {
  p: Prepared;
  stack: string;
  timeout: number;
  plans: ComponentPlan[];
  deployable: Deployable[];
  running: Map<ComponentName, ComponentState>;
  /** every secret variable of the spec: no component sees another's */
  withheld: string[];
}

/** Everything that can fail before anything changes: missing secrets, ports in use. */
async function preflight(p: Prepared, opts: DeployOptions): Promise<{ d: Deployment; secretFiles: SecretFile[] }> {
  const stack = stackPaths(opts.stackDir).root;
  await mkdir(join(stack, 'logs'), { recursive: true });
  const running = runningComponents(await readState(stackPaths(stack).state), stack);
  for (const [name, c] of await journaled(stack)) if (!running.has(name)) running.set(name, c);
  const plans = localPlans(p.model, stack);
  for (const [name, c] of markedComponents(stack, plans, running)) running.set(name, c);
  const deployable = plans.filter((x): x is Deployable => x.binary !== undefined);
  const core = plans.filter((x) => !x.binary && component(x.name).core);
  if (core.length) {
    throw new MonError(
      `${core.map((x) => x.name).join(' and ')} ${core.length > 1 ? 'are' : 'is'} not installed: the stack cannot run without ${core.length > 1 ? 'them' : 'it'}`,
      ExitCode.toolMissing,
      `${core.map((x) => x.missing).join('; ')}; nothing was changed`,
    );
  }
  const refs = new Map<string, Secret>();
  for (const s of deployable.flatMap((x) => x.secrets)) refs.set(secretKey(s), s);
  const bridge = deployable.some((x) => x.name === 'dingtalk')
    ? p.artifacts.find((a) => a.path === files.dingtalkConfig)
    : undefined;
  const resolved = resolveSecrets(
    [...refs.values()],
    bridge ? [{ path: files.dingtalkResolved, content: bridge.content }] : [],
    processSecrets(),
  );
  if (resolved.missing.length) {
    throw new MonError(
      `missing secrets: ${resolved.missing.join(', ')}`,
      ExitCode.invalid,
      'export the environment variables (or create the files) before deploying; nothing was changed',
    );
  }
  for (const x of deployable) {
    const mine = running.get(x.name);
    if (mine && mine.port === x.port) continue;
    if (!(await portFree(x.port))) {
      throw new MonError(
        `port ${x.port} for ${x.name} is in use by another process`,
        ExitCode.invalid,
        `stop that process, or set another port for ${x.name} in the spec; nothing was changed`,
      );
    }
  }
  const withheld = secretRefs(p.model).flatMap((s) => (s.kind === 'env' ? [s.name] : []));
  return {
    d: { p, stack, timeout: opts.readyTimeoutMs ?? 30_000, plans, deployable, running, withheld },
    secretFiles: resolved.files,
  };
}

/** The new tree beside the running one; what each component must do about it. */
async function stage(
  d: Deployment,
  secretFiles: SecretFile[],
): Promise<{ todo: Todo[]; unchanged: ComponentResult[] }> {
  const paths = stackPaths(d.stack);
  await rm(paths.next, { recursive: true, force: true });
  await writeTree(paths.next, d.p.artifacts);
  await writeSecretFiles(paths.next, secretFiles);
  const before = (await exists(paths.config)) ? await treeDigest(paths.config) : new Map<string, string>();
  const after = await treeDigest(paths.next);
  const all = [...new Set([...before.keys(), ...after.keys()])];
  const changed = (x: ComponentPlan) => all.some((f) => x.reads(f) && before.get(f) !== after.get(f));
  const todo: Todo[] = [];
  const unchanged: ComponentResult[] = [];
  for (const x of d.deployable) {
    const mine = d.running.get(x.name);
    if (!mine) todo.push({ plan: x, action: 'started' });
    else if (mine.binary !== x.binary || JSON.stringify(mine.args) !== JSON.stringify(x.args))
      todo.push({ plan: x, action: 'restarted' });
    else if (changed(x)) todo.push({ plan: x, action: x.reloadUrl ? 'reloaded' : 'restarted' });
    else {
      // the files match, but what runs may not (a reload or restart behind mon's back): repair it
      const repair = await liveRepair(x, d.p, d.stack, mine.pid);
      if (repair && (repair.action === 'restarted' || x.reloadUrl)) todo.push({ plan: x, ...repair });
      else unchanged.push({ name: x.name, action: 'unchanged', pid: mine.pid, url: x.readyUrl });
    }
  }
  // reloads first: the cheapest to undo
  todo.sort((a, b) => Number(a.action !== 'reloaded') - Number(b.action !== 'reloaded'));
  return { todo, unchanged };
}

/** Swaps the new tree in and takes each step; on any failure, everything goes back. */
async function apply(d: Deployment, todo: Todo[]): Promise<ComponentResult[]> {
  const paths = stackPaths(d.stack);
  const hadOld = await exists(paths.config);
  await rm(paths.prev, { recursive: true, force: true });
  if (hadOld) await rename(paths.config, paths.prev);
  await rename(paths.next, paths.config);
  const done: Step[] = [];
  const results: ComponentResult[] = [];
  try {
    for (const t of todo) {
      checkpoint(); // Ctrl-C / SIGTERM: the step before is finished; undo them all (below)
      const old = d.running.get(t.plan.name);
      if (t.action === 'reloaded') {
        const ms = await reloadComponent(t.plan.name, t.plan.reloadUrl!, t.plan.readyUrl, d.stack);
        done.push(t);
        results.push({
          name: t.plan.name,
          action: 'reloaded',
          ms,
          pid: old?.pid,
          url: t.plan.readyUrl,
          ...(t.reason ? { reason: t.reason } : {}),
        });
        continue;
      }
      if (t.action === 'restarted' && old?.pid) await stopProcess(old.pid);
      const s = await start(
        launch(t.plan, t.plan.binary, t.plan.args, t.plan.readyUrl),
        d.stack,
        d.timeout,
        d.withheld,
      );
      done.push({ ...t, pid: s.pid, old });
      results.push({
        name: t.plan.name,
        action: t.action,
        ms: s.ms,
        pid: s.pid,
        url: t.plan.readyUrl,
        ...(t.reason ? { reason: t.reason } : {}),
      });
    }
  } catch (e) {
    const restarted = await rollback(d, done, todo[done.length], hadOld);
    await recordRollback(d, restarted);
    throw e;
  }
  await rm(paths.prev, { recursive: true, force: true });
  return results;
}

/** Starts a component again as it ran before (its old binary and flags). */
const restartOld = (d: Deployment, plan: ComponentPlan, old: ComponentState) =>
  start(launch(plan, old.binary!, old.args!, old.readyUrl ?? plan.readyUrl), d.stack, d.timeout, d.withheld).catch(
    () => undefined,
  );

/** After a rollback, the state names the processes that run now (a restarted one has a new pid). */
async function recordRollback(d: Deployment, restarted: Map<ComponentName, number>) {
  const path = stackPaths(d.stack).state;
  const state = await readState(path);
  if (!state) return;
  for (const [name, pid] of restarted) {
    const c = state.components[name];
    if (c) Object.assign(c, { status: 'running', pid });
  }
  await writeState(path, state);
  await clearJournal(d.stack);
}

/** Puts the previous tree back and every touched component on it; returns the components started again, with their pids. */
async function rollback(
  d: Deployment,
  done: Step[],
  failed: Todo | undefined,
  hadOld: boolean,
): Promise<Map<ComponentName, number>> {
  const restarted = new Map<ComponentName, number>();
  const paths = stackPaths(d.stack);
  await rm(paths.config, { recursive: true, force: true });
  if (hadOld) await rename(paths.prev, paths.config);
  for (const step of [...done].reverse()) {
    if (step.action === 'reloaded')
      await reloadComponent(step.plan.name, step.plan.reloadUrl!, step.plan.readyUrl, d.stack).catch(() => undefined);
    else {
      if (step.pid) await stopProcess(step.pid);
      if (step.action === 'restarted' && step.old?.binary && step.old.args) {
        const s = await restartOld(d, step.plan, step.old);
        if (s) restarted.set(step.plan.name, s.pid);
      }
    }
  }
  // the step that failed: a refused reload leaves the component on its old config but flagged as
  // failed, so reload it once more on the restored files; a stopped one is started again
  if (!failed) return restarted;
  const old = d.running.get(failed.plan.name);
  if (failed.plan.reloadUrl && old)
    await reloadComponent(failed.plan.name, failed.plan.reloadUrl, failed.plan.readyUrl, d.stack).catch(
      () => undefined,
    );
  if (old?.pid && !isAlive(old.pid) && old.binary && old.args) {
    const s = await restartOld(d, failed.plan, old);
    if (s) restarted.set(failed.plan.name, s.pid);
  }
  return restarted;
}

/** Stops what the spec no longer has, and writes down what runs now. */
async function record(d: Deployment, results: ComponentResult[]): Promise<ComponentResult[]> {
  const paths = stackPaths(d.stack);
  for (const [name, c] of d.running) {
    if (!d.deployable.some((x) => x.name === name) && c.pid) {
      await stopProcess(c.pid);
      results.push({ name, action: 'stopped' });
    }
  }
  const components: StackState['components'] = {};
  for (const r of results) {
    const plan = d.plans.find((x) => x.name === r.name);
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
  // Alertmanager's delivery counters now: verify reports failures since this deploy
  const am = components.alertmanager;
  if (am?.status === 'running' && am.readyUrl) {
    const absent = d.plans.filter((x) => !x.binary && d.p.model.deploy.optional.includes(x.name)).map((x) => x.name);
    const s = await silenceAbsent(am, d.p.model, absent, d.running.get('alertmanager')?.silence?.id);
    if (s.id) am.silence = { id: s.id, alerts: s.alerts, components: absent };
    for (const r of results) {
      const about = absent.includes(r.name as ComponentName)
        ? alertsAbout(d.p.model, [r.name as ComponentName]).length
        : 0;
      if (about) r.reason = `${r.reason ?? ''} (optional: its ${plural(about, 'alert')} silenced)`;
    }
    const m = await http(new URL('/metrics', am.readyUrl).href, { timeoutMs: 5000 });
    if (m.ok)
      am.baseline = {
        sent: Object.fromEntries(counters(m.text, 'alertmanager_notification_requests_total')),
        failed: Object.fromEntries(counters(m.text, 'alertmanager_notification_requests_failed_total')),
      };
  }
  const p = d.p;
  await writeState(paths.state, {
    mon: 1,
    target: 'local',
    project: p.model.project,
    spec: p.spec,
    deployedAt: new Date().toISOString(),
    components,
  });
  await clearJournal(d.stack);
  const order = d.plans.map((x) => x.name as string);
  return results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/**
 * Local processes: preflight (secrets, ports), stage the new tree beside the running one, apply
 * (swap it in; reload or restart what changed, start what is new; all or nothing), record.
 */
export async function deployLocal(p: Prepared, opts: DeployOptions): Promise<ComponentResult[]> {
  const { d, secretFiles } = await preflight(p, opts);
  const { todo, unchanged } = await stage(d, secretFiles);
  checkpoint(); // nothing has changed yet
  const applied = await apply(d, todo);
  const notDeployed: ComponentResult[] = d.plans
    .filter((x) => !x.binary)
    .map((x) => ({ name: x.name, action: 'not-deployed', reason: x.missing }));
  return record(d, [...notDeployed, ...unchanged, ...applied]);
}
