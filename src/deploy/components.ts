import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { files, GRAFANA_DASHBOARDS_ENV, readyPaths } from '../model/conventions.js';
import type { Model, Secret } from '../model/types.js';
import { prometheusVersionFlags } from '../model/versions.js';
import { componentSecrets } from '../secrets/resolve.js';
import { findBinary } from '../tools/binaries.js';

/** The stack directory's layout: the active config tree, data, logs, and mon's own state. */
export const stackPaths = (dir: string) => {
  const stack = resolve(dir); // processes run elsewhere: every path they get is absolute
  return {
  config: join(stack, 'config'),
  next: join(stack, 'config.next'),
  prev: join(stack, 'config.prev'),
  data: (c: string) => join(stack, 'data', c),
  log: (c: string) => join(stack, 'logs', `${c}.log`),
  state: join(stack, 'state.json'),
  root: stack,
  };
};

export type ComponentName = 'prometheus' | 'alertmanager' | 'node_exporter' | 'tempo' | 'grafana' | 'loki' | 'dingtalk';

/** How one component runs on the local target. */
export interface ComponentPlan {
  name: ComponentName;
  /** undefined when not found: the component is not deployed */
  binary?: string;
  /** why it is not deployed */
  missing?: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  port: number;
  readyUrl: string;
  /** POST here to reload the config without a restart */
  reloadUrl?: string;
  /** generated files it reads (paths in the tree); a change means reload or restart */
  reads: (path: string) => boolean;
  /** secrets it needs resolved before it starts */
  secrets: Secret[];
}

const COMPOSE_HINT = 'or deploy with --target compose';

/** Grafana needs its home (static files): next to the binary in a release archive, or Debian's. */
function grafanaHome(binary: string): string {
  const beside = dirname(dirname(binary));
  return existsSync(join(beside, 'public')) ? beside : '/usr/share/grafana';
}

export function localPlans(model: Model, stack: string): ComponentPlan[] {
  const p = stackPaths(stack);
  const cfg = (path: string) => join(p.config, path);
  const plans: ComponentPlan[] = [];
  const secrets = componentSecrets(model);
  const add = (name: ComponentName, tool: Parameters<typeof findBinary>[0], plan: Omit<ComponentPlan, 'name' | 'binary' | 'missing'>) => {
    const found = findBinary(tool);
    plans.push({ name, ...plan, ...(found.path ? { binary: found.path } : { missing: `${found.install}, ${COMPOSE_HINT}` }) });
  };
  const pr = model.prometheus;
  add('prometheus', 'prometheus', {
    args: [
      `--config.file=${cfg(files.prometheusConfig)}`,
      `--storage.tsdb.path=${p.data('prometheus')}`,
      ...prometheusVersionFlags(pr),
      `--web.listen-address=${pr.listenHost}:${pr.port}`,
      '--web.enable-lifecycle',
      ...(pr.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ],
    cwd: p.config,
    env: {},
    port: pr.port,
    readyUrl: `http://${pr.address}${readyPaths.prometheus}`,
    reloadUrl: `http://${pr.address}/-/reload`,
    reads: (f) => f.startsWith('prometheus/') && !f.startsWith('prometheus/tests/'),
    secrets: secrets.prometheus,
  });
  const am = model.alertmanager;
  if (am.enabled) {
    add('alertmanager', 'alertmanager', {
      args: [`--config.file=${cfg(files.alertmanagerConfig)}`, `--storage.path=${p.data('alertmanager')}`, `--web.listen-address=${am.listenHost}:${am.port}`, '--cluster.listen-address='],
      cwd: p.config,
      env: {},
      port: am.port,
      readyUrl: `http://${am.address}${readyPaths.alertmanager}`,
      reloadUrl: `http://${am.address}/-/reload`,
      reads: (f) => f.startsWith('alertmanager/'),
      secrets: secrets.alertmanager,
    });
  }
  const node = model.nodeExporter;
  if (node.enabled) {
    add('node_exporter', 'node_exporter', {
      args: [`--web.listen-address=${node.listenHost}:${node.port}`],
      cwd: p.config,
      env: {},
      port: node.port,
      readyUrl: `http://${node.address}${readyPaths.node_exporter}`,
      reads: () => false,
      secrets: [],
    });
  }
  const t = model.tempo;
  if (t.enabled) {
    add('tempo', 'tempo', {
      args: [`-config.file=${cfg(files.tempoConfig)}`, ...(secrets.tempo.length ? ['-config.expand-env=true'] : [])],
      cwd: p.data('tempo'),
      env: {},
      port: t.ports.http,
      readyUrl: `http://${t.address}${readyPaths.tempo}`,
      reads: (f) => f.startsWith('tempo/'),
      secrets: secrets.tempo,
    });
  }
  const g = model.grafana;
  if (g.enabled) {
    const found = findBinary('grafana');
    const server = found.path?.endsWith('grafana-server') ? [] : ['server'];
    add('grafana', 'grafana', {
      args: [
        ...server,
        `--homepath=${found.path ? grafanaHome(found.path) : ''}`,
        `--config=${cfg(files.grafanaIni)}`,
        `cfg:default.paths.provisioning=${cfg('grafana/provisioning')}`,
        `cfg:default.paths.data=${p.data('grafana')}`,
        `cfg:default.paths.logs=${p.data('grafana')}`,
      ],
      cwd: p.data('grafana'),
      env: { [GRAFANA_DASHBOARDS_ENV]: cfg('grafana/dashboards') },
      port: g.port,
      readyUrl: `http://${g.address}${readyPaths.grafana}`,
      reads: (f) => f.startsWith('grafana/'),
      secrets: secrets.grafana,
    });
  }
  if (model.loki.enabled) {
    plans.push({
      name: 'loki', missing: 'mon renders no Loki config for the local target yet: deploy with --target compose', args: [], cwd: p.config, env: {},
      port: model.loki.port, readyUrl: `http://${model.loki.address}${readyPaths.loki}`, reads: () => false, secrets: [],
    });
  }
  if (model.dingtalk) {
    add('dingtalk', 'dingtalk', {
      args: [`--config.file=${join(p.config, files.dingtalkResolved)}`, `--web.listen-address=${model.dingtalk.listenHost}:${model.dingtalk.port}`],
      cwd: p.config,
      env: {},
      port: model.dingtalk.port,
      readyUrl: `http://${model.dingtalk.address}${readyPaths.dingtalk}`,
      reads: (f) => f.startsWith('dingtalk/') || f === files.dingtalkResolved,
      secrets: secrets.dingtalk,
    });
  }
  return plans;
}
