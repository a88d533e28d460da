import type { Artifact } from '../artifacts/types.js';
import type { ComponentName } from '../components/index.js';
import type { StackState } from '../deploy/state.js';
import type { Model } from '../model/types.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import type { DeployTarget } from '../targets/types.js';
import { type Endpoints, NO_URL } from './endpoints.js';

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

/** Why checks of a component must be skipped, or undefined when its absence is a failure. */
export const skipReason = (ctx: VerifyContext, component: ComponentName): string | undefined => {
  const why = ctx.endpoints.absent[component] ?? 'not part of this stack';
  if (why === NO_URL || ctx.model.deploy.optional.includes(component))
    return `${component}: ${why}${why === NO_URL ? '' : ' (optional: deploy.optional)'}`;
  return undefined;
};

/**
 * A check that needs one component. When that component is absent, the check is skipped (with
 * the reason) only if the spec declares it optional or no URL was given for it; otherwise a
 * missing component the spec asks for is a failure.
 */
export async function needs(
  ctx: VerifyContext,
  component: ComponentName,
  id: string,
  name: string,
  body: (url: string) => Promise<Outcome>,
): Promise<CheckResult> {
  const url = ctx.endpoints.urls[component];
  if (url) return timed(id, name, () => body(url));
  return absent(ctx, component, id, name);
}

/** The result of a check whose component is absent: skipped if that is allowed, else failed. */
export function absent(ctx: VerifyContext, component: ComponentName, id: string, name: string): CheckResult {
  const skip = skipReason(ctx, component);
  if (skip) return skipped(id, name, skip);
  const why = ctx.endpoints.absent[component] ?? 'not part of this stack';
  return {
    id,
    name,
    status: 'fail',
    durationMs: 0,
    details: `${component} is not running: ${why}\ninstall it, or declare it optional in the spec (deploy: {optional: [${component}]})`,
  };
}

export const pass = (details: string): Outcome => ({ status: 'pass', details });
export const fail = (details: string): Outcome => ({ status: 'fail', details });
