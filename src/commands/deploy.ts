import { sha256 } from '../artifacts/manifest.js';
import { deployCompose } from '../deploy/compose.js';
import { deployLocal } from '../deploy/local.js';
import { DEFAULT_STACK_DIR } from '../model/conventions.js';
import type { Target } from '../model/placement.js';
import { loadModel, render } from '../pipeline.js';
import { printDeploy } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';

export interface DeployOptions {
  file: string;
  target?: Target;
  stackDir?: string;
  /** readiness timeout per component, ms */
  timeout?: number;
}

/** Deploys without printing (but the spinner). */
export async function runDeploy(opts: DeployOptions) {
  const { loaded, model } = await loadModel(opts.file, opts.target);
  const artifacts = await render(loaded, model);
  const stackDir = opts.stackDir ?? loaded.spec.deploy?.dir ?? DEFAULT_STACK_DIR;
  const spec = { file: model.specName, sha256: sha256(loaded.source) };
  const started = performance.now();
  const results = await ui.spin(`deploying to ${stackDir}`, () =>
    model.target === 'compose'
      ? deployCompose(model, artifacts, { stackDir, spec })
      : deployLocal(model, artifacts, { stackDir, spec, readyTimeoutMs: opts.timeout }),
  );
  return { loaded, model, stackDir, results, ms: Math.round(performance.now() - started) };
}

/** `mon deploy`: start or update the stack, reloading what changed; all or nothing. */
export async function deploy(opts: DeployOptions): Promise<number> {
  const { loaded, model, stackDir, results, ms } = await runDeploy(opts);
  ui.diagnostics(loaded.warnings);
  if (isJson()) ui.json({ ok: true, command: 'deploy', target: model.target, stackDir, ms, components: results });
  else printDeploy(results, `${model.target === 'local' ? 'Local stack' : 'Compose project'} in ${stackDir} (${ms} ms)`);
  return 0;
}
