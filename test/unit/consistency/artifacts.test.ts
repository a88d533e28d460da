import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../../src/artifacts/types.js';
import { artifactProblems } from '../../../src/consistency/artifacts.js';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { loadSpec } from '../../../src/spec/load.js';
import { ROOT } from '../../helpers/cli.js';

const source = await readFile(join(ROOT, 'examples/mystocks/monitoring.yaml'), 'utf8');
const model = normalize(loadSpec(source, 'monitoring.yaml').spec, 'monitoring.yaml');
const good = await generateAll(model);

/** A copy of the generated files with one file changed. */
const edit = (path: string, change: (content: string) => string): Artifact[] =>
  good.map((a) => (a.path === path ? { ...a, content: change(a.content) } : a));
const editJson = (path: string, change: (d: Record<string, any>) => void) =>
  edit(path, (c) => {
    const d = JSON.parse(c);
    change(d);
    return JSON.stringify(d);
  });
const messages = (artifacts: Artifact[], m = model) =>
  artifactProblems(artifacts, m).map((d) => `${d.file} ${d.path}: ${d.message}`);

describe('consistency of the generated Grafana and Tempo files', () => {
  it('finds nothing wrong with examples/mystocks', () => {
    expect(messages(good)).toEqual([]);
  });

  it('catches a dashboard panel whose datasource uid does not exist', () => {
    const broken = editJson(files.grafanaDashboard('backend-monitoring'), (d) => (d.panels[0].datasource.uid = 'prom'));
    expect(messages(broken)).toEqual([
      'grafana/dashboards/backend-monitoring.json panels[0].datasource.uid: datasource uid "prom" does not exist (datasources: prometheus, alertmanager, tempo, loki)',
    ]);
  });

  it('catches duplicate panel ids, repeated refIds, and a query that does not parse', () => {
    const broken = editJson(files.grafanaDashboard('system-resources'), (d) => {
      d.panels[1].id = d.panels[0].id;
      d.panels[3].targets[1].refId = 'A';
      d.panels[4].targets[0].expr = 'node_load1{';
    });
    expect(messages(broken)).toEqual([
      'grafana/dashboards/system-resources.json panels[1].id: panel id 1 is used twice',
      'grafana/dashboards/system-resources.json panels[3].targets[1].refId: panel "Network traffic": refId "A" is missing or repeated',
      'grafana/dashboards/system-resources.json panels[4].targets[0].expr: panel "Load (1m)": invalid PromQL: unexpected end of expression',
    ]);
  });

  it('catches a dashboard missing its essentials and a panel off the grid', () => {
    const broken = editJson(files.grafanaDashboard('alerts'), (d) => {
      delete d.schemaVersion;
      d.panels[0].gridPos.w = 30;
    });
    expect(messages(broken)).toEqual([
      'grafana/dashboards/alerts.json schemaVersion: dashboard has no schemaVersion',
      'grafana/dashboards/alerts.json panels[0].gridPos: panel "Firing" has no valid gridPos (24 columns)',
    ]);
  });

  it('refuses a Tempo key Tempo would not know', () => {
    const broken = edit(files.tempoConfig, (c) => c.replace('compactor:\n  compaction:', 'compactor:\n  compation:'));
    expect(messages(broken)).toEqual(['tempo/tempo.yaml compactor: must NOT have additional properties "compation"']);
  });

  it('catches Tempo writing to a Prometheus without the remote-write receiver', () => {
    const off = { ...model, prometheus: { ...model.prometheus, remoteWriteReceiver: false } };
    expect(messages(good, off)).toEqual([
      'tempo/tempo.yaml metrics_generator.storage.remote_write[0].url: Prometheus runs without --web.enable-remote-write-receiver: these writes would get 404s and no service graph would appear',
    ]);
  });

  it('catches remote_write aimed at another Prometheus, and an ingester block on Tempo 3', () => {
    const broken = edit(files.tempoConfig, (c) =>
      c.replace('http://127.0.0.1:19090/api/v1/write', 'http://prometheus:9090/api/v1/write'),
    );
    const v3 = { ...model, tempo: { ...model.tempo, version: '3' as const } };
    expect(messages(broken, v3)).toEqual([
      "tempo/tempo.yaml metrics_generator.storage.remote_write[0].url: writes to http://prometheus:9090/api/v1/write, not to this stack's Prometheus (http://127.0.0.1:19090/api/v1/write)",
      'tempo/tempo.yaml ingester: Tempo 3.x has no ingester block',
      // 3.0 reads its config strictly and has no compactor (cmd/tempo/app/config.go at v3.0.0)
      'tempo/tempo.yaml compactor: Tempo 3.0 has no compactor block: retention is backend_worker.compaction.block_retention',
    ]);
  });

  it("catches Grafana's service map pointing at a datasource that is not that Prometheus", () => {
    const broken = edit(files.grafanaDatasources, (c) =>
      c.replace(/serviceMap:\n(\s+)datasourceUid: prometheus/, 'serviceMap:\n$1datasourceUid: loki'),
    );
    expect(messages(broken)).toEqual([
      'grafana/provisioning/datasources/mon.yml Tempo.jsonData.serviceMap: the service map reads from loki, which is not a Prometheus datasource',
    ]);
  });
});
