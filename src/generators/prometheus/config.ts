import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader } from '../../model/conventions.js';
import type { Model, RemoteWrite, ScrapeJob } from '../../model/types.js';
import { externalLabelValue, prometheusFeatures, prometheusStorage } from '../../model/versions.js';
import type { Generator } from '../types.js';
import { placementOf } from '../../targets/index.js';

function scrapeConfig(model: Model, job: ScrapeJob): Record<string, unknown> {
  const c: Record<string, unknown> = { job_name: job.name };
  if (job.interval) c.scrape_interval = job.interval;
  if (job.timeout) c.scrape_timeout = job.timeout;
  if (job.metricsPath !== '/metrics') c.metrics_path = job.metricsPath;
  if (job.scheme !== 'http') c.scheme = job.scheme;
  if (Object.keys(job.params).length) c.params = job.params;
  if (job.honorLabels) c.honor_labels = true;
  if (job.auth?.kind === 'basic')
    c.basic_auth = { username: job.auth.username, password_file: placementOf(model).secretFile(job.auth.password) };
  if (job.auth?.kind === 'bearer')
    c.authorization = { type: 'Bearer', credentials_file: placementOf(model).secretFile(job.auth.token) };
  const target: Record<string, unknown> = { targets: job.targets };
  if (Object.keys(job.labels).length) target.labels = job.labels;
  c.static_configs = [target];
  // blackbox_exporter's multi-target pattern: the target becomes ?target= and the instance label, the scrape goes to the exporter
  if (job.probe)
    // with Prometheus's defaults spelled out (separator, regex, replacement, action), as its live config shows them
    c.relabel_configs = [
      {
        source_labels: ['__address__'],
        separator: ';',
        regex: '(.*)',
        target_label: '__param_target',
        replacement: '$1',
        action: 'replace',
      },
      {
        source_labels: ['__param_target'],
        separator: ';',
        regex: '(.*)',
        target_label: 'instance',
        replacement: '$1',
        action: 'replace',
      },
      { separator: ';', regex: '(.*)', target_label: '__address__', replacement: job.probe.via, action: 'replace' },
    ];
  // 3.x fails a scrape whose Content-Type it cannot parse; an application's exporter may send none
  if (job.source[0] === 'services' && prometheusFeatures(model.prometheus.version).fallbackScrapeProtocol)
    c.fallback_scrape_protocol = 'PrometheusText0.0.4';
  return c;
}

/** remote_write entry: upstream config/config.go RemoteWriteConfig and QueueConfig at v0.316.0 (the same keys in 2.42). */
function remoteWrite(model: Model, w: RemoteWrite): Record<string, unknown> {
  const c: Record<string, unknown> = { url: w.url };
  if (w.name) c.name = w.name;
  if (w.auth?.kind === 'basic')
    c.basic_auth = { username: w.auth.username, password_file: placementOf(model).secretFile(w.auth.password) };
  if (w.auth?.kind === 'bearer')
    c.authorization = { type: 'Bearer', credentials_file: placementOf(model).secretFile(w.auth.token) };
  const q = w.queue;
  const queue: Record<string, unknown> = {};
  if (q.capacity !== undefined) queue.capacity = q.capacity;
  if (q.minShards !== undefined) queue.min_shards = q.minShards;
  if (q.maxShards !== undefined) queue.max_shards = q.maxShards;
  if (q.maxSamplesPerSend !== undefined) queue.max_samples_per_send = q.maxSamplesPerSend;
  if (q.batchSendDeadline !== undefined) queue.batch_send_deadline = q.batchSendDeadline;
  if (q.minBackoff !== undefined) queue.min_backoff = q.minBackoff;
  if (q.maxBackoff !== undefined) queue.max_backoff = q.maxBackoff;
  if (Object.keys(queue).length) c.queue_config = queue;
  if (w.sendExemplars) c.send_exemplars = true;
  const relabel = [];
  if (w.writeRelabel?.keep) relabel.push({ source_labels: ['__name__'], regex: w.writeRelabel.keep, action: 'keep' });
  if (w.writeRelabel?.drop) relabel.push({ source_labels: ['__name__'], regex: w.writeRelabel.drop, action: 'drop' });
  if (relabel.length) c.write_relabel_configs = relabel;
  return c;
}

export function prometheusConfig(model: Model): Record<string, unknown> {
  const p = model.prometheus;
  const global: Record<string, unknown> = {
    scrape_interval: p.scrapeInterval,
    scrape_timeout: p.scrapeTimeout,
    evaluation_interval: p.evaluationInterval,
  };
  if (Object.keys(p.externalLabels).length) {
    global.external_labels = Object.fromEntries(
      Object.entries(p.externalLabels).map(([k, v]) => [k, externalLabelValue(v, p.version)]),
    );
  }
  const config: Record<string, unknown> = { global };
  const storage = prometheusStorage(p);
  if (storage) config.storage = storage;
  if (model.alertmanager.enabled) {
    config.alerting = {
      alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [model.alertmanager.address] }] }],
    };
  }
  if (model.ruleGroups.length) config.rule_files = model.ruleGroups.map((g) => files.ruleFileFromConfig(g.name));
  config.scrape_configs = model.jobs.map((j) => scrapeConfig(model, j));
  if (p.remoteWrite.length) config.remote_write = p.remoteWrite.map((w) => remoteWrite(model, w));
  return config;
}

export const prometheusConfigGenerator: Generator = {
  name: 'prometheus-config',
  generate: (model) => [
    { path: files.prometheusConfig, content: toYaml(prometheusConfig(model), generatedHeader(model.specName)) },
  ],
};
