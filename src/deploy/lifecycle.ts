import { readFile } from 'node:fs/promises';
import { COMPONENT_NAMES } from '../components/index.js';
import { ExitCode, MonError } from '../errors.js';
import { runtimeOf } from '../targets/index.js';
import type { ComponentResult, ComponentStatus } from '../targets/types.js';
import { stackPaths } from './paths.js';
import { readState } from './state.js';

const byTable = <T extends { name: string }>(list: T[]) =>
  list.sort((a, b) => COMPONENT_NAMES.indexOf(a.name as never) - COMPONENT_NAMES.indexOf(b.name as never));

/** What is running now, as the target that deployed it says. */
export async function stackStatus(dir: string): Promise<ComponentStatus[] | undefined> {
  const stackDir = stackPaths(dir).root;
  const state = await readState(stackPaths(stackDir).state);
  if (!state) {
    // no state (never written, or truncated or garbage): the local processes are found by their marker
    const strays = (await import('../targets/local/runtime.js')).strayStatuses(stackDir);
    return strays.length ? byTable(strays) : undefined;
  }
  return byTable(await (await runtimeOf(state.target)).status(stackDir, state));
}

/** Stops every component mon started; idempotent. */
export async function stackDown(dir: string): Promise<ComponentResult[]> {
  const stackDir = stackPaths(dir).root;
  const state = await readState(stackPaths(stackDir).state);
  // no state (never written, or truncated or garbage): the local processes are found by their marker
  if (!state) return (await import('../targets/local/runtime.js')).stopStrays(stackDir);
  return (await runtimeOf(state.target)).down(stackDir, state);
}

export async function componentLog(stackDir: string, name: string, lines: number): Promise<string> {
  const state = await readState(stackPaths(stackDir).state);
  const known = byTable(Object.keys(state?.components ?? {}).map((n) => ({ name: n }))).map((c) => c.name);
  if (!known.includes(name)) {
    throw new MonError(
      `no component "${name}" in the stack at ${stackDir}`,
      ExitCode.invalid,
      known.length ? `components: ${known.join(', ')}` : 'nothing is deployed there: run `mon deploy`',
    );
  }
  const text = await readFile(stackPaths(stackDir).log(name), 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
