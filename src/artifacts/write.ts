import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { writeFile } from '../io/write-file.js';
import { basename, dirname, join, relative } from 'node:path';
import { ExitCode, MonError } from '../errors.js';
import { files } from '../model/conventions.js';
import { isManifest } from './manifest.js';
import type { Artifact } from './types.js';

export type FileStatus = 'added' | 'changed' | 'unchanged' | 'removed';
export interface FileChange {
  path: string;
  status: FileStatus;
  bytes: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(relative(base, full).split('\\').join('/'));
  }
  return out.sort();
}

/**
 * The output directory belongs to mon: it must not exist, be empty, or hold a mon manifest.
 * This keeps `--out .` from replacing a directory of the user's.
 */
export async function assertOwned(outDir: string): Promise<void> {
  if (!(await exists(outDir))) return;
  const info = await stat(outDir);
  if (!info.isDirectory())
    throw new MonError(`${outDir} exists and is not a directory`, ExitCode.invalid, 'choose another --out');
  const entries = await readdir(outDir);
  if (entries.length === 0) return;
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(outDir, files.manifest), 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (!isManifest(manifest)) {
    throw new MonError(
      `${outDir} is not empty and was not written by mon (no ${files.manifest} of mon's); refusing to replace it`,
      ExitCode.invalid,
      'choose another --out, or empty that directory',
    );
  }
}

/** What writing these artifacts would change in outDir (for --dry-run and summaries). */
export async function planTree(outDir: string, artifacts: Artifact[]): Promise<FileChange[]> {
  const old = (await exists(outDir)) && (await stat(outDir)).isDirectory() ? await listFiles(outDir) : [];
  const changes: FileChange[] = [];
  for (const a of artifacts) {
    const bytes = Buffer.byteLength(a.content);
    if (!old.includes(a.path)) changes.push({ path: a.path, status: 'added', bytes });
    else {
      const current = await readFile(join(outDir, a.path), 'utf8');
      changes.push({ path: a.path, status: current === a.content ? 'unchanged' : 'changed', bytes });
    }
  }
  const fresh = new Set(artifacts.map((a) => a.path));
  for (const path of old) if (!fresh.has(path)) changes.push({ path, status: 'removed', bytes: 0 });
  return changes.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Writes the whole tree or nothing: files go to a temporary sibling directory, which then
 * replaces outDir by rename. On any failure outDir is left exactly as it was.
 */
export async function writeTree(outDir: string, artifacts: Artifact[]): Promise<FileChange[]> {
  await assertOwned(outDir);
  const changes = await planTree(outDir, artifacts);
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(parent, `.${basename(outDir)}.tmp-${tag}`);
  const old = join(parent, `.${basename(outDir)}.old-${tag}`);
  try {
    for (const a of artifacts) {
      const target = join(tmp, a.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, a.content, { mode: 0o644 });
    }
    const hadOld = await exists(outDir);
    if (hadOld) await rename(outDir, old);
    try {
      await rename(tmp, outDir);
    } catch (e) {
      if (hadOld) await rename(old, outDir);
      throw e;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return changes;
}
