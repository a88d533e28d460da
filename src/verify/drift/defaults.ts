/**
 * Keys Prometheus and Alertmanager add to the config they print back (their defaults), read off
 * the real servers: /api/v1/status/config of Prometheus 2.42 and 3.16, /api/v2/status of
 * Alertmanager 0.25 and 0.35, each loaded with mon's generated files. A key the live config has
 * beyond these and what mon wrote (relabel_configs, sample_limit, an extra external label) is drift.
 */
export const PROMETHEUS_DEFAULTS: ReadonlySet<string> = new Set([
  // their values vary with the version or are not mon's to set
  'always_scrape_classic_histograms',
  'convert_classic_histograms_to_nhcb',
  'extra_scrape_metrics',
  'metric_name_escaping_scheme',
  'metric_name_validation_scheme',
  'otlp',
  'runtime',
  'scrape_native_histograms',
  'scrape_protocols',
  'storage',
  'track_timestamps_staleness',
  'outofordertimewindow',
  'exemplars',
  'rule_query_offset',
  'query_log_file',
  'scrape_failure_log_file',
  'path_prefix',
]);

import { posix } from 'node:path';

type Json = Record<string, unknown>;
/** Prometheus's defaults for what mon leaves out of a scrape job (config/config.go: DefaultScrapeConfig). */
const JOB_DEFAULTS = {
  metrics_path: '/metrics',
  scheme: 'http',
  honor_timestamps: true,
  follow_redirects: true,
  enable_http2: true,
  enable_compression: true,
};
const AM_DEFAULTS = { follow_redirects: true, enable_http2: true, scheme: 'http', timeout: '10s' };

/**
 * Prometheus prints every file path of its config resolved against the config file's directory
 * (`base`); without it (a stack elsewhere), a live path that ends with the generated one is it.
 */
function resolvePaths(x: unknown, live: unknown, base: string | undefined, key = ''): unknown {
  const resolve = (p: string, l: unknown) =>
    p.startsWith('/')
      ? p
      : base
        ? posix.normalize(posix.join(base, p))
        : typeof l === 'string' && l.endsWith(`/${p.replace(/^(\.\.\/)+/, '')}`)
          ? l
          : p;
  if (typeof x === 'string') return key.endsWith('_file') || key === 'rule_files' ? resolve(x, live) : x;
  if (Array.isArray(x)) return x.map((v, i) => resolvePaths(v, Array.isArray(live) ? live[i] : undefined, base, key));
  if (x && typeof x === 'object') {
    const l = (live && typeof live === 'object' ? live : {}) as Json;
    return Object.fromEntries(Object.entries(x as Json).map(([k, v]) => [k, resolvePaths(v, l[k], base, k)]));
  }
  return x;
}

/** The generated Prometheus config with the values Prometheus fills in, so that it compares with the live one in full. */
export function withPrometheusDefaults(generated: Json, live: Json, base?: string): Json {
  const gen = resolvePaths(generated, live, base) as Json;
  const global = (gen.global ?? {}) as Json;
  const liveJobs = new Map(((live.scrape_configs as Json[] | undefined) ?? []).map((j) => [j.job_name, j]));
  const fill = <T extends Json>(defaults: T, x: Json, liveX: Json | undefined) =>
    // a default the version does not print (enable_compression before 3.x) is not compared
    ({ ...Object.fromEntries(Object.entries(defaults).filter(([k]) => liveX === undefined || k in liveX)), ...x });
  return {
    ...gen,
    scrape_configs: ((gen.scrape_configs as Json[] | undefined) ?? []).map((j) =>
      fill(
        { scrape_interval: global.scrape_interval, scrape_timeout: global.scrape_timeout, ...JOB_DEFAULTS },
        j,
        liveJobs.get(j.job_name) as Json | undefined,
      ),
    ),
    ...(gen.alerting
      ? {
          alerting: {
            alertmanagers: (((gen.alerting as Json).alertmanagers as Json[]) ?? []).map((a, i) =>
              fill(
                AM_DEFAULTS,
                a,
                (((live.alerting as Json | undefined)?.alertmanagers as Json[] | undefined) ?? [])[i],
              ),
            ),
          },
        }
      : {}),
  };
}

export const ALERTMANAGER_DEFAULTS: ReadonlySet<string> = new Set([
  'app_url',
  'callback_id',
  'color',
  'continue',
  'fallback',
  'footer',
  'headers',
  'hello',
  'html',
  'http_config',
  'icon_emoji',
  'icon_url',
  'labels',
  'link_names',
  'max_alerts',
  'opsgenie_api_url',
  'pagerduty_url',
  'post_updates_to_thread',
  'pretext',
  'rocketchat_api_url',
  'short_fields',
  'slack_app_url',
  'smtp_hello',
  'smtp_require_tls',
  'smtp_tls_config',
  'telegram_api_url',
  'templates',
  'text',
  'timeout',
  'title',
  'title_link',
  'tls_config',
  'update_message',
  'url_file',
  'username',
  'victorops_api_url',
  'webex_api_url',
  'wechat_api_url',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'send_resolved',
  'require_tls',
  'client',
  'client_url',
  'description',
  'details',
  'images',
  'links',
  'source',
  'severity',
  'class',
  'component',
  'group',
  'url',
]);

/** Alertmanager's alertmanager_config_hash: the first 48 bits of the MD5 of the loaded file, little-endian (config/coordinator.go). */
export async function alertmanagerConfigHash(text: string): Promise<number> {
  const { createHash } = await import('node:crypto');
  const sum = createHash('md5').update(text).digest();
  let v = 0;
  for (let i = 5; i >= 0; i--) v = v * 256 + sum[i]!;
  return v;
}
