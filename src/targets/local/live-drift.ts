import { posix } from 'node:path';
import { files } from '../../model/conventions.js';
import type { Prepared } from '../types.js';
import {
  alertmanagerConfigDiff,
  prometheusConfigDiff,
  prometheusFlagsDiff,
  rulesDiff,
} from '../../verify/drift/live.js';
import { alertmanagerFlagsDiff } from '../../verify/drift/alertmanager-flags.js';
import type { ComponentPlan } from './plans.js';
import { processLayout } from './layout.js';

/** What a running component whose files are unchanged must do because it runs something else. */
export interface LiveRepair {
  action: 'reloaded' | 'restarted';
  reason: string;
}

const summary = (what: string, diff: string[]) =>
  `${what}: ${diff[0]}${diff.length > 1 ? ` (and ${diff.length - 1} more)` : ''}`;

/**
 * Live-only drift of a running component (its files on disk already match the spec): the same
 * comparisons as `mon verify`'s drift checks (src/verify/drift/live.ts). Flags that differ need a
 * restart; a config or rules that differ need a reload. Unreadable live state is not drift here:
 * verify reports it.
 */
export async function liveRepair(
  plan: ComponentPlan,
  p: Prepared,
  stack: string,
  pid?: number,
): Promise<LiveRepair | undefined> {
  const url = new URL(plan.readyUrl).origin;
  const text = (path: string) => p.artifacts.find((a) => a.path === path)?.content;
  if (plan.name === 'prometheus') {
    const flags = await prometheusFlagsDiff(url, plan.args, { paths: true });
    if (flags.diff?.length) return { action: 'restarted', reason: summary('its runtime flags differ', flags.diff) };
    const conf = text(files.prometheusConfig);
    const base = posix.dirname(processLayout('prometheus', stack).config(files.prometheusConfig));
    const c = conf ? await prometheusConfigDiff(url, conf, base) : {};
    if (c.diff?.length)
      return { action: 'reloaded', reason: summary('its live config differs from its files', c.diff) };
    const r = await rulesDiff(url, p.model);
    const rules = [...(r.missing ?? []).map((g) => `group ${g}: not loaded`), ...(r.diff ?? [])];
    if (rules.length) return { action: 'reloaded', reason: summary('its live rules differ from their files', rules) };
  }
  if (plan.name === 'alertmanager') {
    const flags = await alertmanagerFlagsDiff(url, plan.args, { pid });
    if (flags.diff?.length) return { action: 'restarted', reason: summary('its runtime flags differ', flags.diff) };
    const conf = text(files.alertmanagerConfig);
    const c = conf ? await alertmanagerConfigDiff(url, conf) : {};
    if (c.diff?.length)
      return { action: 'reloaded', reason: summary('its live config differs from its files', c.diff) };
  }
  return undefined;
}
