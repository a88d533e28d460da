import { componentLog, stackDown, stackStatus } from '../deploy/lifecycle.js';
import { readSpecFile } from '../io/read-spec.js';
import { DEFAULT_STACK_DIR } from '../model/conventions.js';
import { printDeploy, printStatus } from '../ui/deploy.js';
import { isJson, ui } from '../ui/output.js';

export interface StackOptions {
  file: string;
  stackDir?: string;
}

/** The stack directory: --stack-dir, else the spec's deploy.dir (when the spec is there), else the default. */
async function stackDirOf(opts: StackOptions): Promise<string> {
  if (opts.stackDir) return opts.stackDir;
  const text = await readSpecFile(opts.file).catch(() => undefined);
  const dir = text ? /^deploy:\s*\n(?:[ \t]+.*\n)*?[ \t]+dir:\s*["']?([^"'\s#]+)/m.exec(text)?.[1] : undefined;
  return dir ?? DEFAULT_STACK_DIR;
}

export async function status(opts: StackOptions): Promise<number> {
  const dir = await stackDirOf(opts);
  const list = await stackStatus(dir);
  if (isJson()) ui.json({ ok: true, command: 'status', stackDir: dir, deployed: list !== undefined, components: list ?? [] });
  else if (!list) ui.info(`nothing is deployed in ${dir}`);
  else printStatus(list);
  return 0;
}

export async function down(opts: StackOptions): Promise<number> {
  const dir = await stackDirOf(opts);
  const results = await stackDown(dir);
  if (isJson()) ui.json({ ok: true, command: 'down', stackDir: dir, components: results });
  else if (!results.length) ui.info(`nothing is running in ${dir}`);
  else printDeploy(results, `stopped the stack in ${dir}`);
  return 0;
}

export async function logs(component: string, opts: StackOptions & { lines: string }): Promise<number> {
  ui.result(await componentLog(await stackDirOf(opts), component, Number(opts.lines) || 50));
  return 0;
}
