import { stackPaths } from '../deploy/components.js';
import { readState } from '../deploy/state.js';
import { ExitCode, MonError } from '../errors.js';
import type { Target } from '../model/placement.js';
import type { Secret } from '../model/types.js';
import { processSecrets } from '../secrets/source.js';
import { loadModel, render } from '../pipeline.js';
import type { CheckResult } from '../report/checks.js';
import { composeChecks } from './checks/compose.js';
import { componentChecks, serviceChecks } from './checks/components.js';
import { driftChecks } from './checks/drift.js';
import { grafanaChecks, tempoChecks } from './checks/grafana-tempo.js';
import { prometheusChecks } from './checks/prometheus.js';
import type { VerifyContext } from './context.js';
import { endpointsFor, type UrlOverrides } from './endpoints.js';
import type { HttpAuth } from './http.js';

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

/** Everything a verification needs: the model of the deployed stack, where it answers, what it should hold. */
export async function verifyContext(opts: VerifyOptions): Promise<VerifyContext> {
  const paths = stackPaths(opts.stackDir);
  const state = await readState(paths.state);
  const overrides: UrlOverrides = { prometheusUrl: opts.prometheusUrl, alertmanagerUrl: opts.alertmanagerUrl, grafanaUrl: opts.grafanaUrl, tempoUrl: opts.tempoUrl };
  if (!state && !Object.values(overrides).some(Boolean)) {
    throw new MonError(`nothing is deployed in ${opts.stackDir}`, ExitCode.invalid, 'run `mon deploy` first, or give --prometheus-url (and the others) for a stack deployed elsewhere');
  }
  const { loaded, model } = await loadModel(opts.file, opts.target ?? state?.target);
  const endpoints = endpointsFor(model, state, overrides);
  if (opts.token) endpoints.auth = { token: opts.token };
  else if (opts.auth) {
    const i = opts.auth.indexOf(':');
    endpoints.auth = { basic: { user: opts.auth.slice(0, i), password: opts.auth.slice(i + 1) } };
  }
  const pw = model.grafana.adminPassword ? readSecret(model.grafana.adminPassword) : model.grafana.enabled ? 'admin' : undefined;
  const grafanaAuth: HttpAuth | undefined = opts.grafanaToken ? { token: opts.grafanaToken } : pw ? { basic: { user: model.grafana.adminUser, password: pw } } : undefined;
  if (grafanaAuth) endpoints.grafanaAuth = grafanaAuth;
  return { model, endpoints, state, configDir: state ? paths.config : undefined, artifacts: await render(loaded, model) };
}

/** One pass of every check, in a stable order. */
export async function verifyOnce(ctx: VerifyContext): Promise<CheckResult[]> {
  return [
    ...(await prometheusChecks(ctx)),
    ...(await componentChecks(ctx)),
    ...(await serviceChecks(ctx)),
    ...(await driftChecks(ctx)),
    ...(await grafanaChecks(ctx)),
    ...(await (await import('./checks/dashboards.js')).dashboardChecks(ctx)),
    ...(await tempoChecks(ctx)),
    ...(await composeChecks(ctx)),
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** With --wait: again and again until every check passes or the time is up; the last pass counts. */
export async function verifyUntil(ctx: VerifyContext, waitMs: number, onPass?: (checks: CheckResult[]) => void): Promise<CheckResult[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const checks = await verifyOnce(ctx);
    onPass?.(checks);
    if (!checks.some((c) => c.status === 'fail') || Date.now() + 2000 > deadline) return checks;
    await sleep(2000);
  }
}

/** 4 when a check failed; 5 when every failure is drift. */
export function verifyExit(checks: CheckResult[]): number {
  const failed = checks.filter((c) => c.status === 'fail');
  if (!failed.length) return ExitCode.ok;
  return failed.every((c) => c.id.startsWith('drift.')) ? ExitCode.drift : ExitCode.verifyFailed;
}
