import type { RemoteWriteSpec, SecretRef, ServiceSpec, Spec } from '../spec/types.js';
import { envName, type FileNotes, leftover, specName } from './notes.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prometheus's own defaults (config/config.go DefaultGlobalConfig), written explicitly so mon's differ in nothing. */
export const PROMETHEUS_GLOBAL_DEFAULTS = { scrapeInterval: '1m', scrapeTimeout: '10s', evaluationInterval: '1m' };
/** The jobs mon's stack scrapes by itself, under these names (src/model/conventions.ts jobs). */
const OWN_JOBS: Record<string, string> = {
  prometheus: "mon's Prometheus scrapes itself as job prometheus",
  alertmanager: "mon's Alertmanager is scraped as job alertmanager",
};

export interface ImportedPrometheus {
  prometheus: NonNullable<Spec['prometheus']>;
  services: ServiceSpec[];
  /** input jobs that became the stack's own (prometheus, alertmanager) */
  ownJobs: string[];
  /** rule_files as written (globs relative to the config's directory) */
  ruleFiles: string[];
}

/** A secret given inline, as a file or not at all, as the spec's reference. */
export function secretOf(
  notes: FileNotes,
  at: string,
  specPath: ReadonlyArray<string | number>,
  inline: unknown,
  file: unknown,
  env: string,
): SecretRef | undefined {
  if (typeof file === 'string') return { file };
  if (typeof inline === 'string') {
    notes.adapted(
      at,
      `the inline secret is a reference now: set the environment variable ${env} to it before \`mon deploy\``,
      specPath,
    );
    return { env };
  }
  return undefined;
}

function auth(notes: FileNotes, at: string, path: Array<string | number>, job: Json, name: string) {
  const basic = job.basic_auth;
  if (isObject(basic)) {
    const password = secretOf(
      notes,
      `${at}.basic_auth.password`,
      [...path, 'auth', 'basic', 'password'],
      basic.password,
      basic.password_file,
      envName(name, 'scrape', 'password'),
    );
    if (typeof basic.username === 'string' && password) return { basic: { username: basic.username, password } };
    notes.unmapped(`${at}.basic_auth`, 'basic auth without a username and a password; left out');
    return undefined;
  }
  const authz = isObject(job.authorization) ? job.authorization : undefined;
  if (authz && (authz.type === undefined || authz.type === 'Bearer')) {
    const token = secretOf(
      notes,
      `${at}.authorization.credentials`,
      [...path, 'auth', 'bearer'],
      authz.credentials,
      authz.credentials_file,
      envName(name, 'scrape', 'token'),
    );
    if (token) return { bearer: token };
  }
  if (job.bearer_token !== undefined || job.bearer_token_file !== undefined) {
    const token = secretOf(
      notes,
      `${at}.bearer_token`,
      [...path, 'auth', 'bearer'],
      job.bearer_token,
      job.bearer_token_file,
      envName(name, 'scrape', 'token'),
    );
    if (token) return { bearer: token };
  }
  if (authz)
    notes.unmapped(`${at}.authorization`, `authorization type ${String(authz.type)}: the spec has Bearer only`);
  return undefined;
}

const JOB_KEYS = [
  'job_name',
  'static_configs',
  'metrics_path',
  'scheme',
  'params',
  'scrape_interval',
  'scrape_timeout',
  'honor_labels',
  'basic_auth',
  'authorization',
  'bearer_token',
  'bearer_token_file',
];

/** One scrape config as a service, or undefined (noted) when it has no static targets the spec can hold. */
function service(
  notes: FileNotes,
  job: Json,
  index: number,
  taken: Set<string>,
  specIndex: number,
): ServiceSpec | undefined {
  const jobName = String(job.job_name ?? `job-${index}`);
  const at = `scrape_configs[job=${jobName}]`;
  const sd = Object.keys(job).filter((k) => k.endsWith('_sd_configs'));
  const groups = (Array.isArray(job.static_configs) ? job.static_configs : []).filter(isObject);
  const targets = groups.flatMap((g) => (Array.isArray(g.targets) ? g.targets.map(String) : []));
  if (!targets.length) {
    notes.unmapped(
      at,
      sd.length
        ? `service discovery (${sd.join(', ')}): the spec scrapes static targets only; job left out`
        : 'no static targets; job left out',
    );
    return undefined;
  }
  const bad = targets.filter((t) => !/^[^\s/:]+:[0-9]{1,5}$/.test(t));
  if (bad.length) {
    notes.unmapped(`${at}.static_configs`, `targets that are not host:port (${bad.join(', ')}); job left out`);
    return undefined;
  }
  let name = specName(jobName);
  for (let i = 2; taken.has(name); i++) name = `${specName(jobName).slice(0, 60)}-${i}`;
  taken.add(name);
  const path = ['services', specIndex];
  const s: ServiceSpec = { name, targets: [...new Set(targets)] };
  if (name !== jobName) s.job = jobName;
  const labelSets = groups.map((g) => JSON.stringify(isObject(g.labels) ? g.labels : {}));
  if (new Set(labelSets).size > 1)
    notes.unmapped(
      `${at}.static_configs`,
      "target groups with different labels: the spec has one label set per service; the first group's labels are kept",
    );
  const labels = groups[0]?.labels;
  if (isObject(labels) && Object.keys(labels).length)
    s.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  for (const [i, g] of groups.entries()) leftover(notes, `${at}.static_configs[${i}]`, g, ['targets', 'labels']);
  if (typeof job.metrics_path === 'string' && job.metrics_path !== '/metrics') s.metricsPath = job.metrics_path;
  if (job.scheme === 'https') s.scheme = 'https';
  if (isObject(job.params))
    s.params = Object.fromEntries(
      Object.entries(job.params).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]),
    );
  if (typeof job.scrape_interval === 'string') s.scrapeInterval = job.scrape_interval;
  if (typeof job.scrape_timeout === 'string') s.scrapeTimeout = job.scrape_timeout;
  if (job.honor_labels === true) s.honorLabels = true;
  const a = auth(notes, at, path, job, name);
  if (a) s.auth = a;
  leftover(notes, at, job, JOB_KEYS);
  return s;
}

function remoteWrite(notes: FileNotes, w: Json, i: number): RemoteWriteSpec | undefined {
  const at = `remote_write[${i}]`;
  if (typeof w.url !== 'string') return void notes.unmapped(at, 'no url; left out');
  const out: RemoteWriteSpec = { url: w.url };
  if (typeof w.name === 'string') out.name = w.name;
  if (isObject(w.basic_auth) && typeof w.basic_auth.username === 'string') {
    const password = secretOf(
      notes,
      `${at}.basic_auth.password`,
      ['prometheus', 'remoteWrite', i, 'auth'],
      w.basic_auth.password,
      w.basic_auth.password_file,
      envName('remote_write', String(i), 'password'),
    );
    if (password) out.auth = { basic: { username: w.basic_auth.username, password } };
  }
  const q = isObject(w.queue_config) ? w.queue_config : undefined;
  if (q) {
    const map = {
      capacity: 'capacity',
      min_shards: 'minShards',
      max_shards: 'maxShards',
      max_samples_per_send: 'maxSamplesPerSend',
      batch_send_deadline: 'batchSendDeadline',
      min_backoff: 'minBackoff',
      max_backoff: 'maxBackoff',
    } as const;
    const queue: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(map)) if (q[k] !== undefined) queue[v] = q[k];
    if (Object.keys(queue).length) out.queue = queue as RemoteWriteSpec['queue'];
    leftover(notes, `${at}.queue_config`, q, Object.keys(map));
  }
  if (w.send_exemplars === true) out.sendExemplars = true;
  const known = ['url', 'name', 'basic_auth', 'queue_config', 'send_exemplars'];
  // keep/drop by metric name is the spec's writeRelabel; anything else is not
  const relabel = Array.isArray(w.write_relabel_configs) ? w.write_relabel_configs.filter(isObject) : [];
  const byName = (r: Json) =>
    Array.isArray(r.source_labels) &&
    r.source_labels.length === 1 &&
    r.source_labels[0] === '__name__' &&
    typeof r.regex === 'string' &&
    (r.action === 'keep' || r.action === 'drop') &&
    Object.keys(r).every((k) => ['source_labels', 'regex', 'action'].includes(k));
  const actions = relabel.map((r) => r.action);
  if (relabel.length && relabel.length <= 2 && relabel.every(byName) && new Set(actions).size === actions.length) {
    out.writeRelabel = Object.fromEntries(relabel.map((r) => [r.action as string, r.regex as string]));
    known.push('write_relabel_configs');
  }
  leftover(notes, at, w, known);
  return out;
}

/** prometheus.yml -> the spec's prometheus section and services. */
export function importPrometheus(notes: FileNotes, config: Json): ImportedPrometheus {
  const g = isObject(config.global) ? config.global : {};
  const prometheus: ImportedPrometheus['prometheus'] = {
    scrapeInterval:
      typeof g.scrape_interval === 'string' ? g.scrape_interval : PROMETHEUS_GLOBAL_DEFAULTS.scrapeInterval,
    scrapeTimeout: typeof g.scrape_timeout === 'string' ? g.scrape_timeout : PROMETHEUS_GLOBAL_DEFAULTS.scrapeTimeout,
    evaluationInterval:
      typeof g.evaluation_interval === 'string' ? g.evaluation_interval : PROMETHEUS_GLOBAL_DEFAULTS.evaluationInterval,
  };
  for (const [k, key] of [
    ['scrape_interval', 'scrapeInterval'],
    ['scrape_timeout', 'scrapeTimeout'],
    ['evaluation_interval', 'evaluationInterval'],
  ] as const)
    if (g[k] === undefined) notes.comment(['prometheus', key], `Prometheus's default (global.${k} was not set)`);
  if (isObject(g.external_labels))
    prometheus.externalLabels = Object.fromEntries(Object.entries(g.external_labels).map(([k, v]) => [k, String(v)]));
  leftover(notes, 'global', g, ['scrape_interval', 'scrape_timeout', 'evaluation_interval', 'external_labels']);

  if (config.alerting !== undefined)
    notes.adapted('alerting', "Prometheus sends to mon's Alertmanager (the alertmanagers of the input are not kept)", [
      'alertmanager',
    ]);
  if (isObject(config.alerting)) leftover(notes, 'alerting', config.alerting, ['alertmanagers']);

  const services: ServiceSpec[] = [];
  const ownJobs: string[] = [];
  const taken = new Set<string>();
  const jobs = (Array.isArray(config.scrape_configs) ? config.scrape_configs : []).filter(isObject);
  jobs.forEach((job, i) => {
    const name = String(job.job_name ?? '');
    if (OWN_JOBS[name]) {
      ownJobs.push(name);
      const targets = (Array.isArray(job.static_configs) ? job.static_configs : [])
        .filter(isObject)
        .flatMap((s) => (Array.isArray(s.targets) ? s.targets.map(String) : []));
      notes.adapted(
        `scrape_configs[job=${name}]`,
        `${OWN_JOBS[name]}; its targets (${targets.join(', ') || 'none'}) and settings are mon's`,
      );
      return;
    }
    const s = service(notes, job, i, taken, services.length);
    if (s) {
      services.push(s);
      notes.comment(['services', services.length - 1], `from ${notes.file}: job ${name}`);
    }
  });
  const rw = (Array.isArray(config.remote_write) ? config.remote_write : []).filter(isObject);
  const remote = rw.map((w, i) => remoteWrite(notes, w, i)).filter((w): w is RemoteWriteSpec => w !== undefined);
  if (remote.length) prometheus.remoteWrite = remote;
  const ruleFiles = (Array.isArray(config.rule_files) ? config.rule_files : []).map(String);
  leftover(notes, '', config, ['global', 'alerting', 'scrape_configs', 'rule_files', 'remote_write']);
  return { prometheus, services, ownJobs, ruleFiles };
}
