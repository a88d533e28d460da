import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alertmanagerGenerator } from '../generators/alertmanager/config.js';
import { files } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import { http } from '../net/http.js';
import { counters } from '../net/metrics.js';
import { reload } from '../net/reload.js';
import { RECEIVER_KINDS, usesKind } from '../receivers/index.js';
import { type CheckResult, timed } from '../report/checks.js';
import type { VerifyContext } from './context.js';

const LABEL = 'mon_notify_test';
const sum = (c: Map<string, number>, integrations: readonly string[]) =>
  [...c].filter(([k]) => integrations.some((i) => k.includes(`integration="${i}"`))).reduce((n, [, v]) => n + v, 0);

/** The model with one more route, first and without `continue`: the test alert goes to `receiver` only. */
const withTestRoute = (model: Model, receiver: string, id: string): Model => ({
  ...model,
  alertmanager: {
    ...model.alertmanager,
    route: {
      ...model.alertmanager.route,
      routes: [
        {
          receiver,
          matchers: [{ name: LABEL, op: '=', value: id }],
          groupWait: '0s',
          groupInterval: '1s',
          repeatInterval: '1h',
          continue: false,
          muteTimeIntervals: [],
          activeTimeIntervals: [],
          routes: [],
          source: [],
        },
        ...model.alertmanager.route.routes,
      ],
    },
  },
});

/**
 * `mon notify test RECEIVER`: one test alert to one receiver of the deployed stack, through a
 * temporary route (prometheus/alertmanager#2845 asks for this in Alertmanager itself). Delivered
 * means Alertmanager counted a delivery request and no failed one for that receiver's integrations
 * (alertmanager_notification_requests_total / _failed_total count every attempt, on 0.25 and 0.35 alike);
 * afterwards the alert is resolved and the route removed.
 */
export async function notifyTest(ctx: VerifyContext, receiver: string, timeoutMs = 30_000): Promise<CheckResult> {
  return timed(`notify.${receiver}`, `a test notification reaches receiver ${receiver}`, async () => {
    const am = ctx.endpoints.urls.alertmanager;
    if (!am || !ctx.configDir)
      return { status: 'fail', details: `alertmanager: ${ctx.endpoints.absent.alertmanager ?? 'not deployed here'}` };
    const r = ctx.model.alertmanager.receivers.find((x) => x.name === receiver)!;
    // the bridge posts to DingTalk through a webhook; every other kind is its own integration
    const integrations = RECEIVER_KINDS.filter((k) => usesKind(r, k)).map((k) => (k === 'dingtalk' ? 'webhook' : k));
    const auth = ctx.endpoints.auth;
    const file = join(ctx.configDir, files.alertmanagerConfig);
    const saved = await readFile(file, 'utf8');
    const id = randomBytes(6).toString('hex');
    const metrics = async () => {
      const m = await http(`${am}/metrics`, { auth });
      return {
        sent: sum(counters(m.text, 'alertmanager_notification_requests_total'), integrations),
        failed: sum(counters(m.text, 'alertmanager_notification_requests_failed_total'), integrations),
      };
    };
    const labels = { alertname: 'MonNotificationTest', [LABEL]: id, severity: 'info' };
    const post = (endsAt?: string) =>
      http(`${am}/api/v2/alerts`, {
        method: 'POST',
        auth,
        contentType: 'application/json',
        body: JSON.stringify([
          {
            labels,
            annotations: { summary: 'mon notify test: not a real alert' },
            startsAt: new Date().toISOString(),
            ...(endsAt ? { endsAt } : {}),
          },
        ]),
      });
    const before = await metrics();
    let outcome: Omit<CheckResult, 'id' | 'name' | 'durationMs'> = {
      status: 'fail',
      details: 'no notification counted',
    };
    try {
      for (const a of await alertmanagerGenerator.generate(withTestRoute(ctx.model, receiver, id)))
        await writeFile(join(ctx.configDir, a.path), a.content);
      const loaded = await reload(`${am}/-/reload`, auth);
      if (!loaded.ok) return { status: 'fail', details: `Alertmanager refused the test route: ${loaded.message}` };
      const sent = Date.now();
      if (!(await post()).ok) return { status: 'fail', details: 'Alertmanager refused the test alert' };
      while (Date.now() - sent < timeoutMs) {
        const now = await metrics();
        if (now.failed > before.failed) {
          outcome = {
            status: 'fail',
            details: `${receiver}: ${now.failed - before.failed} delivery attempts failed (${integrations.join(', ')}); see \`mon logs alertmanager\``,
          };
          break;
        }
        if (now.sent > before.sent) {
          // Alertmanager counts an attempt before it knows the outcome: a failure follows within its first try
          const at = Date.now() - sent;
          await new Promise((res) => setTimeout(res, 1500));
          const settled = await metrics();
          outcome =
            settled.failed > before.failed
              ? {
                  status: 'fail',
                  details: `${receiver}: ${settled.failed - before.failed} delivery attempts failed (${integrations.join(', ')}); see \`mon logs alertmanager\``,
                }
              : {
                  status: 'pass',
                  details: `delivered by ${integrations.join(', ')} ${at} ms after the alert was sent`,
                };
          break;
        }
        await new Promise((res) => setTimeout(res, 250));
      }
    } finally {
      await post(new Date().toISOString());
      await writeFile(file, saved);
      await reload(`${am}/-/reload`, auth);
    }
    return outcome;
  });
}
