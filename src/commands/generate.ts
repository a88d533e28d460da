import { planTree, writeTree } from '../artifacts/write.js';
import type { Target } from '../model/placement.js';
import { prepare } from '../pipeline.js';
import type { Prepared } from '../targets/types.js';
import { isJson, ui } from '../ui/output.js';
import { plural } from '../ui/text.js';

export interface GenerateOptions {
  file: string;
  out: string;
  dryRun?: boolean;
  target?: Target;
}

/** Renders and writes (or plans) the tree, without printing. */
export async function runGenerate(opts: GenerateOptions, prepared?: Prepared) {
  const p = prepared ?? (await prepare(opts.file, opts.target));
  const changes = opts.dryRun ? await planTree(opts.out, p.artifacts) : await writeTree(opts.out, p.artifacts);
  return { ...p, changes };
}

export async function generate(opts: GenerateOptions): Promise<number> {
  const { loaded, model, artifacts, changes } = await runGenerate(opts);
  ui.diagnostics(loaded.warnings);
  const count = (s: string) => changes.filter((c) => c.status === s).length;
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'generate',
      out: opts.out,
      dryRun: Boolean(opts.dryRun),
      files: changes,
      warnings: loaded.warnings,
    });
    return 0;
  }
  for (const c of changes) ui.result(`${c.status.padEnd(9)} ${opts.out}/${c.path}`);
  const summary = ['added', 'changed', 'unchanged', 'removed'].map((s) => `${count(s)} ${s}`).join(', ');
  const rules = model.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
  ui.success(
    `${opts.dryRun ? 'Would write' : 'Wrote'} ${plural(artifacts.length, 'file')} to ${opts.out} (${summary}): ${plural(model.jobs.length, 'scrape job')}, ${plural(rules, 'rule')} in ${plural(model.ruleGroups.length, 'group')}`,
  );
  return 0;
}
