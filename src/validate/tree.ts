import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Artifact } from '../artifacts/types.js';
import { writeTree } from '../artifacts/write.js';

/** Writes the artifacts to a private temporary tree for the external tools, and removes it after. */
export async function withWrittenTree<T>(artifacts: Artifact[], work: (dir: string) => Promise<T>): Promise<T> {
  const base = await mkdtemp(join(tmpdir(), 'mon-check-'));
  try {
    const dir = join(base, 'out');
    await writeTree(dir, artifacts);
    return await work(dir);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
