/**
 * Versions of Prometheus and Alertmanager, and what each version offers or requires: the one
 * place generators, deploy and checks ask. Pure: detecting the installed binaries is
 * src/tools/versions.ts's job. Every fact cites where upstream states it.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** x.y.z */
  text: string;
}

/** The versions the Compose target pins (and the suite tests), the default when nothing else says. */
export const PINNED = { prometheus: '3.16.0', alertmanager: '0.35.0' } as const;
export type Line = keyof typeof PINNED;

/** "3.16.0", "v3.16.0", "2.42.0+ds", "3.16" (patch 0), "3" -> a version; anything else -> undefined */
export function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][\w.+-]*)?$/.exec(text.trim());
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return { major, minor, patch, text: `${major}.${minor}.${patch}` };
}

export const compare = (a: Version, b: Version) => a.major - b.major || a.minor - b.minor || a.patch - b.patch;
export const atLeast = (v: Version, text: string) => compare(v, parseVersion(text)!) >= 0;

/** A selector names as many parts as it wants matched: "3" any 3.x, "3.16" any 3.16.x, "3.16.0" exactly. */
export function matches(v: Version, selector: string): boolean {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(selector.trim());
  if (!m) return false;
  return (
    Number(m[1]) === v.major &&
    (m[2] === undefined || Number(m[2]) === v.minor) &&
    (m[3] === undefined || Number(m[3]) === v.patch)
  );
}
export const isSelector = (s: string) => /^v?\d+(\.\d+){0,2}$/.test(s.trim());

/** Newest first, the order mon picks a binary in when the spec names no version. */
export const newestFirst = <T extends { version?: Version }>(list: T[]): T[] =>
  [...list].sort((a, b) =>
    a.version && b.version ? compare(b.version, a.version) : a.version ? -1 : b.version ? 1 : 0,
  );

/** The oldest versions mon generates for (Debian 12's packages); older ones are refused at the spec. */
export const OLDEST = { prometheus: '2.42.0', alertmanager: '0.25.0' } as const;

/** What a Prometheus version does differently, as mon's output depends on it. */
export const prometheusFeatures = (v: Version) => ({
  /** 3.0 expands $VAR / ${VAR} in external label values (2.x only behind --enable-feature=expand-external-labels); `$$` is a literal `$` (config/config.go LoadFile, os.Expand) */
  expandsExternalLabels: v.major >= 3,
  /** storage.tsdb.retention in the config file; --storage.tsdb.retention.time is deprecated since 3.8 (cmd/prometheus/main.go, config/config.go TSDBRetentionConfig) */
  retentionInConfig: atLeast(v, '3.8.0'),
  /** 3.0 fails a scrape whose Content-Type it cannot parse unless the job names a fallback (config/config.go ScrapeFallbackProtocol) */
  fallbackScrapeProtocol: v.major >= 3,
  /** keep_firing_for on alerting rules: since 2.42.0 (CHANGELOG 2.42.0, model/rulefmt) */
  keepFiringFor: atLeast(v, '2.42.0'),
  /** a rule group's query_offset: since 2.53.0 (CHANGELOG 2.53.0, model/rulefmt RuleGroup.QueryOffset; 2.42's promtool: "field query_offset not found") */
  queryOffset: atLeast(v, '2.53.0'),
  /** promtool check config --lint (too-long-scrape-interval): 3.x; check rules --lint: both lines */
  configLint: v.major >= 3,
});

/** Alertmanager receivers by the version that added them (Alertmanager CHANGELOG.md). */
export const RECEIVER_SINCE = {
  msteamsv2: '0.28.0',
  jira: '0.28.0',
  rocketchat: '0.28.0',
  incidentio: '0.29.0',
  mattermost: '0.30.0',
} as const;
export type NewerReceiver = keyof typeof RECEIVER_SINCE;

/** An external label value as the version reads it: 3.x expands `$`, so a literal `$` is written `$$`. */
export const externalLabelValue = (value: string, v: Version) =>
  prometheusFeatures(v).expandsExternalLabels ? value.replace(/\$/g, '$$$$') : value;

/** Prometheus's command-line flags that depend on the version (the rest are the same on every line). */
export function prometheusVersionFlags(p: { version: Version; retention: string; exemplars: boolean }): string[] {
  return [
    ...(prometheusFeatures(p.version).retentionInConfig ? [] : [`--storage.tsdb.retention.time=${p.retention}`]),
    // exemplars are dropped unless this flag is on, on 2.x and 3.x alike (cmd/prometheus/main.go "exemplar-storage")
    ...(p.exemplars ? ['--enable-feature=exemplar-storage'] : []),
  ];
}

/** The `storage:` block of prometheus.yml, for versions that read retention from the config file. */
export function prometheusStorage(p: { version: Version; retention: string }): Record<string, unknown> | undefined {
  return prometheusFeatures(p.version).retentionInConfig ? { tsdb: { retention: { time: p.retention } } } : undefined;
}

/**
 * A reload error line of a component's log: go-kit logfmt writes `level=error` (Prometheus 2.x,
 * Alertmanager < 0.28), log/slog `level=ERROR` (Prometheus 3.x, Alertmanager >= 0.28).
 */
export const isErrorLine = (line: string) => /\blevel=error\b/i.test(line);

/** Compose image of a component at a version: the pinned image's repository, tagged v<version>. */
export const versionedImage = (pinned: string, v: Version) => `${pinned.replace(/:[^:/]+$/, '')}:v${v.text}`;

/**
 * The version a line is generated for: the binary that will run it (local target, found by
 * src/tools), else what the spec names (a selector that the pinned version satisfies means the
 * pinned version; "2.42" means 2.42.0), else the pinned version.
 */
export function resolveVersion(line: Line, selector: string | undefined, found?: Version): Version {
  if (found) return found;
  const pinned = parseVersion(PINNED[line])!;
  if (selector === undefined || matches(pinned, selector)) return pinned;
  return parseVersion(selector) ?? pinned;
}
