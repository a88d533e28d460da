import { createHash } from 'node:crypto';
import { files } from '../model/conventions.js';
import { toJson } from './serialize.js';
import type { Artifact } from './types.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface Manifest {
  generator: 'mon';
  version: string;
  spec: { file: string; sha256: string };
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

/** The manifest names mon as the owner of the tree, the spec it came from and every file's hash. */
export function withManifest(artifacts: Artifact[], specName: string, specSource: string, version: string): Artifact[] {
  const manifest: Manifest = {
    generator: 'mon',
    version,
    spec: { file: specName, sha256: sha256(specSource) },
    files: artifacts.map((a) => ({ path: a.path, sha256: sha256(a.content), bytes: Buffer.byteLength(a.content) })),
  };
  return [...artifacts, { path: files.manifest, content: toJson(manifest) }];
}

export function isManifest(value: unknown): value is Manifest {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Manifest).generator === 'mon' &&
    Array.isArray((value as Manifest).files)
  );
}
