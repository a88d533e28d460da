import { readFile, rename } from 'node:fs/promises';
import { writeFile } from '../io/write-file.js';
import type { ComponentName } from '../components/index.js';
import type { TargetName } from '../targets/index.js';

/** What mon deployed, kept in the stack directory: enough to reload, stop and verify it later. */
export interface ComponentState {
  status: 'running' | 'not-deployed' | 'stopped';
  reason?: string;
  pid?: number;
  binary?: string;
  args?: string[];
  port?: number;
  readyUrl?: string;
  reloadUrl?: string;
  log?: string;
  /** Alertmanager: mon's silence of the alerts about absent optional components */
  silence?: { id: string; alerts: string[]; components: string[] };
  /** counters as they were when mon deployed, so checks can say "since the deploy" */
  baseline?: { sent?: Record<string, number>; failed?: Record<string, number> };
}

export interface StackState {
  mon: 1;
  target: TargetName;
  project: string;
  spec: { file: string; sha256: string };
  deployedAt: string;
  components: Partial<Record<ComponentName, ComponentState>>;
}

export async function readState(path: string): Promise<StackState | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export async function writeState(path: string, state: StackState): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, path);
}
