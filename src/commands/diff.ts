import { LiveDiffIncomplete } from '../diff/live.js';
import { DIFF_EXIT, diffAnnotations, type DiffOptions, runDiff } from '../diff/index.js';
import { diagnosticAnnotation, formatAnnotation } from '../report/github.js';
import { DiagnosticsError } from '../spec/diagnostics.js';
import { isJson, ui } from '../ui/output.js';
import { printDiff } from '../ui/diff.js';
import { plural } from '../ui/text.js';

export interface DiffCommandOptions extends DiffOptions {
  format?: 'text' | 'github';
}

/** `mon diff`: what generate (or, with --live, deploy) would change; exit 0 none, 2 changes, 1 errors. */
export async function diff(opts: DiffCommandOptions): Promise<number> {
  let run;
  try {
    run = await runDiff(opts);
  } catch (e) {
    if (opts.format === 'github' && e instanceof DiagnosticsError)
      for (const d of e.diagnostics) ui.result(formatAnnotation(diagnosticAnnotation(d)));
    // the stack's files were compared before the live side failed: show them, then the error
    if (e instanceof LiveDiffIncomplete && !isJson() && opts.format !== 'github') printDiff(e.partial);
    throw e;
  }
  const exit = run.changes.length ? DIFF_EXIT.changes : DIFF_EXIT.none;
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'diff',
      live: Boolean(opts.live),
      against: run.against,
      exitCode: exit,
      changes: run.changes,
      warnings: run.prepared.loaded.warnings,
    });
    return exit;
  }
  ui.diagnostics(run.prepared.loaded.warnings);
  if (opts.format === 'github')
    for (const a of diffAnnotations(run, Boolean(opts.live))) ui.result(formatAnnotation(a));
  else printDiff(run.changes);
  const n = (s: string) => run.changes.filter((c) => c.status === s).length;
  const counts = `${n('added')} added, ${n('changed')} changed, ${n('removed')} removed`;
  if (opts.live) {
    if (!run.changes.length) ui.success(`No changes: the stack in ${run.against} runs what the spec generates`);
    else
      ui.info(
        `${plural(run.changes.length, 'difference')} between the stack in ${run.against} and the spec (${counts}): run \`mon deploy\` to apply the spec`,
      );
  } else if (!run.changes.length) ui.success(`No changes: ${run.against} is what the spec generates`);
  else
    ui.info(
      `${plural(run.changes.length, 'file')} would change in ${run.against} (${counts}): run \`mon generate\` to write them`,
    );
  return exit;
}
