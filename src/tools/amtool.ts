import { requireBinary } from './binaries.js';
import { run } from './exec.js';
import type { ToolCheck } from './promtool.js';

async function amtool(args: string[], cwd: string): Promise<ToolCheck> {
  const r = await run(requireBinary('amtool'), args, { cwd });
  // amtool warns that --config.file overrides --alertmanager.url on every offline call: noise
  const stderr = r.stderr.replace(/^Warning: --config.file flag overrides the --alertmanager.url.\n?/gm, '');
  return { ...r, stderr, command: `amtool ${args.join(' ')}`, ok: r.exitCode === 0 };
}

export const checkAmConfig = (file: string, cwd: string) => amtool(['check-config', file], cwd);

const labelArgs = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/** The receivers an alert with these labels reaches, as amtool computes them (match order). */
export async function routesTest(file: string, labels: Record<string, string>, cwd: string): Promise<string[]> {
  const r = await amtool(['config', 'routes', 'test', `--config.file=${file}`, ...labelArgs(labels)], cwd);
  if (!r.ok) throw new Error(`${r.command} failed: ${r.stderr.trim()}`);
  return r.stdout
    .trim()
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `amtool config routes test --verify.receivers`: exit 0 when exactly these receivers, in order. */
export const verifyRoutes = (file: string, labels: Record<string, string>, receivers: string[], cwd: string) =>
  amtool(
    [
      'config',
      'routes',
      'test',
      `--config.file=${file}`,
      `--verify.receivers=${receivers.join(',')}`,
      ...labelArgs(labels),
    ],
    cwd,
  );

/** `amtool template render` (Alertmanager >= 0.25): one template text over amtool's own example data. */
export const renderTemplate = (glob: string, text: string, cwd: string) =>
  amtool(['template', 'render', `--template.glob=${glob}`, `--template.text=${text}`], cwd);
