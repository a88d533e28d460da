import { componentLog, stackDown, stackStatus } from '../deploy/lifecycle.js';
import { withStackLock } from '../deploy/lock.js';
import { stackDirOf } from '../deploy/stack-dir.js';
import { printDeploy, printStatus } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';

export interface StackOptions {
  file: string;
  stackDir?: string;
}

const dirOf = (opts: StackOptions) => stackDirOf(opts.file, opts.stackDir);

export async function status(opts: StackOptions): Promise<number> {
  const dir = await dirOf(opts);
  const list = await stackStatus(dir);
  if (isJson())
    ui.json({ ok: true, command: 'status', stackDir: dir, deployed: list !== undefined, components: list ?? [] });
  else if (!list) ui.info(`nothing is deployed in ${dir}`);
  else printStatus(list);
  return 0;
}

export async function down(opts: StackOptions): Promise<number> {
  const dir = await dirOf(opts);
  const results = await withStackLock(dir, 'down', () => stackDown(dir));
  if (isJson()) ui.json({ ok: true, command: 'down', stackDir: dir, components: results });
  else if (!results.length) ui.info(`nothing is running in ${dir}`);
  else printDeploy(results, `stopped the stack in ${dir}`);
  return 0;
}

export async function logs(component: string, opts: StackOptions & { lines: string }): Promise<number> {
  ui.result(await componentLog(await dirOf(opts), component, Number(opts.lines) || 50));
  return 0;
}
