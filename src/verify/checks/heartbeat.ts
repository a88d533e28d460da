import { parse as parseYaml } from 'yaml';
import { files, heartbeat } from '../../model/conventions.js';
import { getJson, http } from '../../net/http.js';
import { counters, increaseSince } from '../../net/metrics.js';
import type { CheckResult } from '../../report/checks.js';
import { plural } from '../../ui/text.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { loggedFailures } from './notifications.js';

const matcher = `${heartbeat.label}="true"`;

/** The integrations (webhook, email, slack, ...) of one receiver, as the generated alertmanager.yml has them. */
function integrationsOf(ctx: VerifyContext, receiver: string): string[] {
  const text = ctx.artifacts.find((a) => a.path === files.alertmanagerConfig)?.content;
  const conf = text ? (parseYaml(text) as { receivers?: Array<Record<string, unknown>> }) : {};
  const r = conf.receivers?.find((x) => x.name === receiver) ?? {};
  return Object.keys(r)
    .filter((k) => k.endsWith('_configs'))
    .map((k) => k.slice(0, -'_configs'.length));
}

/**
 * The heartbeat (notifications.heartbeat): the Watchdog alert is firing in Prometheus, active in
 * Alertmanager and routed to its receiver only (`heartbeat.firing`), and delivered to it
 * (`heartbeat.delivered`): the receiver's integrations sent requests since the deploy
 * (alertmanager_notification_requests_total counts per integration, not per receiver: no
 * Alertmanager version labels it by receiver) and Alertmanager's log has no failure for this
 * receiver since the deploy (failures name `receiver/integration[i]`).
 */
export async function heartbeatChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const h = ctx.model.alertmanager.enabled ? ctx.model.alertmanager.heartbeat : undefined;
  if (!h) return [];
  const firing = await needs(
    ctx,
    'prometheus',
    'heartbeat.firing',
    `heartbeat: ${heartbeat.alert} firing, routed to ${h.receiver} only`,
    async (url) => {
      const p = await getJson<{ data: { alerts: Array<{ labels: Record<string, string>; state: string }> } }>(
        `${url}/api/v1/alerts`,
        ctx.endpoints.auth,
      );
      if (!p.data) return fail(p.why!);
      const mine = p.data.data.alerts.filter((a) => a.labels[heartbeat.label] === 'true');
      if (!mine.some((a) => a.state === 'firing'))
        return fail(
          `${heartbeat.alert} is ${mine[0]?.state ?? 'not active'} in Prometheus (it always fires once loaded and past its for)`,
        );
      const am = ctx.endpoints.urls.alertmanager;
      if (!am) return fail(`${heartbeat.alert} fires, but Alertmanager is not running: nothing can deliver it`);
      const a = await getJson<Array<{ receivers: Array<{ name: string }>; status: { state: string } }>>(
        `${am}/api/v2/alerts?filter=${encodeURIComponent(matcher)}`,
        ctx.endpoints.auth,
      );
      if (!a.data) return fail(a.why!);
      const active = a.data.filter((x) => x.status.state === 'active');
      if (!active.length)
        return fail(
          `${heartbeat.alert} fires in Prometheus but Alertmanager does not hold it active (${a.data[0]?.status.state ?? 'not received'})`,
        );
      const to = [...new Set(active.flatMap((x) => x.receivers.map((r) => r.name)))];
      if (to.length !== 1 || to[0] !== h.receiver)
        return fail(
          `${heartbeat.alert} is routed to ${to.join(', ') || 'no receiver'}, the spec says ${h.receiver} only`,
        );
      return pass(`${heartbeat.alert} firing in Prometheus, active in Alertmanager, routed to ${h.receiver} only`);
    },
  );
  const delivered = await needs(
    ctx,
    'alertmanager',
    'heartbeat.delivered',
    `heartbeat: delivered to ${h.receiver}`,
    async (url) => {
      const m = await http(`${url}/metrics`, { auth: ctx.endpoints.auth });
      if (!m.ok) return fail(`${url}/metrics: ${m.error ?? `HTTP ${m.status}`}`);
      const via = integrationsOf(ctx, h.receiver);
      const base = ctx.state?.components.alertmanager?.baseline;
      const since = (name: string, b?: Record<string, number>) =>
        increaseSince(counters(m.text, name), b, (k) => via.some((i) => k.includes(`integration="${i}"`)));
      const sent = since('alertmanager_notification_requests_total', base?.sent);
      const failed = since('alertmanager_notification_requests_failed_total', base?.failed);
      const words = (await loggedFailures(ctx, 50)).filter((w) => w.startsWith(`${h.receiver}/`));
      if (words.length)
        return fail(
          [`deliveries to ${h.receiver} failed:`, ...words.slice(-3).map((w) => `alertmanager: ${w}`)].join('\n'),
        );
      if (failed && !ctx.stackDir)
        return fail(
          `${plural(failed, 'request')} of ${via.join(', ')} failed since the deploy (Alertmanager counts per integration: it may be ${h.receiver})`,
        );
      if (sent - failed <= 0)
        return fail(
          `no ${via.join('/')} notification delivered since the deploy (${plural(failed, 'failed request')})`,
        );
      return pass(
        `${plural(sent - failed, `${via.join('/')} request`)} delivered since the deploy, none to ${h.receiver} failed`,
      );
    },
  );
  return [firing, delivered];
}
