/**
 * Every name mon emits, in one place: file paths of the output tree, job and rule-group names,
 * label and annotation keys, default ports. Generators and checks import these; none spells
 * a name of its own.
 */
export const DEFAULT_SPEC_FILE = 'monitoring.yaml';
export const DEFAULT_OUT_DIR = '.mon/out';
export const DEFAULT_STACK_DIR = '.mon/stack';

/** Container images of the Compose target, pinned. */
export const images = {
  /** the tag follows prometheus.version / alertmanager.version (versionedImage); these are the versions the suite tests */
  prometheus: 'prom/prometheus:v3.16.0',
  alertmanager: 'prom/alertmanager:v0.35.0',
  nodeExporter: 'prom/node-exporter:v1.8.2',
  grafana: 'grafana/grafana:11.4.0',
  tempo: { '2': 'grafana/tempo:2.8.1', '3': 'grafana/tempo:3.0.0' },
  loki: 'grafana/loki:3.3.2',
  dingtalk: 'timonwong/prometheus-webhook-dingtalk:v2.1.0',
  /** fixes the ownership of Tempo's volume: the image runs as UID 10001 and has no shell */
  init: 'busybox:1.36',
} as const;
export const TEMPO_UID = '10001:10001';

export const files = {
  manifest: 'manifest.json',
  prometheusConfig: 'prometheus/prometheus.yml',
  /** rule files, relative to the Prometheus config's directory */
  ruleFileFromConfig: (group: string) => `rules/${group}.yml`,
  ruleFile: (group: string) => `prometheus/rules/${group}.yml`,
  /** promtool unit tests, one file per rule group */
  ruleTestFile: (group: string) => `prometheus/tests/${group}.test.yml`,
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  /** the DingTalk bridge's config, with secret placeholders that `mon deploy` resolves */
  dingtalkConfig: 'dingtalk/config.yml',
  grafanaIni: 'grafana/grafana.ini',
  grafanaDatasources: 'grafana/provisioning/datasources/mon.yml',
  grafanaDashboardProvider: 'grafana/provisioning/dashboards/mon.yml',
  grafanaDashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  tempoConfig: 'tempo/tempo.yaml',
  composeFile: 'docker-compose.yml',
  /** the DingTalk bridge's config with secrets resolved, in the stack's secrets/ (mode 0600) */
  dingtalkResolved: 'secrets/dingtalk.yml',
  /** OpenTelemetry SDK settings for one application: sampling and where to send spans */
  samplingEnv: (service: string) => `tracing/${service}.env`,
  /** the rule file, as seen from its test file */
  ruleFileFromTest: (group: string) => `../rules/${group}.yml`,
} as const;

/** Secrets given as {env: NAME} are resolved at deploy time into this directory of the stack. */
export const SECRETS_DIR = 'secrets';
export const envSecretFile = (name: string) => `${SECRETS_DIR}/${name}`;
/** A Compose secret's name (and its file under /run/secrets/) for a secret reference. */
export const composeSecretName = (s: { kind: 'env'; name: string } | { kind: 'file'; path: string }) =>
  s.kind === 'env' ? s.name : `file${s.path.replace(/[^a-zA-Z0-9]+/g, '_')}`;

export const jobs = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  node: 'node',
  tempo: 'tempo',
} as const;

export const ruleGroup = (project: string, pack: string) => `${project}_${pack}_alerts`;
/** custom rules may record as well as alert; `group:` names their group, default `custom` */
export const DEFAULT_CUSTOM_GROUP = 'custom';
export const customRuleGroup = (project: string, group: string = DEFAULT_CUSTOM_GROUP) => `${project}_${group}_rules`;
/** above this many tested rules in one group, promtool's unit tests slow down sharply */
export const LARGE_TESTED_GROUP = 100;
/** evaluation interval of generated unit tests */
export const TEST_INTERVAL = '1m';

export const labelKeys = {
  severity: 'severity',
  service: 'service',
} as const;

export const annotationKeys = {
  summary: 'summary',
  description: 'description',
  runbook: 'runbook_url',
} as const;

export const runbookUrl = (base: string, alert: string) => `${base.replace(/\/+$/, '')}/${alert}`;

/** Listen ports on the local target: chosen to stay clear of the components' usual ones. */
export const defaultPorts = {
  prometheus: 19090,
  alertmanager: 19093,
  node: 19100,
  dingtalk: 18060,
  grafana: 13000,
  loki: 13100,
  tempoHttp: 13200,
  tempoGrpc: 19095,
  otlpGrpc: 14317,
  otlpHttp: 14318,
} as const;

/** Where each component says it is ready (HTTP 200), for `mon deploy` and `mon verify`. */
export const readyPaths = {
  prometheus: '/-/ready',
  alertmanager: '/-/ready',
  node_exporter: '/metrics',
  tempo: '/ready',
  grafana: '/api/health',
  loki: '/ready',
  dingtalk: '/-/ready',
} as const;

/** Datasource uids: dashboards reference datasources by these, and nothing else. */
export const datasourceUids = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  tempo: 'tempo',
  loki: 'loki',
} as const;

/** Dashboard presets; each preset's uid is its name. */
export const DASHBOARD_PRESETS = ['backend-monitoring', 'api-overview', 'system-resources', 'tracing', 'alerts'] as const;

/** Environment variable the Grafana dashboard provider reads its directory from (set by `mon deploy`). */
export const GRAFANA_DASHBOARDS_ENV = 'MON_GRAFANA_DASHBOARDS';

/** Prometheus's remote-write receiver path (Tempo's metrics-generator writes there). */
export const remoteWriteUrl = (address: string) => `http://${address}/api/v1/write`;

/** Where Alertmanager posts alerts for a DingTalk target of the bridge. */
export const dingtalkWebhookUrl = (address: string, target: string) => `http://${address}/dingtalk/${target}/send`;

/** The receiver that catches everything when the spec names none: a null receiver. */
export const DEFAULT_RECEIVER = 'default';

/**
 * A secret the DingTalk bridge must read inline (it has no *_file settings): the generated file
 * holds this placeholder, and `mon deploy` writes the resolved file (mode 0600) into the stack.
 */
export const secretPlaceholder = (ref: { kind: 'env'; name: string } | { kind: 'file'; path: string }) =>
  ref.kind === 'env' ? `<secret env:${ref.name}>` : `<secret file:${ref.path}>`;
export const SECRET_PLACEHOLDER = /<secret (env|file):([^>]+)>/g;

export const LOCAL_HOST = '127.0.0.1';

export const generatedHeader = (specName: string) =>
  `# Generated by mon from ${specName}. Do not edit: change the spec and run \`mon generate\`.`;
