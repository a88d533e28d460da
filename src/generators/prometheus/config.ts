import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader } from '../../model/conventions.js';
import type { Model, ScrapeJob } from '../../model/types.js';
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
  if (job.auth?.kind === 'basic') c.basic_auth = { username: job.auth.username, password_file: placementOf(model).secretFile(job.auth.password) };
  if (job.auth?.kind === 'bearer') c.authorization = { type: 'Bearer', credentials_file: placementOf(model).secretFile(job.auth.token) };
  const target: Record<string, unknown> = { targets: job.targets };
  if (Object.keys(job.labels).length) target.labels = job.labels;
  c.static_configs = [target];
  return c;
}

export function prometheusConfig(model: Model): Record<string, unknown> {
  const p = model.prometheus;
  const global: Record<string, unknown> = {
    scrape_interval: p.scrapeInterval,
    scrape_timeout: p.scrapeTimeout,
    evaluation_interval: p.evaluationInterval,
  };
  if (Object.keys(p.externalLabels).length) global.external_labels = p.externalLabels;
  const config: Record<string, unknown> = { global };
  if (model.alertmanager.enabled) {
    config.alerting = { alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [model.alertmanager.address] }] }] };
  }
  if (model.ruleGroups.length) config.rule_files = model.ruleGroups.map((g) => files.ruleFileFromConfig(g.name));
  config.scrape_configs = model.jobs.map((j) => scrapeConfig(model, j));
  return config;
}

export const prometheusConfigGenerator: Generator = {
  name: 'prometheus-config',
  generate: (model) => [{ path: files.prometheusConfig, content: toYaml(prometheusConfig(model), generatedHeader(model.specName)) }],
};
