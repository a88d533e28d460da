import { writeFile } from 'node:fs/promises';
import { ExitCode, MonError } from '../errors.js';
import { importConfigs as runImport } from '../import/index.js';
import { isJson, ui } from '../ui/output.js';
import { printImport } from '../ui/import.js';

export interface ImportCommandOptions {
  out: string;
  project?: string;
  force?: boolean;
}

/** `mon import FILES...`: a spec from existing configs; exit 1 only when nothing could be imported. */
export async function importConfigs(files: string[], opts: ImportCommandOptions): Promise<number> {
  const r = await runImport(files, { project: opts.project, out: opts.out });
  const { services, rules, receivers, dashboards } = r.counts;
  const nothing = services + rules + receivers + dashboards === 0;
  if (!nothing) {
    try {
      await writeFile(opts.out, r.yaml, { flag: opts.force ? 'w' : 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST')
        throw new MonError(
          `${opts.out} exists; refusing to overwrite it`,
          ExitCode.invalid,
          'pass --force, or choose another -o',
        );
      throw e;
    }
  }
  const exit = nothing ? ExitCode.invalid : ExitCode.ok;
  if (isJson())
    ui.json({
      ok: !nothing,
      command: 'import',
      out: nothing ? undefined : opts.out,
      exitCode: exit,
      inputs: r.inputs,
      counts: r.counts,
      groups: r.groups,
      ownJobs: r.ownJobs,
      unmapped: r.notes.filter((n) => n.kind === 'unmapped'),
      adapted: r.notes.filter((n) => n.kind === 'adapted'),
    });
  else printImport(r, nothing ? undefined : opts.out);
  return exit;
}
