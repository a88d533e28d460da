import { readFile, rm } from 'node:fs/promises';
import type { ComponentName } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import type { ComponentState } from '../../deploy/state.js';
import { isOurs } from '../../tools/process.js';

interface Entry {
  name: ComponentName;
  pid: number;
  binary: string;
  args: string[];
  readyUrl: string;
}

/**
 * The processes a deploy started but did not get to write into the state (it was killed): each
 * still ours is taken as running, so the next deploy converges on it instead of finding its
 * port "in use by another process". A line cut short by the kill is ignored.
 */
export async function journaled(stackDir: string): Promise<Map<ComponentName, ComponentState>> {
  const text = await readFile(stackPaths(stackDir).journal, 'utf8').catch(() => '');
  const out = new Map<ComponentName, ComponentState>();
  for (const line of text.split('\n')) {
    let e: Entry;
    try {
      e = JSON.parse(line) as Entry;
    } catch {
      continue;
    }
    if (isOurs(e.pid, e.binary, stackPaths(stackDir).root, e.name)) {
      out.set(e.name, {
        status: 'running',
        pid: e.pid,
        binary: e.binary,
        args: e.args,
        readyUrl: e.readyUrl,
        port: Number(new URL(e.readyUrl).port),
      });
    }
  }
  return out;
}

/** The state now holds every process: the journal starts again. */
export const clearJournal = (stackDir: string) => rm(stackPaths(stackDir).journal, { force: true });
