import type { ComponentName } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import { readState, type StackState, writeState } from '../../deploy/state.js';
import { http } from '../../net/http.js';
import { isOurs, stackProcesses, stopProcess } from '../../tools/process.js';
import { endpointsFrom } from '../../verify/endpoints.js';
import type { ComponentResult, ComponentStatus, PlanItem, TargetRuntime } from '../types.js';
import { deployLocal, runningComponents } from './deploy.js';
import { clearJournal } from './journal.js';
import { localPlans } from './plans.js';
import { local } from './index.js';
import { liveRepair } from './live-drift.js';

type Entry = [ComponentName, NonNullable<StackState['components'][ComponentName]>];
const entries = (state: StackState) => Object.entries(state.components) as Entry[];
const ours = (name: string, c: Entry[1], stackDir: string) =>
  c.pid !== undefined && c.binary !== undefined && isOurs(c.pid, c.binary, stackDir, name);

/** The processes of this stack that its state does not name (found by their marker), as statuses. */
export function strayStatuses(stackDir: string, known: ReadonlySet<number | undefined> = new Set()): ComponentStatus[] {
  return stackProcesses(stackPaths(stackDir).root)
    .filter((p) => !known.has(p.pid))
    .map((p) => ({
      name: p.component as ComponentName,
      status: 'running',
      pid: p.pid,
      reason: 'found by its stack marker, not in the state file: `mon deploy` takes it over, `mon down` stops it',
    }));
}

/** Stops the processes of this stack that its state does not name (found by their marker). */
export async function stopStrays(
  stackDir: string,
  known: ReadonlySet<number | undefined> = new Set(),
): Promise<ComponentResult[]> {
  const out: ComponentResult[] = [];
  for (const p of stackProcesses(stackPaths(stackDir).root)) {
    if (known.has(p.pid)) continue;
    await stopProcess(p.pid);
    out.push({
      name: p.component,
      action: 'stopped',
      pid: p.pid,
      reason: 'found by its stack marker (not in the state file)',
    });
  }
  return out;
}

export const localRuntime: TargetRuntime = {
  validate: async () => [],

  async plan(p, opts) {
    const stack = stackPaths(opts.stackDir).root;
    const running = runningComponents(await readState(stackPaths(stack).state), stack);
    const out: PlanItem[] = [];
    for (const x of localPlans(p.model, stack)) {
      if (!x.binary) {
        out.push({ name: x.name, action: 'not-deployed', reason: x.missing });
        continue;
      }
      const mine = running.get(x.name);
      if (!mine) out.push({ name: x.name, action: 'start' });
      else if (mine.binary !== x.binary || JSON.stringify(mine.args) !== JSON.stringify(x.args))
        out.push({ name: x.name, action: 'restart', reason: 'its binary or flags changed' });
      else {
        // what runs may differ from its files (changed live): then it is reloaded or restarted whatever the files say
        const repair = await liveRepair(x, p, stack, mine.pid);
        if (repair && (repair.action === 'restarted' || x.reloadUrl))
          out.push({
            name: x.name,
            action: repair.action === 'reloaded' ? 'reload' : 'restart',
            reason: repair.reason,
          });
        else out.push({ name: x.name, action: x.reloadUrl ? 'reload' : 'restart', reason: 'if its files changed' });
      }
    }
    return out;
  },

  deploy: deployLocal,

  /** The state file, checked against the processes and their ready endpoints. */
  async status(stackDir, state) {
    const out: ComponentStatus[] = [];
    for (const [name, c] of entries(state)) {
      if (c.status !== 'running') {
        out.push({ name, status: c.status, ...(c.reason ? { reason: c.reason } : {}) });
        continue;
      }
      if (!ours(name, c, stackDir)) {
        out.push({
          name,
          status: 'down',
          pid: c.pid,
          port: c.port,
          reason: 'the process is gone (killed, crashed, or the machine restarted): run `mon deploy`',
        });
        continue;
      }
      const ready = c.readyUrl ? (await http(c.readyUrl, { timeoutMs: 2000 })).ok : true;
      out.push({
        name,
        status: ready ? 'ready' : 'running',
        pid: c.pid,
        port: c.port,
        url: c.readyUrl,
        ...(ready ? {} : { reason: 'not ready' }),
      });
    }
    // and whatever else carries this stack's marker (a deploy killed before it wrote the state, wrong pids)
    out.push(...strayStatuses(stackDir, new Set(out.filter((x) => x.status !== 'down').map((x) => x.pid))));
    return out;
  },

  /** Stops every component mon started; stale pid files are cleared, not acted on. Idempotent. */
  async down(stackDir, state) {
    const results: ComponentResult[] = [];
    for (const [name, c] of entries(state)) {
      if (c.status !== 'running') continue;
      const how = ours(name, c, stackDir) ? await stopProcess(c.pid!) : 'gone';
      results.push({
        name,
        action: 'stopped',
        pid: c.pid,
        reason: how === 'gone' ? 'was not running' : how === 'killed' ? 'killed after the grace period' : undefined,
      });
      state.components[name] = { status: 'stopped' };
    }
    // and whatever else carries this stack's marker: a deploy killed before it wrote the state
    results.push(...(await stopStrays(stackDir, new Set(results.map((r) => r.pid)))));
    await writeState(stackPaths(stackDir).state, state);
    await clearJournal(stackDir);
    return results;
  },

  /** A component that mon did not start, or that is not running, is absent: its checks say why. */
  endpoints: (model, state, overrides) =>
    endpointsFrom(model, overrides, (name) => {
      const c = state?.components[name];
      if (!state) return undefined;
      if (!c) return 'not deployed';
      return c.status !== 'running'
        ? c.reason
          ? `not deployed: ${c.reason}`
          : `not running (${c.status})`
        : undefined;
    }),

  verifyChecks: async () => [],

  async diffLive(p, opts) {
    const { stackLiveDiff } = await import('../../diff/live.js');
    return stackLiveDiff(p, opts.stackDir, local, (model, state) => localRuntime.endpoints(model, state, {}));
  },
};
