import { stackDirOf } from '../deploy/stack-dir.js';
import { ExitCode, MonError } from '../errors.js';
import { junitXml } from '../report/junit.js';
import { printChecks } from '../ui/checks.js';
import { isJson, ui } from '../ui/output.js';
import { notifyTest } from '../verify/notify-test.js';
import { verifyContext } from '../verify/run.js';
import { writeFile } from 'node:fs/promises';

export interface NotifyOptions {
  file: string;
  stackDir?: string;
  junit?: string;
}

/** `mon notify test RECEIVER`: one test notification to one receiver of the deployed stack. */
export async function notify(receiver: string, opts: NotifyOptions): Promise<number> {
  const stackDir = await stackDirOf(opts.file, opts.stackDir);
  const ctx = await verifyContext({ file: opts.file, stackDir });
  const names = ctx.model.alertmanager.receivers.map((r) => r.name);
  if (!names.includes(receiver))
    throw new MonError(`no receiver "${receiver}" in ${opts.file}`, ExitCode.usage, `receivers: ${names.join(', ')}`);
  const check = await ui.spin(`sending a test notification to ${receiver}`, () => notifyTest(ctx, receiver));
  const exit = check.status === 'pass' ? ExitCode.ok : ExitCode.verifyFailed;
  if (opts.junit) await writeFile(opts.junit, junitXml([{ name: 'mon notify test', checks: [check] }]));
  if (isJson()) ui.json({ ok: exit === 0, command: 'notify test', exitCode: exit, checks: [check] });
  else printChecks([check]);
  return exit;
}
