import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { treeDigest } from '../deploy/tree.js';
import { files } from '../model/conventions.js';
import { DOCKER_HOST } from '../model/placement.js';
import { type CheckResult, skipped } from '../report/checks.js';
import type { VerifyContext } from './context.js';
import { describeFailure, getJson, http } from './http.js';
import { startSink } from './sink.js';

const DRILL_GROUP = 'mon_fire_drill';
const DRILL_RECEIVER = 'mon-fire-drill';
const DRILL_LABEL = 'mon_drill';
const DRILL_INTERVAL_MS = 1000;
/**
 * After a reload Prometheus rebuilds its Alertmanager set through discovery (updates are batched
 * every 5s) and drops alerts sent meanwhile, resending only a minute later. The drill alert
 * becomes firing (and is sent) only after this `for`.
 */
const DRILL_FOR_MS = 10_000;

async function reload(url: string, auth: VerifyContext['endpoints']['auth'], what: string) {
  const r = await http(`${url}/-/reload`, { method: 'POST', auth, timeoutMs: 30_000 });
  if (!r.ok) throw new Error(`${what} refused the drill config: ${describeFailure('/-/reload', r)}`);
}

/**
 * An alert that always fires travels Prometheus -> Alertmanager -> a webhook sink mon runs. The
 * drill route comes first and does not continue, so real receivers never see it; afterwards the
 * rule and route are removed, the alert resolved, and the files checked to be as they were.
 */
export async function fireDrill(ctx: VerifyContext): Promise<CheckResult[]> {
  const ids = ['drill.notification', 'drill.cleanup'] as const;
  const names = ['fire drill: an alert reaches a receiver end to end', 'fire drill: the stack is back as it was'] as const;
  const promUrl = ctx.endpoints.urls.prometheus;
  const amUrl = ctx.endpoints.urls.alertmanager;
  const why = !ctx.configDir ? "the fire drill changes the stack's files: run it where the stack is deployed" : !promUrl ? 'Prometheus is not deployed' : !amUrl ? `Alertmanager: ${ctx.endpoints.absent.alertmanager ?? 'not in this stack'}` : undefined;
  if (why || !promUrl || !amUrl) return ids.map((id, i) => skipped(id, names[i]!, why ?? 'not deployed'));
  const prom = promUrl;
  const am = amUrl;

  const auth = ctx.endpoints.auth;
  const dir = ctx.configDir!;
  const promFile = join(dir, files.prometheusConfig);
  const amFile = join(dir, files.alertmanagerConfig);
  const ruleFile = join(dir, files.ruleFile(DRILL_GROUP));
  const before = await treeDigest(dir);
  const promText = await readFile(promFile, 'utf8');
  const amText = await readFile(amFile, 'utf8');
  const id = randomBytes(6).toString('hex');
  const compose = ctx.model.target === 'compose';
  const sink = await startSink(compose ? '0.0.0.0' : '127.0.0.1');
  const started = Date.now();
  let notified: { at: number; body: unknown } | undefined;
  let loadedAt = 0;
  let error: string | undefined;
  try {
    const amConfig = parseYaml(amText) as { route: { routes?: unknown[] }; receivers: unknown[] };
    amConfig.route.routes = [
      { receiver: DRILL_RECEIVER, matchers: [`${DRILL_LABEL}="${id}"`], group_wait: '0s', group_interval: '1s', repeat_interval: '1h', continue: false },
      ...(amConfig.route.routes ?? []),
    ];
    amConfig.receivers.push({ name: DRILL_RECEIVER, webhook_configs: [{ url: sink.url(compose ? DOCKER_HOST : '127.0.0.1'), send_resolved: false }] });
    await writeFile(amFile, stringify(amConfig, { version: '1.1', lineWidth: 0 }));
    await reload(am, auth, 'Alertmanager');

    const rule = {
      groups: [
        {
          name: DRILL_GROUP,
          interval: `${DRILL_INTERVAL_MS / 1000}s`,
          rules: [{ alert: 'MonFireDrill', expr: 'vector(1)', for: `${DRILL_FOR_MS / 1000}s`, labels: { [DRILL_LABEL]: id, severity: 'drill' }, annotations: { summary: 'mon fire drill: not a real alert' } }],
        },
      ],
    };
    await writeFile(ruleFile, stringify(rule, { version: '1.1' }));
    const promConfig = parseYaml(promText) as { rule_files?: string[] };
    promConfig.rule_files = [...(promConfig.rule_files ?? []), files.ruleFileFromConfig(DRILL_GROUP)];
    await writeFile(promFile, stringify(promConfig, { version: '1.1', lineWidth: 0 }));
    await reload(prom, auth, 'Prometheus');
    loadedAt = Date.now();
    const isDrill = (b: unknown) => ((b as { alerts?: Array<{ labels: Record<string, string> }> }).alerts ?? []).some((a) => a.labels[DRILL_LABEL] === id);
    notified = await sink.wait(isDrill, DRILL_FOR_MS + 30_000);
    if (!notified) error = `no notification within ${(DRILL_FOR_MS + 30_000) / 1000}s: see \`mon logs prometheus\` and \`mon logs alertmanager\``;
  } catch (e) {
    error = (e as Error).message;
  }

  // Cleanup, always: the rule out of Prometheus, the alert resolved, the route out of Alertmanager.
  const cleanup: string[] = [];
  await writeFile(promFile, promText);
  await rm(ruleFile, { force: true });
  await reload(prom, auth, 'Prometheus').catch((e: Error) => cleanup.push(e.message));
  const live = await getJson<Array<{ labels: Record<string, string> }>>(`${am}/api/v2/alerts?filter=${encodeURIComponent(`${DRILL_LABEL}="${id}"`)}`, auth);
  if (live.data?.length) {
    const endsAt = new Date().toISOString();
    const r = await http(`${am}/api/v2/alerts`, { method: 'POST', auth, contentType: 'application/json', body: JSON.stringify(live.data.map((a) => ({ labels: a.labels, startsAt: endsAt, endsAt }))) });
    if (!r.ok) cleanup.push(`could not resolve the drill alert: ${describeFailure('/api/v2/alerts', r)}`);
  }
  for (let i = 0; i < 50; i++) {
    const active = await getJson<unknown[]>(`${am}/api/v2/alerts?active=true&filter=${encodeURIComponent(`${DRILL_LABEL}="${id}"`)}`, auth);
    if (active.data?.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await writeFile(amFile, amText);
  await reload(am, auth, 'Alertmanager').catch((e: Error) => cleanup.push(e.message));
  await sink.close();
  const after = await treeDigest(dir);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
  if (changed.length) cleanup.push(`files not restored: ${changed.join(', ')}`);
  const groups = await getJson<{ data: { groups: Array<{ name: string }> } }>(`${prom}/api/v1/rules`, auth);
  if (groups.data?.data.groups.some((g) => g.name === DRILL_GROUP)) cleanup.push(`Prometheus still has the ${DRILL_GROUP} group`);

  const latency = notified ? notified.at - loadedAt : undefined;
  const floor = DRILL_FOR_MS; // for + the drill route's group_wait (0s); the first evaluation is at load
  return [
    {
      id: ids[0],
      name: names[0],
      status: notified ? 'pass' : 'fail',
      durationMs: Date.now() - started,
      details: notified ? `notified ${latency} ms after the drill rule was loaded (floor ${floor} ms: for 10s + group_wait 0s, plus up to one 1s evaluation interval)` : error,
    },
    { id: ids[1], name: names[1], status: cleanup.length ? 'fail' : 'pass', durationMs: 0, details: cleanup.length ? cleanup.join('\n') : 'drill rule, route and receiver removed; files as before' },
  ];
}
