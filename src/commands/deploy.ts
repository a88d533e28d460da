import { withStackLock } from '../deploy/lock.js';
import type { Target } from '../model/placement.js';
import { prepare } from '../pipeline.js';
import { runtimeOf, TARGETS } from '../targets/index.js';
import type { Prepared } from '../targets/types.js';
import { printDeploy } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';
import { protect } from '../util/signals.js';

export interface DeployOptions {
  file: string;
  target?: Target;
  stackDir?: string;
  /** readiness timeout per component, ms */
  timeout?: number;
}

/** Deploys a prepared spec without printing (but the spinner). */
export async function deployPrepared(p: Prepared, opts: Omit<DeployOptions, 'file' | 'target'>) {
  const stackDir = opts.stackDir ?? p.model.deploy.dir;
  const runtime = await runtimeOf(p.model.target);
  const started = performance.now();
  // Ctrl-C / SIGTERM: the current step finishes, the deploy is undone, the state stays true (src/util/signals.ts)
  const results = await withStackLock(stackDir, 'deploy', () =>
    protect(() =>
      ui.spin(`deploying to ${stackDir}`, () => runtime.deploy(p, { stackDir, readyTimeoutMs: opts.timeout })),
    ),
  );
  return { stackDir, results, ms: Math.round(performance.now() - started), title: TARGETS[p.model.target].title };
}

/** `mon deploy`: start or update the stack, reloading what changed; all or nothing. */
export async function deploy(opts: DeployOptions): Promise<number> {
  const p = await prepare(opts.file, opts.target);
  const { stackDir, results, ms, title } = await deployPrepared(p, opts);
  ui.diagnostics(p.loaded.warnings);
  if (isJson()) ui.json({ ok: true, command: 'deploy', target: p.model.target, stackDir, ms, components: results });
  else printDeploy(results, `${title[0]!.toUpperCase()}${title.slice(1)} in ${stackDir} (${ms} ms)`);
  return 0;
}
