import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfigs } from '../../../src/import/index.js';
import { roundTrip } from '../../helpers/roundtrip.js';

/** What `mon import` does with the settings real configs have and the spec says otherwise, or not at all. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mon-import-map-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
const file = async (name: string, text: string) => {
  await writeFile(join(dir, name), text);
  return join(dir, name);
};
const notes = (r: Awaited<ReturnType<typeof importConfigs>>) => r.notes.map((n) => `${n.kind} ${n.at}: ${n.message}`);

describe('mon import: mapping', () => {
  it('a job name the spec cannot take as a service name keeps it as job:, secrets become references', async () => {
    const p = await file(
      'p.yml',
      `global: {scrape_interval: 30s, external_labels: {cluster: Prod-EU}}
scrape_configs:
  - job_name: Node_Exporter.hosts
    basic_auth: {username: prom, password: s3cret}
    static_configs:
      - targets: [a:9100, b:9100]
        labels: {team: infra}
    relabel_configs: [{action: drop, source_labels: [x]}]
`,
    );
    const r = await importConfigs([p]);
    expect(r.spec.project).toBe('prod-eu');
    expect(r.spec.services).toEqual([
      {
        name: 'node_exporter-hosts',
        targets: ['a:9100', 'b:9100'],
        job: 'Node_Exporter.hosts',
        labels: { team: 'infra' },
        auth: { basic: { username: 'prom', password: { env: 'NODE_EXPORTER_HOSTS_SCRAPE_PASSWORD' } } },
      },
    ]);
    expect(r.yaml).not.toContain('s3cret');
    expect(notes(r)).toEqual([
      'adapted scrape_configs[job=Node_Exporter.hosts].basic_auth.password: the inline secret is a reference now: set the environment variable NODE_EXPORTER_HOSTS_SCRAPE_PASSWORD to it before `mon deploy`',
      'unmapped scrape_configs[job=Node_Exporter.hosts].relabel_configs: the spec has no setting for relabel_configs; left out',
    ]);
    expect(r.yaml).toContain(
      '        password:\n          # the inline secret is a reference now: set the environment variable NODE_EXPORTER_HOSTS_SCRAPE_PASSWORD to it before `mon deploy`\n          env: NODE_EXPORTER_HOSTS_SCRAPE_PASSWORD\n',
    );
  });

  it('rule groups as Prometheus has them: name, interval, limit, query_offset kept; a refused rule left out, located', async () => {
    const rules = await file(
      'r.yml',
      `groups:
  - name: Kube-APIServer.SLOs
    interval: 3m
    limit: 10
    query_offset: 1m
    rules:
      - record: apiserver:availability30d
        expr: sum(up)
      - alert: Broken
        expr: rate(x)
        labels: {severity: page}
      - alert: Disk (full)
        expr: |
          node_filesystem_avail_bytes == 0
        for: 0
        keep_firing_for: 5m
        labels: {severity: critical, ratio: 1.0, page: true, team: }
        annotations: {summary: full, runbook: 'http://x/{{ $labels.instance }}'}
      - alert: Disk (full)
        expr: node_filesystem_avail_bytes < 1e9
        labels: {severity: warning}
  - name: other
    concurrency: 2
    labels: {team: infra}
    rules: []
`,
    );
    const r = await importConfigs([rules]);
    expect(r.groups).toEqual({ 'Kube-APIServer.SLOs': 'Kube-APIServer.SLOs', other: 'other' });
    expect(r.spec.alerts).toEqual({
      groups: [
        {
          name: 'Kube-APIServer.SLOs',
          interval: '3m',
          limit: 10,
          queryOffset: '1m',
          rules: [
            { record: 'apiserver:availability30d', expr: 'sum(up)' },
            {
              alert: 'Disk (full)',
              expr: 'node_filesystem_avail_bytes == 0',
              for: '0',
              keepFiringFor: '5m',
              severity: 'critical',
              labels: { ratio: '1.0', page: 'true', team: '' },
              summary: 'full',
              annotations: { runbook: 'http://x/{{ $labels.instance }}' },
            },
            { alert: 'Disk (full)', expr: 'node_filesystem_avail_bytes < 1e9', severity: 'warning' },
          ],
        },
        { name: 'other', rules: [] },
      ],
    });
    expect(r.counts.rules).toBe(3);
    expect(notes(r)).toEqual([
      "unmapped groups[other].labels: group labels (Prometheus 3): the spec's groups have none; left out (add them to each rule's labels)",
      'unmapped groups[other].concurrency: Prometheus does not read it (another rule engine does); left out',
      "unmapped groups[Kube-APIServer.SLOs].rules[Broken]: mon's spec refuses it (alerts.groups[0].rules[1].expr), so it was left out: rate() takes a range vector as its first argument, got an instant vector: write rate(x[5m])",
    ]);
  });

  it('a group setting mon refuses is left out of its group alone, at its place in the input', async () => {
    const rules = await file(
      'interval0.yml',
      'groups:\n  - name: g\n    interval: 0s\n    limit: 3\n    rules: [{record: a:up, expr: up}]\n',
    );
    const r = await importConfigs([rules]);
    expect(r.spec.alerts!.groups).toEqual([{ name: 'g', limit: 3, rules: [{ record: 'a:up', expr: 'up' }] }]);
    expect(notes(r)).toEqual([
      'unmapped groups[g].interval: mon\'s spec refuses it (alerts.groups[0].interval), so it was left out: must be longer than 0, got "0s"',
    ]);
  });

  it('two groups that would share a rule file: the second is renamed, and says so', async () => {
    const a = await file('a.yml', 'groups:\n  - name: node\n    rules: [{record: a:up, expr: up}]\n');
    const b = await file(
      'b.yml',
      'groups:\n  - name: node\n    rules: [{record: b:up, expr: up}]\n  - {name: a b, rules: []}\n  - {name: a_b, rules: []}\n',
    );
    const r = await importConfigs([a, b]);
    expect(r.spec.alerts!.groups!.map((g) => g.name)).toEqual(['node', 'node-2', 'a b', 'a_b-2']);
    expect(notes(r)).toEqual([
      `adapted groups[node].name: group "node" is renamed "node-2": mon writes one rule file per group name, and group "node" of ${a} has node.yml`,
      `adapted groups[a_b].name: group "a_b" is renamed "a_b-2": mon writes one rule file per group name, and group "a b" of ${b} has a_b.yml`,
    ]);
    expect(r.yaml).toContain('    - name: node-2 # group "node" is renamed "node-2": ');
  });

  it('receivers: kinds outside the table, a second config of a kind, send_resolved as Alertmanager defaults it', async () => {
    const am = await file(
      'am.yml',
      `route: {receiver: ops}
receivers:
  - name: ops
    slack_configs:
      - {api_url_file: /etc/am/slack, channel: '#ops'}
      - {api_url_file: /etc/am/slack2, channel: '#ops2'}
    opsgenie_configs: [{api_key: k}]
  - name: only-opsgenie
    opsgenie_configs: [{api_key: k}]
`,
    );
    const r = await importConfigs([am]);
    expect(r.spec.notifications!.receivers).toEqual([
      { name: 'ops', slack: { apiUrl: { file: '/etc/am/slack' }, sendResolved: false, channel: '#ops' } },
      { name: 'only-opsgenie' },
    ]);
    expect(r.spec.notifications!.route).toEqual({
      receiver: 'ops',
      groupBy: [],
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '4h',
    });
    expect(r.spec.notifications!.inhibit).toEqual([]);
    expect(notes(r)).toEqual([
      'unmapped receivers[ops].slack_configs[1:]: 1 more slack_configs: the spec has one of each kind per receiver; the first is kept',
      "unmapped receivers[ops].opsgenie_configs: opsgenie receivers are not in mon's receiver table; left out",
      "unmapped receivers[only-opsgenie].opsgenie_configs: opsgenie receivers are not in mon's receiver table; left out",
      'adapted receivers[only-opsgenie]: nothing of this receiver could be mapped: it is a null receiver now',
    ]);
  });

  it('remote_write with basic auth, queue settings and keep/drop by metric name round-trips', async () => {
    const p = await file(
      'rw.yml',
      `global: {scrape_interval: 15s}
scrape_configs:
  - job_name: app
    static_configs: [{targets: ['app:8000']}]
remote_write:
  - url: http://victoria:8428/api/v1/write
    name: vm
    basic_auth: {username: prom, password_file: /run/secrets/vm}
    queue_config: {max_samples_per_send: 2000, batch_send_deadline: 5s}
    write_relabel_configs:
      - {source_labels: [__name__], regex: 'up|node_.*', action: keep}
      - {source_labels: [__name__], regex: 'node_scrape_.*', action: drop}
  - url: http://other/api/v1/write
    write_relabel_configs: [{source_labels: [job], regex: x, action: drop}]
`,
    );
    const { result, differences } = await roundTrip([p]);
    expect(result.spec.prometheus!.remoteWrite).toEqual([
      {
        url: 'http://victoria:8428/api/v1/write',
        name: 'vm',
        auth: { basic: { username: 'prom', password: { file: '/run/secrets/vm' } } },
        queue: { maxSamplesPerSend: 2000, batchSendDeadline: '5s' },
        writeRelabel: { keep: 'up|node_.*', drop: 'node_scrape_.*' },
      },
      { url: 'http://other/api/v1/write' },
    ]);
    expect(notes(result)).toEqual([
      'unmapped remote_write[1].write_relabel_configs: the spec has no setting for write_relabel_configs; left out',
    ]);
    // the second remote_write lost its relabelling, as reported; the first is as it was
    expect(differences).toEqual([
      'prometheus.other.remote_write[1].write_relabel_configs: input [{"source_labels":["job"],"regex":"x","action":"drop"}], generated absent',
    ]);
  });
});
