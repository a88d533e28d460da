import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { prepare } from '../../src/pipeline.js';
import { kubernetesRuntime, PRUNE_KINDS } from '../../src/targets/kubernetes/runtime.js';
import { mon, readTree, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `mon deploy/down -t kubernetes` and diffLive against test/stubs/kubectl-recorder, a recording
 * stand-in for kubectl (no cluster runs here): the exact commands, the manifests on its standard
 * input, and that no secret value is in an argument, the output tree or the stack directory.
 */
const STUB = join(ROOT, 'test/stubs/kubectl-recorder');
const PASSWORD = 'scrape-pw-7f3a91c2';
const SLACK = 'https://hooks.slack.example/services/T000/B000/slack-secret-5d2e';

let tmp: { path: string; cleanup: () => Promise<void> };
let env: Record<string, string>;
beforeEach(async () => {
  tmp = await tempDir();
  await writeFile(join(tmp.path, 'slack_url'), SLACK);
  env = {
    MON_KUBECTL: STUB,
    MON_TEST_RECORD: join(tmp.path, 'record'),
    MON_TEST_KUBE_STATE: join(tmp.path, 'cluster'),
    SCRAPE_PASSWORD: PASSWORD,
  };
});
afterEach(() => tmp.cleanup());

const spec = (dir: string, extra = '') => `apiVersion: mon/v1
project: shop
services:
  - name: api
    targets: ["api.shop.svc:8080"]
    auth: {basic: {username: prom, password: {env: SCRAPE_PASSWORD}}}
  - name: worker
    targets: ["worker.shop.svc:9000"]
${extra}exporters: {node: {enabled: false}}
alerts:
  packs:
    backend: {service: api, thresholds: {cpu: 0.8}}
notifications:
  receivers:
    - {name: oncall, webhook: {url: "http://hooks.shop.svc:5001/"}}
    - {name: slack, slack: {apiUrl: {file: ${dir}/slack_url}, channel: "#alerts"}}
  route:
    receiver: oncall
    routes: [{matchers: ['severity="critical"'], receiver: slack}, {matchers: ['severity="warning"'], receiver: oncall}]
deploy:
  target: kubernetes
  kubernetes: {namespace: shop-monitoring}
`;

const calls = async () =>
  (await readFile(env.MON_TEST_RECORD!, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
const stdinOf = (i: number) => readFile(`${env.MON_TEST_RECORD}.${i}.stdin`, 'utf8');
const docsOf = (text: string) =>
  text
    .split(/^---$/m)
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => JSON.parse(d) as { kind: string; metadata: { name: string }; data?: Record<string, string> });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const APPLY = [
  'apply',
  '--server-side',
  '--field-manager=mon',
  '--prune',
  '-l',
  'app.kubernetes.io/managed-by=mon,app.kubernetes.io/part-of=shop',
  ...PRUNE_KINDS.map((k) => `--prune-allowlist=${k}`),
];

describe('kubernetes target against the recording kubectl stand-in', () => {
  it('deploys: server dry run, server-side apply with prune, waits; secrets only on stdin', async () => {
    const file = join(tmp.path, 'monitoring.yaml');
    await writeFile(file, spec(tmp.path));
    const out = join(tmp.path, 'out');
    const stack = join(tmp.path, 'stack');
    expect((await mon(['generate', '-f', file, '-o', out])).exitCode).toBe(0);
    const r = await mon(['deploy', '-f', file, '--stack-dir', stack], { env });
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout + r.stderr).toContain('secret/mon-secrets');
    expect(await calls()).toEqual([
      // a new namespace is created first: a server dry run cannot see one the same apply would create
      ['get', 'namespace', 'shop-monitoring', '-o', 'name'],
      ['apply', '--server-side', '--field-manager=mon', '-f', '-'],
      [...APPLY, '--dry-run=server', '-f', '-'],
      [...APPLY, '-f', '-'],
      ['wait', '-n', 'shop-monitoring', '--for=condition=Available', '--timeout=30s', 'prometheus/shop'],
      ['wait', '-n', 'shop-monitoring', '--for=condition=Available', '--timeout=30s', 'alertmanager/shop'],
    ]);
    // the dry run saw exactly what was applied: the two Secrets, then the tree's resources in file order
    expect(docsOf(await stdinOf(1)).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/shop-monitoring']);
    const applied = await stdinOf(3);
    expect(await stdinOf(2)).toBe(applied);
    const docs = docsOf(applied);
    const tree = await readTree(out);
    const treeDocs = Object.keys(tree)
      .filter((p) => p.startsWith('kubernetes/'))
      .sort()
      .flatMap((p) => parseAllDocuments(tree[p]!).map((d) => d.toJS()));
    // the namespace, the two Secrets, then the tree's other resources in file order
    expect(docs.slice(0, 3).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/shop-monitoring',
      'Secret/mon-secrets',
      'Secret/mon-alertmanager-config',
    ]);
    expect(docs.slice(3)).toEqual(treeDocs.filter((d) => d.kind !== 'Namespace'));
    expect(docs[0]).toEqual(treeDocs.find((d) => d.kind === 'Namespace'));
    expect(docs[1]!.data).toEqual({
      SCRAPE_PASSWORD: b64(PASSWORD),
      [`file${join(tmp.path, 'slack_url').replace(/[^a-zA-Z0-9]+/g, '_')}`]: b64(SLACK),
      'username-api': b64('prom'),
    });
    expect(Buffer.from(docs[2]!.data!['alertmanager.yaml']!, 'base64').toString()).toBe(
      tree['alertmanager/alertmanager.yml'],
    );
    // the ScrapeConfig takes username and password from mon-secrets
    expect(tree['kubernetes/scrape/api.yaml']).toContain(
      'basicAuth:\n    username:\n      name: mon-secrets\n      key: username-api\n    password:\n      name: mon-secrets\n      key: SCRAPE_PASSWORD',
    );
    // no secret value in any argument, in the output tree or in the stack directory
    const argv = JSON.stringify(await calls());
    for (const v of [PASSWORD, SLACK, b64(PASSWORD), b64(SLACK)]) {
      expect(argv).not.toContain(v);
      for (const [p, content] of Object.entries({ ...tree, ...(await readTree(stack)) }))
        expect(content.includes(v), `${p} holds a secret value`).toBe(false);
    }
  });

  it('mon validate checks every resource against the schemas, and refuses job names that are one resource name', async () => {
    const ok = await mon(['validate', '-f', join(ROOT, 'test/golden/kubernetes-kps/monitoring.yaml'), '--json']);
    expect(ok.exitCode).toBe(0);
    const checks = (JSON.parse(ok.stdout) as { checks: Array<{ id: string; status: string; details: string }> }).checks;
    expect(checks.find((c) => c.id === 'kubernetes.schema')).toMatchObject({
      status: 'pass',
      details: '18 resources valid',
    });
    expect(checks.find((c) => c.id === 'promtool-test')).toMatchObject({ status: 'pass' });
    const file = join(tmp.path, 'clash.yaml');
    await writeFile(
      file,
      'apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api_x, targets: ["a.shop.svc:80"]}\n  - {name: api-x, targets: ["b.shop.svc:80"]}\ndeploy: {target: kubernetes}\n',
    );
    const bad = await mon(['validate', '-f', file]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout + bad.stderr).toContain(
      `${file}:5:12 services[1].name: job "api-x" and job "api_x" are both the resource "api-x" on Kubernetes`,
    );
  });

  it('refuses a deploy with a missing secret before calling kubectl', async () => {
    const file = join(tmp.path, 'monitoring.yaml');
    await writeFile(file, spec(tmp.path));
    const r = await mon(['deploy', '-f', file, '--stack-dir', join(tmp.path, 'stack')], {
      env: { ...env, SCRAPE_PASSWORD: '' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('missing secrets: env:SCRAPE_PASSWORD');
    await expect(readFile(env.MON_TEST_RECORD!, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('exits 3 saying what to install when kubectl is missing', async () => {
    const file = join(tmp.path, 'monitoring.yaml');
    await writeFile(file, spec(tmp.path));
    const r = await mon(['deploy', '-f', file, '--stack-dir', join(tmp.path, 'stack')], {
      env: { ...env, MON_KUBECTL: '', PATH: join(tmp.path, 'no-bin') },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('kubectl is not installed');
    expect(r.stderr).toContain('install kubectl');
  });

  it('diffs live (kubectl diff --server-side), prunes a removed service, and down deletes what mon applied', async () => {
    const file = join(tmp.path, 'monitoring.yaml');
    const stack = join(tmp.path, 'stack');
    await writeFile(file, spec(tmp.path));
    expect((await mon(['deploy', '-f', file, '--stack-dir', stack], { env })).exitCode).toBe(0);
    Object.assign(process.env, env);
    try {
      // nothing changed: no entry
      expect(await kubernetesRuntime.diffLive!(await prepare(file), { stackDir: stack })).toEqual([]);
      const n = (await calls()).length;
      expect((await calls())[n - 1]).toEqual([
        'diff',
        '--server-side',
        '--field-manager=mon',
        '--prune',
        '-l',
        'app.kubernetes.io/managed-by=mon,app.kubernetes.io/part-of=shop',
        ...PRUNE_KINDS.filter((k) => !k.endsWith('/Secret')).map((k) => `--prune-allowlist=${k}`),
        '-f',
        '-',
      ]);
      // the diff never sees a Secret
      expect(docsOf(await stdinOf(n - 1)).some((d) => d.kind === 'Secret')).toBe(false);
      // a threshold changed and a service removed: the rule changes, the worker's ScrapeConfig goes
      await writeFile(
        file,
        spec(tmp.path)
          .replace('cpu: 0.8', 'cpu: 0.9')
          .replace('  - name: worker\n    targets: ["worker.shop.svc:9000"]\n', ''),
      );
      const diffs = await kubernetesRuntime.diffLive!(await prepare(file), { stackDir: stack });
      expect(diffs.map((d) => [d.path, d.status])).toEqual([
        ['PrometheusRule/shop-monitoring/shop-backend-alerts', 'changed'],
        ['ScrapeConfig/shop-monitoring/worker', 'removed'],
      ]);
      expect(diffs[0]!.diff).toContain('-');
      expect(diffs[0]!.diff).toMatch(/^\+.*> 0\.9/m);
      expect(diffs[0]!.diff).toMatch(/^-.*> 0\.8/m);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    const re = await mon(['deploy', '-f', file, '--stack-dir', stack], { env });
    expect(re.exitCode).toBe(0);
    expect(re.stdout + re.stderr).toContain('scrapeconfig.monitoring.coreos.com/worker');
    const cluster = async () => (await readTree(env.MON_TEST_KUBE_STATE!)) as Record<string, string>;
    expect(Object.keys(await cluster())).not.toContain(
      'monitoring.coreos.com.v1alpha1.ScrapeConfig.shop-monitoring.worker',
    );
    expect(Object.keys(await cluster())).toContain('monitoring.coreos.com.v1alpha1.ScrapeConfig.shop-monitoring.api');

    const down = await mon(['down', '--stack-dir', stack], { env });
    expect(down.exitCode).toBe(0);
    const all = await calls();
    expect(all.at(-2)).toEqual([
      'delete',
      'configmap,secret,service,serviceaccount,statefulset.apps,daemonset.apps,clusterrole.rbac.authorization.k8s.io,clusterrolebinding.rbac.authorization.k8s.io,prometheus.monitoring.coreos.com,alertmanager.monitoring.coreos.com,prometheusrule.monitoring.coreos.com,servicemonitor.monitoring.coreos.com,podmonitor.monitoring.coreos.com,scrapeconfig.monitoring.coreos.com',
      '-l',
      'app.kubernetes.io/managed-by=mon,app.kubernetes.io/part-of=shop',
      '-n',
      'shop-monitoring',
      '--ignore-not-found',
      '--wait=true',
    ]);
    expect(all.at(-1)).toEqual([
      'delete',
      'namespace',
      'shop-monitoring',
      '-l',
      'app.kubernetes.io/managed-by=mon,app.kubernetes.io/part-of=shop',
      '--ignore-not-found',
    ]);
    expect(Object.keys(await cluster())).toEqual([]);
  });
});
