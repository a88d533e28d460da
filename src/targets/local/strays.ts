import { readFileSync } from 'node:fs';
import type { ComponentName } from '../../components/index.js';
import type { ComponentState } from '../../deploy/state.js';
import { stackProcesses } from '../../tools/process.js';
import type { ComponentPlan } from './plans.js';

/**
 * The processes of this stack that neither the state nor the journal names (the state file is
 * missing, truncated, garbage, or holds wrong pids), found by their stack marker: taken as
 * running with the command line they run, so the next deploy keeps them when their flags are
 * the spec's and restarts them when not, instead of finding their ports "in use by another
 * process". Only processes carrying this stack's marker and a component of the spec are taken.
 */
export function markedComponents(
  stack: string,
  plans: readonly ComponentPlan[],
  known: ReadonlyMap<ComponentName, ComponentState>,
): Map<ComponentName, ComponentState> {
  const out = new Map<ComponentName, ComponentState>();
  const pids = new Set([...known.values()].map((c) => c.pid));
  for (const p of stackProcesses(stack)) {
    const plan = plans.find((x) => x.name === p.component);
    if (!plan || known.has(plan.name) || out.has(plan.name) || pids.has(p.pid)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    } catch {
      continue;
    }
    out.set(plan.name, {
      status: 'running',
      pid: p.pid,
      // a wrapper that exec'd the real binary runs as it: then its flags decide, and a restart is safe
      binary: plan.binary && argv[0] === plan.binary ? plan.binary : argv[0],
      args: argv.slice(1),
      port: plan.port,
      readyUrl: plan.readyUrl,
    });
  }
  return out;
}
