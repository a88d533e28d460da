/**
 * Every name mon emits, in one place: file paths of the output tree, job and rule-group names,
 * label and annotation keys, default ports. Generators and checks import these; none spells
 * a name of its own.
 */
export const DEFAULT_SPEC_FILE = 'monitoring.yaml';
export const DEFAULT_OUT_DIR = '.mon/out';
export const DEFAULT_STACK_DIR = '.mon/stack';
/** `mon verify --wait` and `mon up` give the stack this long to settle, unless the spec says */
export const DEFAULT_VERIFY_TIMEOUT = '2m';

/** Tempo's image runs as this user: the Compose target's init container gives it its volume. */
export const TEMPO_UID = '10001:10001';
/** fixes the ownership of Tempo's volume: the image runs as UID 10001 and has no shell */
export const INIT_IMAGE = 'busybox:1.36';

/**
 * A rule group's file name: its name where that is a plain file name, else with every other
 * character as `_` (a group of alerts.groups may be named "Kube API (SLOs)").
 */
export const groupFileStem = (group: string) => group.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\./, '_');

export const files = {
  manifest: 'manifest.json',
  prometheusConfig: 'prometheus/prometheus.yml',
  /** rule files, relative to the Prometheus config's directory */
  ruleFileFromConfig: (group: string) => `rules/${groupFileStem(group)}.yml`,
  ruleFile: (group: string) => `prometheus/rules/${groupFileStem(group)}.yml`,
  /** promtool unit tests, one file per rule group */
  ruleTestFile: (group: string) => `prometheus/tests/${groupFileStem(group)}.test.yml`,
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  /** the DingTalk bridge's config, with secret placeholders that `mon deploy` resolves */
  dingtalkConfig: 'dingtalk/config.yml',
  grafanaIni: 'grafana/grafana.ini',
  grafanaDatasources: 'grafana/provisioning/datasources/mon.yml',
  grafanaDashboardProvider: 'grafana/provisioning/dashboards/mon.yml',
  grafanaDashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  tempoConfig: 'tempo/tempo.yaml',
  /** Jaeger v2's collector-style config (tracing.backend: jaeger) */
  jaegerConfig: 'jaeger/config.yaml',
  lokiConfig: 'loki/loki.yaml',
  /** blackbox_exporter's modules, one per probe */
  blackboxConfig: 'blackbox/blackbox.yml',
  /** postgres_exporter's extra queries (--extend.query-path): replication lag */
  postgresQueries: 'postgres_exporter/queries.yaml',
  composeFile: 'docker-compose.yml',
  /** the DingTalk bridge's config with secrets resolved, in the stack's secrets/ (mode 0600) */
  dingtalkResolved: 'secrets/dingtalk.yml',
  /** OpenTelemetry SDK settings for one application: sampling and where to send spans */
  samplingEnv: (service: string) => `tracing/${service}.env`,
  /** the rule file, as seen from its test file */
  ruleFileFromTest: (group: string) => `../rules/${groupFileStem(group)}.yml`,
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
  /** Jaeger's own telemetry (otelcol_* metrics) */
  jaeger: 'jaeger',
  /** the span metrics Jaeger's spanmetrics connector serves through its Prometheus exporter */
  jaegerSpanMetrics: 'jaeger-spanmetrics',
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

/** Datasource uids: dashboards reference datasources by these, and nothing else. */
export const datasourceUids = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  tempo: 'tempo',
  loki: 'loki',
} as const;

/** The label that carries the trace id on the exemplars of Tempo's span metrics (not `trace_id`). */
export const TEMPO_EXEMPLAR_LABEL = 'traceID';

/** Dashboard presets; each preset's uid is its name. */
export const DASHBOARD_PRESETS = [
  'backend-monitoring',
  'api-overview',
  'system-resources',
  'tracing',
  'alerts',
  'slo',
] as const;

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

/** The heartbeat (notifications.heartbeat): an always-firing alert, its group, its label, its default repeat */
export const heartbeat = {
  alert: 'Watchdog',
  pack: 'heartbeat',
  label: 'mon_heartbeat',
  repeatInterval: '1m',
} as const;

/** SLOs (src/slo/): one rule group per SLO; the recording names follow sloth's, the labels are mon's own. */
export const sloRuleGroup = (project: string, id: string) => `${project}_slo_${id.replace(/[^a-zA-Z0-9_]/g, '_')}`;
export const sloNames = {
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
  labels: { id: 'slo_id', service: 'slo_service', name: 'slo_name', window: 'slo_window', severity: 'slo_severity' },
} as const;

/** Escalation (src/escalation/): the tiers' alerts and the labels Alertmanager routes them by. */
/** alerts.storm (src/storm/): the summary alert, its group and the label that marks it */
export const stormNames = {
  group: (project: string) => `${project}_storm_alerts`,
  alert: 'AlertStorm',
  label: 'storm',
} as const;

export const escalationNames = {
  group: (project: string) => `${project}_escalation_rules`,
  labels: { id: 'escalation', tier: 'escalation_tier', to: 'escalate_to', alert: 'escalated_alert' },
} as const;
