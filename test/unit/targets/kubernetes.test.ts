import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { prepare } from '../../../src/pipeline.js';
import { parseKubectlDiff } from '../../../src/targets/kubernetes/runtime.js';
import { quantity } from '../../../src/targets/kubernetes/resources.js';
import { kpsFullname } from '../../../src/targets/kubernetes/conventions.js';
import { manifestProblems, resourcesOf } from '../../../src/targets/kubernetes/validate.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

/**
 * Every resource the kubernetes target emits, against the prometheus-operator CRD schemas
 * (v0.90.1) and Kubernetes' own (@kubernetes-models validators), in both modes; and that the
 * check finds what the API server would refuse, located back to the spec.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await tempDir()));
afterAll(() => tmp.cleanup());

const kinds = (artifacts: Awaited<ReturnType<typeof prepare>>['artifacts']) => {
  const count: Record<string, number> = {};
  for (const { resource } of resourcesOf(artifacts)) count[resource.kind!] = (count[resource.kind!] ?? 0) + 1;
  return count;
};

describe('kubernetes resources against their schemas', () => {
  it('standalone: every resource of the MyStocks example is valid', async () => {
    const p = await prepare(join(ROOT, 'test/golden/kubernetes/monitoring.yaml'));
    expect(await manifestProblems(p.model, p.artifacts, p.loaded)).toEqual([]);
    expect(kinds(p.artifacts)).toEqual({
      Namespace: 1,
      ServiceAccount: 1,
      ClusterRole: 1,
      ClusterRoleBinding: 1,
      Prometheus: 1,
      Alertmanager: 1,
      ScrapeConfig: 4,
      DaemonSet: 1,
      PodMonitor: 1,
      PrometheusRule: 4,
      ConfigMap: 7,
      StatefulSet: 1,
      Service: 1,
    });
  });

  it('kube-prometheus-stack: every resource valid, each with the release label, and no Prometheus/Alertmanager of its own', async () => {
    const p = await prepare(join(ROOT, 'test/golden/kubernetes-kps/monitoring.yaml'));
    expect(await manifestProblems(p.model, p.artifacts, p.loaded)).toEqual([]);
    expect(kinds(p.artifacts)).toEqual({
      ScrapeConfig: 3,
      ServiceMonitor: 2,
      PrometheusRule: 4,
      ConfigMap: 7,
      StatefulSet: 1,
      Service: 1,
    });
    for (const { resource } of resourcesOf(p.artifacts))
      expect(resource.metadata?.labels).toMatchObject({
        release: 'kube-prometheus-stack',
        'app.kubernetes.io/managed-by': 'mon',
      });
    // kube-prometheus-stack provisions the Prometheus and Alertmanager datasources itself, uids prometheus and alertmanager
    const ds = resourcesOf(p.artifacts).find((r) => r.path === 'kubernetes/grafana/datasources.yaml')!.resource;
    const text = Object.values(ds.data as Record<string, string>)[0]!;
    expect(text).not.toMatch(/uid: (prometheus|alertmanager)$/m);
    expect(text).toMatch(/uid: tempo$/m);
  });

  it('a project name with _ still gives DNS-1123 resource names', async () => {
    const file = join(tmp.path, 'underscore.yaml');
    await writeFile(
      file,
      'apiVersion: mon/v1\nproject: my_shop\nservices: [{name: api, targets: ["api.shop.svc:80"]}]\ndeploy: {target: kubernetes}\n',
    );
    const p = await prepare(file);
    expect(await manifestProblems(p.model, p.artifacts, p.loaded)).toEqual([]);
    expect(resourcesOf(p.artifacts).find((r) => r.resource.kind === 'Prometheus')!.resource.metadata!.name).toBe(
      'my-shop',
    );
  });

  it('finds what the API server would refuse, located in the spec', async () => {
    const file = join(tmp.path, 'clash.yaml');
    await writeFile(
      file,
      [
        'apiVersion: mon/v1',
        'project: shop',
        'services:',
        '  - {name: api_x, targets: ["a.shop.svc:80"]}',
        '  - {name: api-x, targets: ["b.shop.svc:80"]}',
        '',
      ].join('\n'),
    );
    // -t kubernetes on a spec that does not say so: the spec rule on job names (deploy.target) does not see it
    const p = await prepare(file, 'kubernetes');
    // a resource edited by hand as the API server would see it: a bad duration and an unknown enum
    const edited = p.artifacts.map((a) => {
      if (a.path !== 'kubernetes/scrape/prometheus.yaml') return a;
      const doc = parseAllDocuments(a.content)[0]!.toJS() as { spec: Record<string, unknown> };
      doc.spec.scrapeInterval = '1.5m';
      doc.spec.scheme = 'FTP';
      return { ...a, content: `---\n${stringify(doc)}` };
    });
    expect(await manifestProblems(p.model, edited, p.loaded)).toEqual([
      `kubernetes/scrape/api_x.yaml ScrapeConfig api-x: also emitted by kubernetes/scrape/api-x.yaml (${file}:4:5 services[0])`,
      `kubernetes/scrape/prometheus.yaml ScrapeConfig prometheus /spec/scheme: must be equal to one of the allowed values (${file}:1:1 prometheus)`,
      `kubernetes/scrape/prometheus.yaml ScrapeConfig prometheus /spec/scrapeInterval: must match pattern "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$" (${file}:1:1 prometheus)`,
    ]);
  });
});

describe('kubernetes helpers', () => {
  it("names kube-prometheus-stack's resources as its fullname template does", () => {
    // prometheus-kube-prometheus-prometheus is the Service of a release named prometheus
    expect(
      ['kube-prometheus-stack', 'prometheus', 'monitoring', 'prom', 'my-kube-prometheus-stack-prod'].map(kpsFullname),
    ).toEqual([
      'kube-prometheus-stack',
      'prometheus-kube-prometheus',
      'monitoring-kube-prometheus',
      'prom-kube-prometheus-stack',
      'my-kube-prometheus-stack-p',
    ]);
  });

  it('reads Compose sizes as Docker does (binary units) and writes Kubernetes quantities', () => {
    expect(['2G', '512M', '1.5G', '100k', '1024', '3g'].map(quantity)).toEqual([
      '2Gi',
      '512Mi',
      '1536Mi',
      '100Ki',
      '1Ki',
      '3Gi',
    ]);
  });

  it('splits kubectl diff output per object: changed, added, removed', () => {
    const out = [
      'diff -u -N /tmp/LIVE-1/monitoring.coreos.com.v1.PrometheusRule.ns.rules /tmp/MERGED-1/monitoring.coreos.com.v1.PrometheusRule.ns.rules',
      '--- /tmp/LIVE-1/monitoring.coreos.com.v1.PrometheusRule.ns.rules\t2026-01-01',
      '+++ /tmp/MERGED-1/monitoring.coreos.com.v1.PrometheusRule.ns.rules\t2026-01-01',
      '@@ -3,1 +3,1 @@',
      '-  expr: a > 1',
      '+  expr: a > 2',
      'diff -u -N /tmp/LIVE-1/v1.ConfigMap.ns.new /tmp/MERGED-1/v1.ConfigMap.ns.new',
      '@@ -0,0 +1,2 @@',
      '+kind: ConfigMap',
      'diff -u -N /tmp/LIVE-1/monitoring.coreos.com.v1alpha1.ScrapeConfig.ns.old /tmp/MERGED-1/monitoring.coreos.com.v1alpha1.ScrapeConfig.ns.old',
      '@@ -1,2 +0,0 @@',
      '-kind: ScrapeConfig',
      '',
    ].join('\n');
    expect(parseKubectlDiff(out).map((d) => [d.path, d.status])).toEqual([
      ['PrometheusRule/ns/rules', 'changed'],
      ['ConfigMap/ns/new', 'added'],
      ['ScrapeConfig/ns/old', 'removed'],
    ]);
  });
});
