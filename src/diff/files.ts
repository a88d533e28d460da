import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertOwned, planTree } from '../artifacts/write.js';
import type { Artifact } from '../artifacts/types.js';
import type { LiveDiff } from '../targets/live-diff.js';
import { unifiedDiff } from './unified.js';

/** One file `mon generate` would change: its status and the unified diff, current (---) to generated (+++). */
export type FileDiff = LiveDiff;

/**
 * What writing `artifacts` into `dir` would change, file by file, with the content each would
 * get (the artifacts are the generators' output as the atomic writer writes it, byte for byte).
 * `label` names the directory in the diff headers. Writes nothing.
 */
export async function diffTree(dir: string, artifacts: readonly Artifact[], label = dir): Promise<FileDiff[]> {
  // a directory generate would refuse to replace is an error here too
  await assertOwned(dir);
  const changes = await planTree(dir, [...artifacts]);
  const content = new Map(artifacts.map((a) => [a.path, a.content]));
  const out: FileDiff[] = [];
  for (const c of changes) {
    if (c.status === 'unchanged') continue;
    const before = c.status === 'added' ? undefined : await readFile(join(dir, c.path), 'utf8');
    const after = c.status === 'removed' ? undefined : content.get(c.path);
    const name = `${label}/${c.path}`;
    out.push({ path: c.path, status: c.status, diff: unifiedDiff(name, name, before, after) });
  }
  return out;
}
