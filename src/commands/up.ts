import { ExitCode } from '../errors.js';
import { printChecks } from '../ui/checks.js';
import { printDeploy } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';
import { plural } from '../ui/text.js';
import { runDeploy } from './deploy.js';
import { runGenerate } from './generate.js';
import { runValidate } from './validate.js';
import type { Target } from '../model/placement.js';

export interface UpOptions {
  file: string;
  out: string;
  target?: Target;
  stackDir?: string;
  timeout?: string;
}

/** `mon up`: generate, validate, deploy; each phase only when the one before passed. */
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
  if (isJson()) {
    ui.json({ ok: true, command: 'up', exitCode: 0, generate: { out: opts.out, files: gen.changes }, validate: val.checks, deploy: { target: dep.model.target, stackDir: dep.stackDir, ms: dep.ms, components: dep.results } });
  } else printDeploy(dep.results, `deploy: ${dep.model.target === 'local' ? 'local stack' : 'Compose project'} in ${dep.stackDir} (${dep.ms} ms)`);
  return ExitCode.ok;
}
