import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { writeFile } from '../io/write-file.js';
import { dirname, join } from 'node:path';
import type { SecretFile } from './resolve.js';

/** Writes resolved secrets under the stack directory: mode 0600, each file replaced atomically. */
export async function writeSecretFiles(stackDir: string, files: SecretFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    const target = join(stackDir, f.path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, f.content, { mode: 0o600 });
    await chmod(tmp, 0o600); // whatever the umask
    await rename(tmp, target);
    written.push(target);
  }
  return written;
}
