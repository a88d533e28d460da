import { stackPaths } from '../deploy/paths.js';
import { readState } from '../deploy/state.js';
import { ExitCode, MonError } from '../errors.js';
import type { Target } from '../model/placement.js';
import type { Secret } from '../model/types.js';
import { processSecrets } from '../secrets/source.js';
import { prepare } from '../pipeline.js';
import { runtimeOf, TARGETS } from '../targets/index.js';
import type { Prepared } from '../targets/types.js';
import type { CheckResult } from '../report/checks.js';
import { componentChecks, serviceChecks } from './checks/components.js';
import { driftChecks } from './checks/drift.js';
import { notificationChecks } from './checks/notifications.js';
import { heartbeatChecks } from './checks/heartbeat.js';
import { seriesChecks } from './checks/series.js';
import { grafanaChecks, tempoChecks } from './checks/grafana-tempo.js';
import { prometheusChecks } from './checks/prometheus.js';
import { absent, type VerifyContext } from './context.js';
import { jaegerSpansArriving } from './jaeger.js';
import type { UrlOverrides } from './endpoints.js';
import { getJson, type HttpAuth } from '../net/http.js';
import { parseDuration } from '../spec/duration.js';

export interface VerifyOptions extends UrlOverrides {
  file: string;
  stackDir: string;
  target?: Target;
  /** basic `user:password` or a bearer token for Prometheus, Alertmanager and Tempo behind a proxy */
  auth?: string;
  token?: string;
  grafanaToken?: string;
}

const readSecret = (s: Secret) => {
  const source = processSecrets();
  return s.kind === 'env' ? source.env[s.name] : source.readFile(s.path)?.trim();
};

/**
 * Everything a verification needs: the model of the deployed stack, where it answers, what it
 * should hold. `prepared` when the caller has the spec loaded for the stack's target already.
 */
export async function verifyContext(opts: VerifyOptions, prepared?: Prepared): Promise<VerifyContext> {
  const paths = stackPaths(opts.stackDir);
  const state = await readState(paths.state);
  const overrides: UrlOverrides = {
    prometheusUrl: opts.prometheusUrl,
    alertmanagerUrl: opts.alertmanagerUrl,
    grafanaUrl: opts.grafanaUrl,
    tempoUrl: opts.tempoUrl,
  };
  if (!state && !Object.values(overrides).some(Boolean)) {
    throw new MonError(
      `nothing is deployed in ${opts.stackDir}`,
      ExitCode.invalid,
      'run `mon deploy` first, or give --prometheus-url (and the others) for a stack deployed elsewhere',
    );
  }
  const p = prepared ?? (await prepare(opts.file, opts.target ?? state?.target));
  const model = p.model;
  const runtime = await runtimeOf(model.target);
  const endpoints = runtime.connect
    ? await runtime.connect(model, state, overrides)
    : runtime.endpoints(model, state, overrides);
  if (opts.token) endpoints.auth = { token: opts.token };
  else if (opts.auth) {
    const i = opts.auth.indexOf(':');
    endpoints.auth = { basic: { user: opts.auth.slice(0, i), password: opts.auth.slice(i + 1) } };
  }
  const pw = model.grafana.adminPassword
    ? readSecret(model.grafana.adminPassword)
    : model.grafana.enabled
      ? 'admin'
      : undefined;
  const grafanaAuth: HttpAuth | undefined = opts.grafanaToken
    ? { token: opts.grafanaToken }
    : pw
      ? { basic: { user: model.grafana.adminUser, password: pw } }
      : undefined;
  if (grafanaAuth) endpoints.grafanaAuth = grafanaAuth;
  return {
    model,
    target: TARGETS[model.target],
    endpoints,
    state,
    stackDir: state ? paths.root : undefined,
    configDir: state ? paths.config : undefined,
    artifacts: p.artifacts,
  };
}

/**
 * One pass of every check, in a stable order. The groups are independent reads (HTTP GETs, files),
 * so they run at once: a pass takes as long as its slowest group (with 200 targets, the metrics
 * endpoints), not the sum of all (npm run bench: one pass at 200 targets).
 */
export async function verifyOnce(ctx: VerifyContext): Promise<CheckResult[]> {
  const groups = await Promise.all([
    prometheusChecks(ctx),
    componentChecks(ctx),
    serviceChecks(ctx),
    driftChecks(ctx),
    seriesChecks(ctx),
    notificationChecks(ctx),
    heartbeatChecks(ctx),
    grafanaChecks(ctx),
    import('./checks/dashboards.js').then((m) => m.dashboardChecks(ctx)),
    tempoChecks(ctx),
    ctx.model.jaeger.enabled
      ? ctx.endpoints.urls.jaeger
        ? jaegerSpansArriving(ctx.model.jaeger).then((c) => [c])
        : Promise.resolve([absent(ctx, 'jaeger', 'jaeger.spans', 'Jaeger has accepted spans over OTLP')])
      : Promise.resolve([]),
    runtimeOf(ctx.model.target).then((r) => r.verifyChecks(ctx)),
  ]);
  return groups.flat();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Checks that are known to settle by themselves shortly after a (re)load: Prometheus rediscovers
 * Alertmanager (its discovery batches updates every 5 s), scrapes a new target for the first
 * time, evaluates a group for the first time.
 */
const SETTLING =
  /^(alertmanager\.connected|heartbeat\.|rules\.loaded|targets\.|query\.|series\.|tempo\.(scraped|generator|spans)|dashboards\.)/;

/** How long a stack that was just (re)loaded may take to settle: a few scrape and evaluation intervals. */
function settleWindowMs(ctx: VerifyContext): number {
  const intervals = [
    ctx.model.prometheus.scrapeInterval,
    ctx.model.prometheus.evaluationInterval,
    ...ctx.model.jobs.map((j) => j.interval ?? ctx.model.prometheus.scrapeInterval),
  ];
  const window = Math.max(20_000, 2 * Math.max(...intervals.map((d) => parseDuration(d) ?? 0)) + 10_000);
  // a restarted Alertmanager holds no alerts until Prometheus resends the firing ones
  // (--rules.alert.resend-delay, 1m): the heartbeat needs that long to be back
  return ctx.model.alertmanager.heartbeat ? Math.max(window, RESEND_DELAY_MS + window) : window;
}
const RESEND_DELAY_MS = 60_000;

/** When Prometheus last loaded its config (a deploy, a reload, a fire drill), from its runtime info. */
async function lastLoad(ctx: VerifyContext): Promise<number | undefined> {
  const url = ctx.endpoints.urls.prometheus;
  if (!url) return undefined;
  const r = await getJson<{ data: { lastConfigTime: string } }>(`${url}/api/v1/status/runtimeinfo`, ctx.endpoints.auth);
  const t = r.data ? Date.parse(r.data.data.lastConfigTime) : Number.NaN;
  const am = ctx.endpoints.urls.alertmanager;
  if (!ctx.model.alertmanager.heartbeat || !am) return Number.isNaN(t) ? undefined : t;
  // with a heartbeat, Alertmanager's start counts too (/api/v2/status: uptime is its start time)
  const s = await getJson<{ uptime: string }>(`${am}/api/v2/status`, ctx.endpoints.auth);
  const started = s.data ? Date.parse(s.data.uptime) : Number.NaN;
  const last = Math.max(Number.isNaN(t) ? -Infinity : t, Number.isNaN(started) ? -Infinity : started);
  return Number.isFinite(last) ? last : undefined;
}

/**
 * Again and again until every check passes. With --wait, until the time is up; without, only
 * while a failure is one that settles by itself and the stack was loaded recently (bounded
 * by the settle window): a stack that just changed is pending, not failed. The last pass counts.
 */
export async function verifyUntil(
  ctx: VerifyContext,
  waitMs: number,
  onPass?: (checks: CheckResult[]) => void,
): Promise<CheckResult[]> {
  const started = Date.now();
  const deadline = started + waitMs;
  const loaded = await lastLoad(ctx);
  const settleUntil =
    loaded !== undefined ? Math.min(loaded + settleWindowMs(ctx), started + settleWindowMs(ctx)) : started;
  for (;;) {
    const checks = await verifyOnce(ctx);
    onPass?.(checks);
    const failed = checks.filter((c) => c.status === 'fail');
    if (!failed.length) return checks;
    // failures that settle by themselves are waited for (the others stay, and are reported after)
    const settling = failed.some((c) => SETTLING.test(c.id)) && Date.now() + 1000 < settleUntil;
    if (!settling && Date.now() + 2000 > deadline) return checks;
    await sleep(settling ? 1000 : 2000);
  }
}

/** 4 when a check failed; 5 when every failure is drift. */
export function verifyExit(checks: CheckResult[]): number {
  const failed = checks.filter((c) => c.status === 'fail');
  if (!failed.length) return ExitCode.ok;
  return failed.every((c) => c.id.startsWith('drift.')) ? ExitCode.drift : ExitCode.verifyFailed;
}
