import { rm } from 'node:fs/promises';
import { writeTree } from '../../artifacts/write.js';
import { component, type ComponentName, enabledComponents } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import { writeState, type StackState } from '../../deploy/state.js';
import { ExitCode, MonError } from '../../errors.js';
import type { Model } from '../../model/types.js';
import { processSecrets } from '../../secrets/source.js';
import { kubectl, portForward } from '../../tools/kubectl.js';
import { type Endpoints, endpointsFrom, type UrlOverrides } from '../../verify/endpoints.js';
import type { LiveDiff } from '../live-diff.js';
import type { ComponentResult, DeployOptions, Prepared, TargetRuntime } from '../types.js';
import { kube, pruneSelector, resourceNames } from './conventions.js';
import { deploySecrets } from './secrets.js';
import { kubernetesChecks, resourcesOf } from './validate.js';

/**
 * Every kind mon may have applied before: `--prune` deletes, and `mon down` deletes, the objects
 * of these kinds that carry the project's labels and are not in the applied set. The namespace is
 * not among them (it may hold more than mon's).
 */
export const PRUNE_KINDS = [
  'core/v1/ConfigMap',
  'core/v1/Secret',
  'core/v1/Service',
  'core/v1/ServiceAccount',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'monitoring.coreos.com/v1/Prometheus',
  'monitoring.coreos.com/v1/Alertmanager',
  'monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1alpha1/ScrapeConfig',
] as const;
/** the same kinds as `kubectl get/delete` names them */
const KIND_NAMES = PRUNE_KINDS.map((g) => {
  const [group, , kind] = g.split('/');
  return group === 'core' ? kind!.toLowerCase() : `${kind!.toLowerCase()}.${group}`;
});

const SSA = ['--server-side', '--field-manager=mon'];
const stream = (docs: unknown[]) => docs.map((d) => `---\n${JSON.stringify(d)}\n`).join('');
const tail = (s: string, n = 8) => s.trim().split('\n').slice(-n).join('\n');

/** The manifests of the tree, in file order (the kube-prometheus-stack values are for helm, not kubectl). */
const treeManifests = (p: Prepared) => resourcesOf(p.artifacts).map((r) => r.resource);

function applyArgs(p: Prepared, dryRun: boolean): string[] {
  return [
    'apply',
    ...SSA,
    '--prune',
    '-l',
    pruneSelector(p.model.project),
    ...PRUNE_KINDS.map((k) => `--prune-allowlist=${k}`),
    ...(dryRun ? ['--dry-run=server'] : []),
    '-f',
    '-',
  ];
}

/** What mon waits for after an apply: the operator's Available condition, Tempo's rollout. */
function waits(model: Model, timeoutS: number): string[][] {
  const ns = kube(model).namespace;
  const names = resourceNames(model);
  const out = [
    ['wait', '-n', ns, '--for=condition=Available', `--timeout=${timeoutS}s`, `prometheus/${names.prometheus}`],
  ];
  if (model.alertmanager.enabled)
    out.push([
      'wait',
      '-n',
      ns,
      '--for=condition=Available',
      `--timeout=${timeoutS}s`,
      `alertmanager/${names.alertmanager}`,
    ]);
  if (model.tempo.enabled) out.push(['rollout', 'status', '-n', ns, `--timeout=${timeoutS}s`, 'statefulset/tempo']);
  return out;
}

/**
 * `mon deploy -t kubernetes`: the tree's resources and the Secrets made from the environment and
 * files now, on kubectl's standard input (never in its arguments, never on disk), applied server
 * side by field manager mon with pruning of what mon applied before: a server dry run first, then
 * the apply, then the wait for Prometheus, Alertmanager and Tempo. The tree (without secrets) is
 * kept in the stack directory for `mon verify`'s drift check.
 */
async function deployKubernetes(p: Prepared, opts: DeployOptions): Promise<ComponentResult[]> {
  const { model } = p;
  const k = kube(model);
  const secrets = deploySecrets(model, p.artifacts, processSecrets());
  if (secrets.missing.length)
    throw new MonError(
      `missing secrets: ${secrets.missing.join(', ')}`,
      ExitCode.invalid,
      'export them (or create the files) before deploying; nothing was changed',
    );
  // the namespace first, then the Secrets, then everything else: kubectl applies in the order given
  const tree = treeManifests(p);
  const namespaces = tree.filter((r) => r.kind === 'Namespace');
  const input = stream([...namespaces, ...secrets.manifests, ...tree.filter((r) => r.kind !== 'Namespace')]);
  const ctx = { context: k.context };
  // a server dry run cannot see a namespace the same apply would create: a new one is created first
  for (const ns of namespaces) {
    const found = await kubectl(['get', 'namespace', String(ns.metadata?.name), '-o', 'name'], ctx);
    if (found.ok) continue;
    const created = await kubectl(['apply', ...SSA, '-f', '-'], { ...ctx, input: stream([ns]) });
    if (!created.ok) throw new MonError(`${created.command} failed:\n${tail(created.stderr)}`, ExitCode.invalid);
  }
  const dry = await kubectl(applyArgs(p, true), { ...ctx, input });
  if (!dry.ok)
    throw new MonError(
      `the API server refused the resources (${dry.command}):\n${tail(dry.stderr)}`,
      ExitCode.invalid,
      'nothing was changed',
    );
  const apply = await kubectl(applyArgs(p, false), { ...ctx, input });
  if (!apply.ok) throw new MonError(`${apply.command} failed:\n${tail(apply.stderr)}`, ExitCode.invalid);
  const timeoutS = Math.ceil((opts.readyTimeoutMs ?? 300_000) / 1000);
  for (const w of waits(model, timeoutS)) {
    const r = await kubectl(w, { ...ctx, timeoutMs: (timeoutS + 30) * 1000 });
    if (!r.ok) throw new MonError(`${r.command} failed:\n${tail(r.stderr || r.stdout)}`, ExitCode.invalid);
  }
  const paths = stackPaths(opts.stackDir);
  await rm(paths.config, { recursive: true, force: true });
  await writeTree(paths.config, p.artifacts);
  const state: StackState & { kubernetes: typeof k } = {
    mon: 1,
    target: 'kubernetes',
    project: model.project,
    spec: p.spec,
    deployedAt: new Date().toISOString(),
    components: Object.fromEntries(stackComponents(model).map((c) => [c, { status: 'running' as const }])),
    kubernetes: k,
  };
  await writeState(paths.state, state);
  return apply.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = line, ...rest] = line.split(' ');
      return { name, action: /pruned/.test(line) ? 'stopped' : 'started', reason: rest.join(' ') || 'applied' };
    });
}

/** The components this target runs (Grafana, Loki and the DingTalk bridge are not deployed on it). */
const NOT_HERE: Partial<Record<ComponentName, string>> = {
  grafana:
    "Grafana is not deployed by mon on Kubernetes (its dashboards and datasources are ConfigMaps for Grafana's sidecar): give --grafana-url",
  loki: 'Loki is not deployed by mon on Kubernetes yet',
  dingtalk: 'the DingTalk bridge is not deployed by mon on Kubernetes yet',
  jaeger: 'Jaeger is not deployed by mon on Kubernetes yet',
};
const stackComponents = (model: Model) =>
  enabledComponents(model).filter(
    (c) => !NOT_HERE[c] || (c === 'grafana' && kube(model).mode === 'kube-prometheus-stack'),
  );

/** What `kubectl port-forward` reaches each component by, and at which of its ports. */
function forwardOf(model: Model, c: ComponentName): { resource: string; port: number } | undefined {
  const names = resourceNames(model);
  const kps = kube(model).mode === 'kube-prometheus-stack';
  switch (c) {
    case 'prometheus':
      return { resource: `svc/${names.prometheusService}`, port: 9090 };
    case 'alertmanager':
      return { resource: `svc/${names.alertmanagerService}`, port: 9093 };
    case 'tempo':
      return { resource: 'svc/tempo', port: model.tempo.ports.http };
    case 'node_exporter':
      return kps
        ? { resource: `svc/${kube(model).release}-prometheus-node-exporter`, port: 9100 }
        : { resource: 'daemonset/node-exporter', port: component('node_exporter').place(model).port };
    case 'grafana':
      return kps ? { resource: `svc/${names.grafanaService}`, port: 80 } : undefined;
    default:
      return undefined;
  }
}

/** URLs given: those; else what is not deployed here is absent, the rest at their forwarded port on 127.0.0.1. */
function kubeEndpoints(model: Model, _state: StackState | undefined, overrides: UrlOverrides): Endpoints {
  const here = new Set(stackComponents(model));
  return endpointsFrom(model, overrides, (c) =>
    here.has(c) && forwardOf(model, c) ? undefined : (NOT_HERE[c] ?? 'not deployed'),
  );
}

/**
 * `mon verify` without URLs: mon starts `kubectl port-forward` for every component it checks,
 * each on 127.0.0.1 at the component's host port, and stops them when it exits.
 */
async function connect(model: Model, state: StackState | undefined, overrides: UrlOverrides): Promise<Endpoints> {
  const endpoints = kubeEndpoints(model, state, overrides);
  if (Object.values(overrides).some(Boolean)) return endpoints;
  const ns = kube(model).namespace;
  await Promise.all(
    (Object.keys(endpoints.urls) as ComponentName[]).map(async (c) => {
      const f = forwardOf(model, c)!;
      const local = component(c).place(model).hostPort;
      // Tempo's OTLP/HTTP port too: the trace round trip posts its span there
      const more = c === 'tempo' ? [`${model.tempo.hostPorts.otlpHttp}:${model.tempo.ports.otlpHttp}`] : [];
      try {
        await portForward(['-n', ns, '--address', '127.0.0.1', f.resource, `${local}:${f.port}`, ...more], {
          context: kube(model).context,
        });
      } catch (e) {
        delete endpoints.urls[c];
        endpoints.absent[c] = `kubectl port-forward failed: ${(e as Error).message}`;
      }
    }),
  );
  return endpoints;
}

/** `mon down`: deletes what mon applied (by its labels), then the namespace it created (standalone). */
async function downKubernetes(stackDir: string, state: StackState, model?: Model): Promise<ComponentResult[]> {
  const paths = stackPaths(stackDir);
  const ns = model ? kube(model).namespace : undefined;
  const ctx = { context: model?.kubernetes?.context };
  const r = await kubectl(
    [
      'delete',
      KIND_NAMES.join(','),
      '-l',
      pruneSelector(state.project),
      ...(ns ? ['-n', ns] : ['--all-namespaces']),
      '--ignore-not-found',
      '--wait=true',
    ],
    ctx,
  );
  if (!r.ok) throw new MonError(`${r.command} failed:\n${tail(r.stderr)}`, ExitCode.invalid);
  const out: ComponentResult[] = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ name: line.split(' ')[0]!, action: 'stopped' as const, reason: 'deleted' }));
  if (model && ns && kube(model).mode === 'standalone') {
    const n = await kubectl(['delete', 'namespace', ns, '-l', pruneSelector(state.project), '--ignore-not-found'], ctx);
    if (n.ok && n.stdout.trim()) out.push({ name: `namespace/${ns}`, action: 'stopped', reason: 'deleted' });
  }
  await rm(paths.config, { recursive: true, force: true });
  return out;
}

/**
 * `kubectl diff --server-side` of the tree's resources (not the Secrets: their values stay out of
 * any output), split per resource: kubectl names each file group.version.Kind.namespace.name.
 */
export async function diffKubernetes(p: Prepared): Promise<LiveDiff[]> {
  const k = kube(p.model);
  const r = await kubectl(
    [
      'diff',
      ...SSA,
      '--prune',
      '-l',
      pruneSelector(p.model.project),
      ...PRUNE_KINDS.filter((g) => !g.endsWith('/Secret')).map((g) => `--prune-allowlist=${g}`),
      '-f',
      '-',
    ],
    { context: k.context, input: stream(treeManifests(p)) },
  );
  if (r.exitCode > 1) throw new MonError(`${r.command} failed:\n${tail(r.stderr)}`, ExitCode.invalid);
  return parseKubectlDiff(r.stdout);
}

/** kubectl diff's output (diff -u -N per object) as one entry per object. */
export function parseKubectlDiff(out: string): LiveDiff[] {
  const parts = out.split(/^(?=diff -u -N )/m).filter((s) => s.startsWith('diff '));
  return parts.map((part) => {
    const file = /^diff -u -N \S+\/(\S+) /.exec(part)?.[1] ?? '';
    const segs = file.split('.');
    // group.version.Kind.namespace.name, the group itself dotted (core: v1.Kind.namespace.name)
    const name = segs.pop() ?? '';
    const namespace = segs.pop() ?? '';
    const kind = segs.pop() ?? '';
    const body = part.split('\n').slice(1).join('\n');
    const status: LiveDiff['status'] = /^@@ -0,0 /m.test(body)
      ? 'added'
      : /^@@ -\d+(,\d+)? \+0,0 @@/m.test(body)
        ? 'removed'
        : 'changed';
    return { path: `${kind}/${namespace}/${name}`, status, diff: body };
  });
}

export const kubernetesRuntime: TargetRuntime = {
  validate: async (p) => kubernetesChecks(p),
  plan: async (p) =>
    treeManifests(p).map((r) => ({
      name: `${String(r.kind)}/${String(r.metadata?.name)}`,
      action: 'apply' as const,
      reason: 'kubectl apply --server-side applies what differs',
    })),
  deploy: deployKubernetes,
  status: async (_dir, state) =>
    (Object.keys(state.components) as ComponentName[]).map((name) => ({
      name,
      status: 'running' as const,
      reason: 'applied; `mon verify` checks it through kubectl port-forward',
    })),
  down: (stackDir, state) => downKubernetes(stackDir, state, stateModel(state)),
  endpoints: kubeEndpoints,
  connect,
  // the live comparison of the resources is `mon diff --live`
  verifyChecks: async () => [],
  diffLive: (p) => diffKubernetes(p),
};

/** the namespace and context `mon down` needs, recorded with the deployment */
function stateModel(state: StackState): Model | undefined {
  const k = (state as StackState & { kubernetes?: Model['kubernetes'] }).kubernetes;
  return k ? ({ project: state.project, kubernetes: k } as Model) : undefined;
}
