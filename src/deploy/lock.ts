import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, MonError } from '../errors.js';
import { isAlive } from '../tools/process.js';
import { stackPaths } from './paths.js';

const LOCK = 'deploy.lock';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One mon at a time changes a stack directory: `mon deploy`, `up` and `down` hold this lock
 * (a file created exclusively, holding the holder's pid). A second one waits up to `waitMs`, then
 * refuses (exit 1) naming the holder; a lock whose holder is gone is taken over.
 */
export async function withStackLock<T>(
  stackDir: string,
  what: string,
  work: () => Promise<T>,
  waitMs = 60_000,
): Promise<T> {
  const root = stackPaths(stackDir).root;
  await mkdir(root, { recursive: true });
  const path = join(root, LOCK);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o600);
      try {
        await fh.writeFile(`${process.pid}\n`);
      } catch (e) {
        await fh.close();
        await rm(path, { force: true }); // a lock without its holder's pid would hold the next deploy off
        throw Object.assign(e as NodeJS.ErrnoException, { path });
      }
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (!holder || !isAlive(holder)) {
        await rm(path, { force: true }); // its holder died (killed mid-deploy): the next deploy converges
        continue;
      }
      if (Date.now() > deadline) {
        throw new MonError(
          `another mon (pid ${holder}) is changing the stack in ${root}`,
          ExitCode.invalid,
          `wait for it to finish and run \`mon ${what}\` again; nothing was changed`,
        );
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
