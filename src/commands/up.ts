import { ExitCode } from '../errors.js';
import { printChecks } from '../ui/checks.js';
import { printDeploy } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';
import { plural } from '../ui/text.js';
import { runDeploy } from './deploy.js';
import { runGenerate } from './generate.js';
import { runValidate } from './validate.js';
import { parseDuration } from '../spec/duration.js';
import { fireDrill } from '../verify/drill.js';
import { verifyContext, verifyExit, verifyUntil } from '../verify/run.js';
import { traceRoundTrip } from '../verify/trace.js';
import type { Target } from '../model/placement.js';

export interface UpOptions {
  file: string;
  out: string;
  target?: Target;
  stackDir?: string;
  /** readiness timeout per component, ms */
  timeout?: number;
}

/** `mon up`: generate, validate, deploy, verify; each phase only when the one before passed. */
export async function up(opts: UpOptions): Promise<number> {
  const gen = await runGenerate({ file: opts.file, out: opts.out, target: opts.target });
  if (!isJson()) {
    ui.diagnostics(gen.loaded.warnings);
    ui.success(`generate: ${plural(gen.artifacts.length, 'file')} in ${opts.out}`);
  }
  const val = await runValidate({ file: opts.file, target: opts.target });
  if (!isJson()) printChecks(val.checks);
  if (val.exit !== ExitCode.ok) {
    if (isJson()) ui.json({ ok: false, command: 'up', exitCode: val.exit, phase: 'validate', validate: val.checks });
    for (const m of val.missing.slice(0, 1)) ui.error(m.message, m.hint);
    ui.error('validation failed: nothing was deployed');
    return val.exit;
  }
  const dep = await runDeploy({ file: opts.file, target: opts.target, stackDir: opts.stackDir, timeout: opts.timeout });
  if (!isJson()) printDeploy(dep.results, `deploy: ${dep.model.target === 'local' ? 'local stack' : 'Compose project'} in ${dep.stackDir} (${dep.ms} ms)`);

  // verify as the spec says: wait for the first scrapes and evaluations, then drill and trace
  const v = gen.loaded.spec.verify ?? {};
  const ctx = await verifyContext({ file: opts.file, stackDir: dep.stackDir, target: dep.model.target });
  const started = performance.now();
  const checks = await ui.spin('verifying the stack', () => verifyUntil(ctx, parseDuration(v.timeout ?? '2m') ?? 120_000));
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
      deploy: { target: dep.model.target, stackDir: dep.stackDir, ms: dep.ms, components: dep.results },
      verify: { ms: Math.round(performance.now() - started), checks },
    });
  } else printChecks(checks);
  return exit;
}
