import { parseDuration } from '../spec/duration.js';
import { structuralChanges } from '../verify/drift/diff.js';
import { canonicalPromql } from '../verify/drift/promql-canonical.js';

/**
 * Semantic equality of Prometheus and Alertmanager configurations: two sets of files (a team's
 * own, and what `mon generate` makes of their import) are put in one canonical form, then
 * compared key by key. The canonical form fills in the defaults Prometheus and Alertmanager
 * apply (config/config.go of each), resolves what children inherit (scrape intervals from
 * global, route settings from the parent route), writes durations in milliseconds, PromQL in
 * drift's canonical form, matchers in one spelling (match/match_re and matchers alike), secrets
 * as `<secret>` whether inline or `*_file`, and sorts what is a set (targets, labels, group_by).
 * Keys it does not know are kept as they are, so a setting one side has and the other lacks is
 * a difference.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const ms = (v: unknown, fallback?: string) => {
  const s = typeof v === 'string' ? v : fallback;
  return s === undefined ? undefined : (parseDuration(s) ?? s);
};
const sortedObject = (o: unknown) =>
  isObject(o)
    ? Object.fromEntries(
        Object.entries(o)
          .map(([k, v]) => [k, String(v)] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      )
    : {};
const rest = (o: Json, known: readonly string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !known.includes(k)));

export interface ConfigSet {
  /** prometheus.yml, parsed */
  prometheus?: Json;
  /** rule files, parsed ({groups: [...]}) */
  rules?: Json[];
  /** alertmanager.yml, parsed */
  alertmanager?: Json;
}

export interface CanonicalOptions {
  /** the name a rule group has on this side (default: as written) */
  groupName?: (group: string) => string;
  /** jobs left out of the comparison (the stack's own) */
  ignoreJobs?: readonly string[];
  /** top-level Prometheus keys left out (alerting: where alerts go is the stack's) */
  ignorePrometheusKeys?: readonly string[];
  /** job keys one side adds for its Prometheus version (fallback_scrape_protocol on 3.x) */
  ignoreJobKeys?: readonly string[];
}

const SECRET_KEYS =
  /^(password|credentials|bearer_token|api_url|auth_password|routing_key|service_key|url|token|api_key|webhook_url)(_file)?$/;
/** Secret values compare as present or absent: an inline value and a `*_file` are the same setting. */
function secrets(o: Json, keys: RegExp = SECRET_KEYS, exempt: readonly string[] = []): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const m = keys.exec(k);
    if (m && !exempt.includes(k)) out[m[1]!] = '<secret>';
    else out[k] = isObject(v) ? secrets(v, keys, exempt) : v;
  }
  return out;
}

const JOB_KNOWN = [
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
  'honor_timestamps',
  'follow_redirects',
  'enable_http2',
];

function job(j: Json, global: Json, opts: CanonicalOptions) {
  const targets: Record<string, Record<string, string>> = {};
  for (const g of list(j.static_configs))
    for (const t of Array.isArray(g.targets) ? g.targets.map(String) : []) targets[t] = sortedObject(g.labels);
  const auth = isObject(j.basic_auth)
    ? { basic: { username: j.basic_auth.username, password: '<secret>' } }
    : isObject(j.authorization) || j.bearer_token !== undefined || j.bearer_token_file !== undefined
      ? { bearer: '<secret>' }
      : undefined;
  const params = isObject(j.params)
    ? Object.fromEntries(Object.entries(j.params).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]))
    : {};
  const other = rest(j, [...JOB_KNOWN, ...(opts.ignoreJobKeys ?? [])]);
  return {
    targets: Object.fromEntries(Object.entries(targets).sort(([a], [b]) => (a < b ? -1 : 1))),
    metrics_path: j.metrics_path ?? '/metrics',
    scheme: j.scheme ?? 'http',
    params,
    scrape_interval: ms(j.scrape_interval ?? global.scrape_interval, '1m'),
    scrape_timeout: ms(j.scrape_timeout ?? global.scrape_timeout, '10s'),
    honor_labels: j.honor_labels === true,
    honor_timestamps: j.honor_timestamps !== false,
    follow_redirects: j.follow_redirects !== false,
    enable_http2: j.enable_http2 !== false,
    auth: auth ?? 'none',
    ...(Object.keys(other).length ? { other } : {}),
  };
}

function prometheus(p: Json, opts: CanonicalOptions) {
  const g = isObject(p.global) ? p.global : {};
  const ignore = new Set(opts.ignoreJobs ?? []);
  const jobs: Json = {};
  for (const j of list(p.scrape_configs)) {
    const name = String(j.job_name);
    if (!ignore.has(name)) jobs[name] = job(j, g, opts);
  }
  const other = rest(p, ['global', 'scrape_configs', 'rule_files', ...(opts.ignorePrometheusKeys ?? [])]);
  return {
    global: {
      scrape_interval: ms(g.scrape_interval, '1m'),
      scrape_timeout: ms(g.scrape_timeout, '10s'),
      evaluation_interval: ms(g.evaluation_interval, '1m'),
      external_labels: sortedObject(g.external_labels),
      ...rest(g, ['scrape_interval', 'scrape_timeout', 'evaluation_interval', 'external_labels']),
    },
    jobs,
    ...(Object.keys(other).length ? { other: secrets(other) } : {}),
  };
}

/** canonical PromQL -> an expression as written, so that a difference shows the expressions, not their trees */
const EXPR_TEXT = new Map<string, string>();

/** Every rule of every file, keyed by group, kind, name and its place among rules of that name. */
function rules(files: Json[], opts: CanonicalOptions) {
  const out: Json = {};
  const seen = new Map<string, number>();
  for (const f of files)
    for (const g of list(f.groups)) {
      const group = (opts.groupName ?? ((x: string) => x))(String(g.name));
      const groupOther = rest(g, ['name', 'rules']);
      if (Object.keys(groupOther).length) out[`group ${group}`] = groupOther;
      for (const r of list(g.rules)) {
        const kind = r.record !== undefined ? 'record' : 'alert';
        const id = `${group}/${kind}:${String(r.record ?? r.alert)}`;
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        const text = String(r.expr).trim();
        const canonical = canonicalPromql(text);
        EXPR_TEXT.set(canonical, text);
        out[n > 1 ? `${id}#${n}` : id] = {
          expr: canonical,
          ...(kind === 'alert' ? { for: ms(r.for, '0s'), keep_firing_for: ms(r.keep_firing_for, '0s') } : {}),
          labels: sortedObject(r.labels),
          ...(kind === 'alert' ? { annotations: sortedObject(r.annotations) } : {}),
          ...rest(r, ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']),
        };
      }
    }
  return out;
}

/** A matcher in one spelling: name, operator, the value as a JSON string. */
export function canonicalMatcher(s: string): string {
  const m = /^\s*([^=!~\s]+|"[^"]*")\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(s);
  if (!m) return s.trim();
  const [, name, op, raw] = m;
  let value = raw!;
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = JSON.parse(value) as string;
  else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1);
  return `${name!.replace(/^"|"$/g, '')}${op}${JSON.stringify(value)}`;
}
const matchers = (eq: unknown, re: unknown, m: unknown) =>
  [
    ...Object.entries(isObject(eq) ? eq : {}).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`),
    ...Object.entries(isObject(re) ? re : {}).map(([k, v]) => `${k}=~${JSON.stringify(String(v))}`),
    ...(Array.isArray(m) ? m.map((x) => canonicalMatcher(String(x))) : []),
  ].sort();

interface Inherited {
  receiver?: unknown;
  group_by: string[];
  group_wait: unknown;
  group_interval: unknown;
  repeat_interval: unknown;
}
function route(r: Json, parent: Inherited | undefined): Json {
  const here: Inherited = {
    receiver: r.receiver ?? parent?.receiver,
    group_by: Array.isArray(r.group_by) ? r.group_by.map(String).sort() : (parent?.group_by ?? []),
    group_wait: ms(r.group_wait) ?? parent?.group_wait ?? ms('30s'),
    group_interval: ms(r.group_interval) ?? parent?.group_interval ?? ms('5m'),
    repeat_interval: ms(r.repeat_interval) ?? parent?.repeat_interval ?? ms('4h'),
  };
  return {
    ...here,
    matchers: matchers(r.match, r.match_re, r.matchers),
    continue: r.continue === true,
    mute_time_intervals: Array.isArray(r.mute_time_intervals) ? r.mute_time_intervals.map(String) : [],
    active_time_intervals: Array.isArray(r.active_time_intervals) ? r.active_time_intervals.map(String) : [],
    routes: Object.fromEntries(list(r.routes).map((c, i) => [String(i), route(c, here)])),
    ...rest(r, [
      'receiver',
      'group_by',
      'group_wait',
      'group_interval',
      'repeat_interval',
      'match',
      'match_re',
      'matchers',
      'continue',
      'mute_time_intervals',
      'active_time_intervals',
      'routes',
    ]),
  };
}

const SEND_RESOLVED: Record<string, boolean> = { webhook_configs: true, pagerduty_configs: true };
function receiver(r: Json, global: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(r)) {
    if (key === 'name') continue;
    if (!key.endsWith('_configs')) {
      out[key] = value;
      continue;
    }
    out[key] = Object.fromEntries(
      list(value).map((c, i) => {
        const x: Json = { send_resolved: SEND_RESOLVED[key] ?? false, ...c };
        if (key === 'email_configs') {
          x.from ??= global.smtp_from;
          x.smarthost ??= global.smtp_smarthost;
          x.auth_username ??= global.smtp_auth_username;
          if (x.auth_password === undefined && x.auth_password_file === undefined) {
            if (global.smtp_auth_password !== undefined) x.auth_password = global.smtp_auth_password;
            if (global.smtp_auth_password_file !== undefined) x.auth_password_file = global.smtp_auth_password_file;
          }
          x.require_tls ??= global.smtp_require_tls ?? true;
          for (const k of Object.keys(x)) if (x[k] === undefined) delete x[k];
        }
        if (key === 'slack_configs' && x.api_url === undefined && x.api_url_file === undefined) {
          if (global.slack_api_url !== undefined) x.api_url = global.slack_api_url;
          if (global.slack_api_url_file !== undefined) x.api_url_file = global.slack_api_url_file;
        }
        if (key === 'webhook_configs' && (x.max_alerts === 0 || x.max_alerts === undefined)) delete x.max_alerts;
        // a webhook's url is not a secret; url_file is
        return [String(i), secrets(x, SECRET_KEYS, key === 'webhook_configs' ? ['url'] : [])];
      }),
    );
  }
  return out;
}

function alertmanager(a: Json) {
  const g = isObject(a.global) ? a.global : {};
  return {
    resolve_timeout: ms(g.resolve_timeout, '5m'),
    receivers: Object.fromEntries(list(a.receivers).map((r) => [String(r.name), receiver(r, g)])),
    route: isObject(a.route) ? route(a.route, undefined) : {},
    inhibit_rules: list(a.inhibit_rules)
      .map((r) =>
        JSON.stringify({
          source: matchers(r.source_match, r.source_match_re, r.source_matchers),
          target: matchers(r.target_match, r.target_match_re, r.target_matchers),
          equal: Array.isArray(r.equal) ? r.equal.map(String).sort() : [],
        }),
      )
      .sort(),
    time_intervals: Object.fromEntries(
      [...list(a.time_intervals), ...list(a.mute_time_intervals)].map((t) => [String(t.name), t.time_intervals]),
    ),
    ...rest(secrets(g), [
      'resolve_timeout',
      'smtp_from',
      'smtp_smarthost',
      'smtp_auth_username',
      'auth_password',
      'smtp_require_tls',
      'slack_api_url',
      'slack_api_url_file',
      'smtp_auth_password',
      'smtp_auth_password_file',
    ]),
    ...rest(a, ['global', 'receivers', 'route', 'inhibit_rules', 'time_intervals', 'mute_time_intervals']),
  };
}

/** One side in the canonical form. */
export function canonicalConfigs(set: ConfigSet, opts: CanonicalOptions = {}): Json {
  return {
    ...(set.prometheus ? { prometheus: prometheus(set.prometheus, opts) } : {}),
    rules: rules(set.rules ?? [], opts),
    ...(set.alertmanager ? { alertmanager: alertmanager(set.alertmanager) } : {}),
  };
}

export interface ConfigDifference {
  path: string;
  /** the value on each side (undefined: absent) */
  a: unknown;
  b: unknown;
}

/** Where two config sets differ in meaning; [] when they are semantically equal. */
export function compareConfigs(
  a: ConfigSet,
  b: ConfigSet,
  optsA: CanonicalOptions = {},
  optsB: CanonicalOptions = optsA,
): ConfigDifference[] {
  // both ways: structuralChanges reports what the second side says and the first lacks or differs on
  const ca = canonicalConfigs(a, optsA);
  const cb = canonicalConfigs(b, optsB);
  const text = (v: unknown) => (typeof v === 'string' ? (EXPR_TEXT.get(v) ?? v) : v);
  return structuralChanges(cb, ca).map((c) =>
    c.path.endsWith('.expr')
      ? { path: c.path, a: text(c.generated), b: text(c.live) }
      : { path: c.path, a: c.generated, b: c.live },
  );
}

const show = (v: unknown) => (v === undefined ? 'absent' : typeof v === 'string' ? v : JSON.stringify(v));
export const formatDifference = (d: ConfigDifference, names: [string, string] = ['input', 'generated']) =>
  `${d.path}: ${names[0]} ${show(d.a)}, ${names[1]} ${show(d.b)}`;
