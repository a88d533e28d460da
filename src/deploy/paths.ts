import { join, resolve } from 'node:path';

/** The stack directory's layout: the active config tree, data, logs, and mon's own state. */
export const stackPaths = (dir: string) => {
  const stack = resolve(dir); // processes run elsewhere: every path they get is absolute
  return {
    config: join(stack, 'config'),
    next: join(stack, 'config.next'),
    prev: join(stack, 'config.prev'),
    data: (c: string) => join(stack, 'data', c),
    log: (c: string) => join(stack, 'logs', `${c}.log`),
    state: join(stack, 'state.json'),
    /** every process started since the state was last written, one JSON line each */
    journal: join(stack, 'journal.jsonl'),
    root: stack,
  };
};
