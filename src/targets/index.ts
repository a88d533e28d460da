import { compose } from './compose/index.js';
import { kubernetes } from './kubernetes/index.js';
import { local } from './local/index.js';
import type { TargetName } from './names.js';
import type { DeployTarget } from './types.js';

export { TARGET_NAMES, type TargetName } from './names.js';

/**
 * The deploy targets. A new one is a folder beside these, a line here and its name in names.ts;
 * the compiler lists whatever it is missing (see DeployTarget and TargetRuntime).
 */
export const TARGETS: Record<TargetName, DeployTarget> = {
  local,
  compose,
  kubernetes,
};

/** A target's deploy side (loaded on demand: it runs programs). */
/** Where the model's target places components and secrets. */
export const placementOf = (m: { target: TargetName }) => TARGETS[m.target].placement;

export const runtimeOf = (name: TargetName) => TARGETS[name].runtime();
