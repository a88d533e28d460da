import { writeFile as fsWriteFile } from 'node:fs/promises';

/**
 * `writeFile` whose error names the file: Node leaves `path` out of a failed write(2) (ENOSPC,
 * EDQUOT come from the write, not the open), and the one error boundary (src/main.ts) needs it
 * to say which path could not be written.
 */
export async function writeFile(...args: Parameters<typeof fsWriteFile>): Promise<void> {
  try {
    await fsWriteFile(...args);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code && !err.path && typeof args[0] === 'string') err.path = args[0];
    throw err;
  }
}
