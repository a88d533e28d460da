import { stackPaths } from '../deploy/paths.js';
import { readState } from '../deploy/state.js';
import { ExitCode, MonError } from '../errors.js';
import type { Target } from '../model/placement.js';
import { prepare } from '../pipeline.js';
import { type Annotation, diagnosticAnnotation } from '../report/github.js';
import { runtimeOf, TARGETS } from '../targets/index.js';
import type { LiveDiff } from '../targets/live-diff.js';
import type { Prepared } from '../targets/types.js';
import { diffTree } from './files.js';
import { firstChangedLine } from './unified.js';

export interface DiffOptions {
  file: string;
  out: string;
  target?: Target;
  /** against the deployed stack instead of the output directory */
  live?: boolean;
  stackDir?: string;
}

export interface DiffRun {
  prepared: Prepared;
  /** what is compared: the output directory, or the stack directory and its live configs */
  against: string;
  changes: LiveDiff[];
}

/** Exit codes of `mon diff` (Terraform's -detailed-exitcode): 0 nothing to change, 2 changes, 1 errors. */
export const DIFF_EXIT = { none: ExitCode.ok, changes: 2, error: ExitCode.invalid } as const;

/** Everything `mon diff` compares, without printing or writing. */
export async function runDiff(opts: DiffOptions, prepared?: Prepared): Promise<DiffRun> {
  let p = prepared ?? (await prepare(opts.file, opts.target));
  if (!opts.live) return { prepared: p, against: opts.out, changes: await diffTree(opts.out, p.artifacts, opts.out) };
  const stackDir = opts.stackDir ?? p.model.deploy.dir;
  // the stack was deployed to a target: without -t, the files are generated for that one (as verify does)
  const state = opts.target ? undefined : await readState(stackPaths(stackDir).state);
  if (state && state.target !== p.model.target) p = await prepare(opts.file, state.target);
  const runtime = await runtimeOf(p.model.target);
  if (!runtime.diffLive)
    throw new MonError(
      `mon diff --live is not available for the ${TARGETS[p.model.target].title}`,
      ExitCode.invalid,
      'drop --live to compare with the output directory',
    );
  return { prepared: p, against: stackDir, changes: await runtime.diffLive(p, { stackDir }) };
}

/** The path of a change as a file in the repository, when it is one (a live resource is not). */
const fileOf = (run: DiffRun, c: LiveDiff) => (c.path.startsWith('live/') ? undefined : `${run.against}/${c.path}`);

/** `--format github`: a warning per file a generate or deploy would change, at its first changed line. */
export function diffAnnotations(run: DiffRun, live: boolean): Annotation[] {
  const verb = live ? 'mon deploy' : 'mon generate';
  const out: Annotation[] = run.prepared.loaded.warnings.map(diagnosticAnnotation);
  for (const c of run.changes) {
    const file = fileOf(run, c);
    const plus = c.diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
    const minus = c.diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
    const what =
      c.status === 'added' ? 'would add this file' : c.status === 'removed' ? 'would remove this file' : 'would change';
    out.push({
      level: 'warning',
      ...(file ? { file } : {}),
      ...(file && c.status === 'changed' ? { line: firstChangedLine(c.diff) } : {}),
      title: `${verb} ${what}`,
      message: `${verb} ${what}${file ? '' : ` ${c.path}`} (+${plus} -${minus} lines)`,
    });
  }
  return out;
}
