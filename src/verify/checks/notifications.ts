import { readFile } from 'node:fs/promises';
import { stackPaths } from '../../deploy/paths.js';
import { http } from '../../net/http.js';
import { counters, increaseSince } from '../../net/metrics.js';
import { usesKind } from '../../receivers/index.js';
import type { CheckResult } from '../../report/checks.js';
import { plural } from '../../ui/text.js';
import { absent, fail, needs, pass, skipReason, type VerifyContext } from '../context.js';

const total = (c: Map<string, number>, base?: Record<string, number>) => increaseSince(c, base);

/** Alertmanager's own words on failed deliveries (msg="Notify for alerts failed" ... err="receiver/integration[i]: ..."), newest last. */
export async function loggedFailures(ctx: VerifyContext, limit = 3): Promise<string[]> {
  if (!ctx.stackDir) return [];
  const text = await readFile(stackPaths(ctx.stackDir).log('alertmanager'), 'utf8').catch(() => '');
  const since = ctx.state?.deployedAt ?? '';
  const lines = text
    .split('\n')
    .filter(
      (l) => /msg="?Notify (for alerts|attempt) failed/.test(l) && (/(?:ts|time)=(\S+)/.exec(l)?.[1] ?? '') >= since,
    );
  // 0.25 logs receiver=... integration=... err=...; later versions put receiver/integration[i] into err
  const errs = lines.map((l) => {
    const err = /err="((?:[^"\\]|\\.)*)"/.exec(l)?.[1]?.replace(/\\"/g, '"') ?? l;
    const who = /receiver=(\S+)/.exec(l)?.[1];
    const via = /integration=(\S+)/.exec(l)?.[1];
    return who && via && !err.startsWith(`${who}/`) ? `${who}/${via}: ${err}` : err;
  });
  return [...new Set(errs)].slice(-limit);
}

/**
 * Notifications really delivered: Alertmanager counts every delivery per integration
 * request (alertmanager_notification_requests_total / _failed_total: every attempt, where
 * alertmanager_notifications_failed_total counts only once the retries give up); a failure since the deploy is red, with
 * Alertmanager's error. A DingTalk receiver whose bridge is not running cannot deliver at all.
 */
export async function notificationChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  if (!ctx.model.alertmanager.enabled) return [];
  const out: CheckResult[] = [];
  const id = 'alertmanager.notifications';
  const name = 'notifications delivered since the deploy, none failed';
  out.push(
    await needs(ctx, 'alertmanager', id, name, async (url) => {
      const r = await http(`${url}/metrics`, { auth: ctx.endpoints.auth });
      if (!r.ok) return fail(`${url}/metrics: ${r.error ?? `HTTP ${r.status}`}`);
      const base = ctx.state?.components.alertmanager?.baseline;
      const sent = total(counters(r.text, 'alertmanager_notification_requests_total'), base?.sent);
      const failed = counters(r.text, 'alertmanager_notification_requests_failed_total');
      const lost = total(failed, base?.failed);
      if (!lost) return pass(`${plural(sent, 'notification')} sent since the deploy, none failed`);
      const by = [...failed]
        .filter(([k, v]) => v - (base?.failed?.[k] ?? 0) > 0)
        .map(([k, v]) => `${k} ${v - (base?.failed?.[k] ?? 0)}`);
      const words = await loggedFailures(ctx);
      return fail(
        [
          `${lost} delivery attempts failed since the deploy (${plural(sent, 'notification')} sent): ${by.join(', ')}`,
          ...words.map((w) => `alertmanager: ${w}`),
        ].join('\n'),
      );
    }),
  );
  const bridged = ctx.model.alertmanager.receivers.filter((x) => usesKind(x, 'dingtalk'));
  if (bridged.length && !ctx.endpoints.urls.dingtalk) {
    const check = 'notifications.dingtalk';
    const title = 'DingTalk receivers have their bridge';
    const skip = skipReason(ctx, 'dingtalk');
    out.push(
      skip
        ? {
            id: check,
            name: title,
            status: 'skip',
            durationMs: 0,
            details: `${skip}: notifications to ${bridged.map((x) => x.name).join(', ')} cannot be delivered`,
          }
        : {
            ...absent(ctx, 'dingtalk', check, title),
            details: `notifications to ${bridged.map((x) => x.name).join(', ')} cannot be delivered: the DingTalk bridge is not running (${ctx.endpoints.absent.dingtalk ?? 'not deployed'})`,
          },
    );
  }
  return out;
}
