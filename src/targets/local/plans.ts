import { join } from 'node:path';
import { component, type ComponentName, componentSecrets, enabledComponents } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import type { SecretEnv } from '../../components/types.js';
import type { Model, Secret } from '../../model/types.js';
import { findBinary } from '../../tools/binaries.js';
import { processLayout } from './layout.js';

/** How one component runs on the local target. */
export interface ComponentPlan {
  name: ComponentName;
  /** undefined when not found: the component is not deployed */
  binary?: string;
  /** why it is not deployed */
  missing?: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** secrets it reads from its environment (the others it reads from files) */
  envSecrets: Secret[];
  /** secrets it reads from variables of its own naming (exporters) */
  secretEnv: SecretEnv[];
  port: number;
  readyUrl: string;
  /** POST here to reload the config without a restart */
  reloadUrl?: string;
  /** generated files it reads (paths in the tree); a change means reload or restart */
  reads: (path: string) => boolean;
  /** secrets it needs resolved before it starts */
  secrets: Secret[];
}

const COMPOSE_HINT = 'or deploy with --target compose';

/** Every component of the model's stack as a local process, from its row of the component table. */
export function localPlans(model: Model, stack: string): ComponentPlan[] {
  const secrets = componentSecrets(model);
  return enabledComponents(model).map((name) => {
    const c = component(name);
    const found = c.binary ? findBinary(c.binary) : undefined;
    const at = processLayout(name, stack, found?.path);
    const place = c.place(model);
    const url = (path: string) => `http://${place.address}${path}`;
    const plan: ComponentPlan = {
      name,
      args: found?.path ? c.flags(model, at) : [],
      cwd: c.relativeToData
        ? at.data
        : c.workDir
          ? join(stackPaths(stack).config, c.workDir)
          : stackPaths(stack).config,
      env: c.env?.(model, at) ?? {},
      envSecrets: c.secretsVia === 'env' && !c.secretEnv ? secrets[name] : [],
      secretEnv: c.secretEnv?.(model) ?? [],
      port: place.port,
      readyUrl: url(c.readyPath),
      ...(c.reloadPath ? { reloadUrl: url(c.reloadPath) } : {}),
      reads: c.reads,
      secrets: secrets[name],
    };
    if (found?.path) plan.binary = found.path;
    else plan.missing = c.localUnsupported ?? `${found!.install}, ${COMPOSE_HINT}`;
    return plan;
  });
}
