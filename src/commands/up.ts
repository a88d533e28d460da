import { ExitCode } from '../errors.js';
import type { Target } from '../model/placement.js';
import { prepare } from '../pipeline.js';
import { printChecks } from '../ui/checks.js';
import { printDeploy } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';
import { protect } from '../util/signals.js';
import { plural } from '../ui/text.js';
import { fireDrill } from '../verify/drill.js';
import { verifyContext, verifyExit, verifyUntil } from '../verify/run.js';
import { traceRoundTrip } from '../verify/trace.js';
import { deployPrepared } from './deploy.js';
import { runGenerate } from './generate.js';
import { runValidate } from './validate.js';

export interface UpOptions {
  file: string;
  out: string;
  target?: Target;
  stackDir?: string;
  /** readiness timeout per component, ms */
  timeout?: number;
}

/** `mon up`: generate, validate, deploy, verify; each phase only when the one before passed. The spec is loaded once. */
export function up(opts: UpOptions): Promise<number> {
  // a signal in a read-only phase ends mon at once (130 / 143); deploy and the fire drill protect their own steps
  return protect(
    () => upRun(opts),
    async () => undefined,
  );
}

async function upRun(opts: UpOptions): Promise<number> {
  const p = await prepare(opts.file, opts.target);
  const gen = await runGenerate({ file: opts.file, out: opts.out }, p);
  if (!isJson()) {
    ui.diagnostics(p.loaded.warnings);
    ui.success(`generate: ${plural(p.artifacts.length, 'file')} in ${opts.out}`);
  }
  const val = await runValidate({ file: opts.file, target: opts.target }, p);
  if (!isJson()) printChecks(val.checks);
  if (val.exit !== ExitCode.ok) {
    if (isJson()) ui.json({ ok: false, command: 'up', exitCode: val.exit, phase: 'validate', validate: val.checks });
    for (const m of val.missing.slice(0, 1)) ui.error(m.message, m.hint);
    ui.error('validation failed: nothing was deployed');
    return val.exit;
  }
  const dep = await deployPrepared(p, { stackDir: opts.stackDir, timeout: opts.timeout });
  if (!isJson()) printDeploy(dep.results, `deploy: ${dep.title} in ${dep.stackDir} (${dep.ms} ms)`);

  // verify as the spec says: wait for the first scrapes and evaluations, then drill and trace
  const v = p.model.verify;
  const ctx = await verifyContext({ file: opts.file, stackDir: dep.stackDir, target: p.model.target }, p);
  const started = performance.now();
  const checks = await ui.spin('verifying the stack', () => verifyUntil(ctx, v.timeoutMs));
  if (v.fireDrill && !checks.some((c) => c.status === 'fail')) checks.push(...(await fireDrill(ctx)));
  if (v.traceRoundTrip && !checks.some((c) => c.status === 'fail')) checks.push(await traceRoundTrip(ctx));
  const exit = verifyExit(checks);
  if (isJson()) {
    ui.json({
      ok: exit === 0,
      command: 'up',
      exitCode: exit,
      generate: { out: opts.out, files: gen.changes },
      validate: val.checks,
      deploy: { target: p.model.target, stackDir: dep.stackDir, ms: dep.ms, components: dep.results },
      verify: { ms: Math.round(performance.now() - started), checks },
    });
  } else printChecks(checks);
  return exit;
}
