import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { treeDigest } from '../deploy/tree.js';
import { alertmanagerGenerator } from '../generators/alertmanager/config.js';
import { prometheusConfigGenerator } from '../generators/prometheus/config.js';
import { ruleFileText } from '../generators/prometheus/rules.js';
import { files } from '../model/conventions.js';
import type { Model, RuleGroup } from '../model/types.js';
import { describeFailure, getJson, type HttpAuth, http } from '../net/http.js';
import { reload } from '../net/reload.js';
import type { Receiver } from '../receivers/index.js';
import { type CheckResult, skipped } from '../report/checks.js';
import { absent, type VerifyContext } from './context.js';
import { type Sink, startSink } from './sink.js';
import { protect } from '../util/signals.js';

const DRILL_GROUP = 'mon_fire_drill';
const DRILL_RECEIVER = 'mon-fire-drill';
const DRILL_LABEL = 'mon_drill';
const DRILL_INTERVAL = '1s';
/**
 * After a reload Prometheus rebuilds its Alertmanager set through discovery (updates are batched
 * every 5s) and drops alerts sent meanwhile, resending only a minute later. The drill alert
 * becomes firing (and is sent) only after this `for`.
 */
const DRILL_FOR_MS = 10_000;
const IDS = ['drill.notification', 'drill.cleanup'] as const;
const NAMES = [
  'fire drill: an alert reaches a receiver end to end',
  'fire drill: the stack is back as it was',
] as const;

/** The model with the drill in it: a rule that always fires, a first route without `continue` to the sink. */
function drillModel(model: Model, id: string, sinkUrl: string): { model: Model; group: RuleGroup } {
  const receiver: Receiver = { name: DRILL_RECEIVER, source: [], webhook: { url: sinkUrl, sendResolved: false } };
  const am = model.alertmanager;
  const route = {
    receiver: DRILL_RECEIVER,
    matchers: [{ name: DRILL_LABEL, op: '=' as const, value: id }],
    groupWait: '0s',
    groupInterval: '1s',
    repeatInterval: '1h',
    continue: false,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: [],
    source: [],
  };
  const group: RuleGroup = {
    name: DRILL_GROUP,
    pack: 'drill',
    interval: DRILL_INTERVAL,
    rules: [
      {
        kind: 'alert',
        alert: 'MonFireDrill',
        expr: 'vector(1)',
        for: `${DRILL_FOR_MS / 1000}s`,
        labels: { [DRILL_LABEL]: id, severity: 'drill' },
        annotations: { summary: 'mon fire drill: not a real alert' },
        source: [],
        tests: [],
      },
    ],
  };
  return {
    model: {
      ...model,
      alertmanager: {
        ...am,
        route: { ...am.route, routes: [route, ...am.route.routes] },
        receivers: [...am.receivers, receiver],
      },
      ruleGroups: [...model.ruleGroups, group],
    },
    group,
  };
}

interface Armed {
  sink: Sink;
  dir: string;
  before: Map<string, string>;
  /** the deployed files the drill replaces, as they were */
  saved: Array<[string, string]>;
  loadedAt: number;
}

async function reloadOrThrow(url: string, auth: HttpAuth | undefined, what: string) {
  const r = await reload(`${url}/-/reload`, auth);
  if (!r.ok) throw new Error(`${what} refused the drill config: HTTP ${r.status} ${r.message}`);
}

/** Arm: the drill route and receiver into Alertmanager, then the drill rule into Prometheus, both by reload. */
async function arm(ctx: VerifyContext, prom: string, am: string, id: string, armed: Partial<Armed>): Promise<Armed> {
  const dir = ctx.configDir!;
  armed.dir = dir;
  armed.before = await treeDigest(dir);
  armed.sink = await startSink(ctx.target.sink.bind);
  const { model, group } = drillModel(ctx.model, id, armed.sink.url(ctx.target.sink.host));
  const write = async (path: string, content: string) => {
    const full = join(dir, path);
    armed.saved!.push([full, await readFile(full, 'utf8').catch(() => '')]);
    await writeFile(full, content);
  };
  armed.saved = [];
  for (const a of await alertmanagerGenerator.generate(model)) await write(a.path, a.content);
  await reloadOrThrow(am, ctx.endpoints.auth, 'Alertmanager');
  await writeFile(join(dir, files.ruleFile(DRILL_GROUP)), ruleFileText(group, model.specName));
  for (const a of await prometheusConfigGenerator.generate(model)) await write(a.path, a.content);
  await reloadOrThrow(prom, ctx.endpoints.auth, 'Prometheus');
  armed.loadedAt = Date.now();
  return armed as Armed;
}

/** Disarm, always: the rule out of Prometheus, the alert resolved, the route out of Alertmanager; files as before. */
async function disarm(ctx: VerifyContext, prom: string, am: string, id: string, a: Partial<Armed>): Promise<string[]> {
  const problems: string[] = [];
  const auth = ctx.endpoints.auth;
  const filter = encodeURIComponent(`${DRILL_LABEL}="${id}"`);
  for (const [path, text] of [...(a.saved ?? [])].reverse()) await writeFile(path, text);
  if (a.dir) await rm(join(a.dir, files.ruleFile(DRILL_GROUP)), { force: true });
  await reloadOrThrow(prom, auth, 'Prometheus').catch((e: Error) => problems.push(e.message));
  const live = await getJson<Array<{ labels: Record<string, string> }>>(`${am}/api/v2/alerts?filter=${filter}`, auth);
  if (live.data?.length) {
    const endsAt = new Date().toISOString();
    const r = await http(`${am}/api/v2/alerts`, {
      method: 'POST',
      auth,
      contentType: 'application/json',
      body: JSON.stringify(live.data.map((x) => ({ labels: x.labels, startsAt: endsAt, endsAt }))),
    });
    if (!r.ok) problems.push(`could not resolve the drill alert: ${describeFailure('/api/v2/alerts', r)}`);
  }
  for (let i = 0; i < 50; i++) {
    const active = await getJson<unknown[]>(`${am}/api/v2/alerts?active=true&filter=${filter}`, auth);
    if (active.data?.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await reloadOrThrow(am, auth, 'Alertmanager').catch((e: Error) => problems.push(e.message));
  await a.sink?.close();
  if (a.dir && a.before) {
    const after = await treeDigest(a.dir);
    const changed = [...new Set([...a.before.keys(), ...after.keys()])].filter(
      (f) => a.before!.get(f) !== after.get(f),
    );
    if (changed.length) problems.push(`files not restored: ${changed.join(', ')}`);
  }
  const groups = await getJson<{ data: { groups: Array<{ name: string }> } }>(`${prom}/api/v1/rules`, auth);
  if (groups.data?.data.groups.some((g) => g.name === DRILL_GROUP))
    problems.push(`Prometheus still has the ${DRILL_GROUP} group`);
  return problems;
}

/**
 * An alert that always fires travels Prometheus -> Alertmanager -> a webhook sink mon runs. The
 * drill route comes first and does not continue, so real receivers never see it; afterwards the
 * rule and route are removed, the alert resolved, and the files checked to be as they were.
 */
export async function fireDrill(ctx: VerifyContext): Promise<CheckResult[]> {
  const prom = ctx.endpoints.urls.prometheus;
  const am = ctx.endpoints.urls.alertmanager;
  if (!ctx.configDir)
    return IDS.map((id, i) =>
      skipped(id, NAMES[i]!, "the fire drill changes the stack's files: run it where the stack is deployed"),
    );
  if (ctx.model.target === 'kubernetes')
    return IDS.map((id, i) =>
      skipped(
        id,
        NAMES[i]!,
        'on Kubernetes the operator owns the rule and route files, and the sink must be reachable from the cluster',
      ),
    );
  if (!ctx.model.alertmanager.enabled)
    return IDS.map((id, i) => skipped(id, NAMES[i]!, 'alertmanager.enabled is false: there is no one to notify'));
  if (!prom || !am) return IDS.map((id, i) => absent(ctx, prom ? 'alertmanager' : 'prometheus', id, NAMES[i]!));

  const id = randomBytes(6).toString('hex');
  const started = Date.now();
  const state: Partial<Armed> = {};
  // while the drill is armed, Ctrl-C or SIGTERM disarms it before mon exits (130 / 143)
  const { notified, error, cleanup } = await protect(
    async () => {
      let notified: { at: number } | undefined;
      let error: string | undefined;
      try {
        const armed = await arm(ctx, prom, am, id, state);
        const isDrill = (b: unknown) =>
          ((b as { alerts?: Array<{ labels: Record<string, string> }> }).alerts ?? []).some(
            (x) => x.labels[DRILL_LABEL] === id,
          );
        notified = await armed.sink.wait(isDrill, DRILL_FOR_MS + 30_000);
        if (!notified)
          error = `no notification within ${(DRILL_FOR_MS + 30_000) / 1000}s: see \`mon logs prometheus\` and \`mon logs alertmanager\``;
      } catch (e) {
        error = (e as Error).message;
      }
      return { notified, error, cleanup: await disarm(ctx, prom, am, id, state) };
    },
    () => disarm(ctx, prom, am, id, state),
  );

  const latency = notified && state.loadedAt ? notified.at - state.loadedAt : undefined;
  const floor = DRILL_FOR_MS; // for + the drill route's group_wait (0s); the first evaluation is at load
  return [
    {
      id: IDS[0],
      name: NAMES[0],
      status: notified ? 'pass' : 'fail',
      durationMs: Date.now() - started,
      details: notified
        ? `notified ${latency} ms after the drill rule was loaded (floor ${floor} ms: for 10s + group_wait 0s, plus up to one 1s evaluation interval)`
        : error,
    },
    {
      id: IDS[1],
      name: NAMES[1],
      status: cleanup.length ? 'fail' : 'pass',
      durationMs: 0,
      details: cleanup.length ? cleanup.join('\n') : 'drill rule, route and receiver removed; files as before',
    },
  ];
}
