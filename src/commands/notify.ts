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

export interface PreviewOptions {
  file: string;
  alert?: string;
}

/** `mon notify preview [--alert NAME]`: every receiver's message for one generated alert, rendered by a real Alertmanager. */
export async function notifyPreview(opts: PreviewOptions): Promise<number> {
  const { prepare } = await import('../pipeline.js');
  const { preview } = await import('../notify/preview.js');
  const p = await prepare(opts.file);
  const r = await ui.spin("rendering every receiver's message in a real Alertmanager", () => preview(p, opts.alert));
  if (isJson()) {
    ui.json({ ok: true, command: 'notify preview', ...r });
    return ExitCode.ok;
  }
  ui.result(`${r.alert} ${JSON.stringify(r.labels)}, rendered by ${r.alertmanager}`);
  for (const m of r.messages) {
    ui.result('');
    ui.result(`${m.receiver} (${m.kind})${m.note ? ` - ${m.note}` : ''}`);
    for (const [k, v] of Object.entries(m.fields)) ui.result(`  ${k}: ${v.replace(/\n/g, '\n    ')}`);
  }
  if (r.notPreviewed.length)
    ui.result(`\nnot previewed (kinds other than e-mail, Slack, webhook, DingTalk): ${r.notPreviewed.join(', ')}`);
  return ExitCode.ok;
}
