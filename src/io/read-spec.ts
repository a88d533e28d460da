import { readFile, stat } from 'node:fs/promises';
import { ExitCode, MonError } from '../errors.js';
import { DiagnosticsError } from '../spec/diagnostics.js';

/** Specs are small; anything bigger is almost certainly the wrong file. */
export const MAX_SPEC_BYTES = 5 * 1024 * 1024;

function fail(file: string, message: string, hint?: string): never {
  const err = new DiagnosticsError(
    [{ severity: 'error', file, message, hint }],
    `cannot read ${file}; nothing was written`,
  );
  throw err;
}

/** Reads the spec file as UTF-8 text, refusing what cannot be a spec (with a message saying why). */
export async function readSpecFile(file: string): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(file, 'file not found', 'create one with `mon init`, or pass the right path with -f');
    if (code === 'EACCES') fail(file, 'permission denied', 'make the file readable by this user');
    throw new MonError(`${file}: ${(e as Error).message}`, ExitCode.invalid);
  }
  if (info.isDirectory())
    fail(
      file,
      'is a directory, not a spec file',
      `pass the spec inside it, e.g. -f ${file.replace(/\/$/, '')}/monitoring.yaml`,
    );
  if (!info.isFile()) fail(file, 'is not a regular file');
  if (info.size > MAX_SPEC_BYTES) {
    fail(
      file,
      `is ${(info.size / 1048576).toFixed(1)} MiB; a spec may be at most ${MAX_SPEC_BYTES / 1048576} MiB`,
      'check that -f names your monitoring.yaml',
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') fail(file, 'permission denied', 'make the file readable by this user');
    throw e;
  }
  if (bytes.includes(0))
    fail(file, 'is a binary file (it contains NUL bytes), not YAML', 'check that -f names your monitoring.yaml');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(file, 'is not valid UTF-8 text', 'save the spec as UTF-8');
  }
  return text.replace(/^\uFEFF/, '');
}
