import type { Artifact } from '../artifacts/types.js';
import type { ComponentName } from '../components/index.js';
import type { StackState } from '../deploy/state.js';
import type { Model } from '../model/types.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import type { DeployTarget } from '../targets/types.js';
import type { Endpoints } from './endpoints.js';

export interface VerifyContext {
  model: Model;
  /** the target the stack runs on */
  target: DeployTarget;
  endpoints: Endpoints;
  state?: StackState;
  /** the stack directory and its deployed config tree, when the stack is here */
  stackDir?: string;
  configDir?: string;
  /** what the spec generates now, for drift */
  artifacts: Artifact[];
}

type Outcome = Omit<CheckResult, 'id' | 'name' | 'durationMs'>;

/** A check that needs one component: skipped, with the reason, when that component was not deployed. */
export async function needs(ctx: VerifyContext, component: ComponentName, id: string, name: string, body: (url: string) => Promise<Outcome>): Promise<CheckResult> {
  const url = ctx.endpoints.urls[component];
  if (!url) return skipped(id, name, `${component}: ${ctx.endpoints.absent[component] ?? 'not part of this stack'}`);
  return timed(id, name, () => body(url));
}

export const pass = (details: string): Outcome => ({ status: 'pass', details });
export const fail = (details: string): Outcome => ({ status: 'fail', details });
