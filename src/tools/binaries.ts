import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ToolMissingError } from '../errors.js';
import { type Line, matches, newestFirst, parseVersion, type Version } from '../model/versions.js';
import { runSync } from './exec.js';

export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * The programs mon runs, under the names their packages give them (Debian renames several), the
 * env var that overrides the lookup, and what to install when they are missing.
 */
export const BINARIES = {
  prometheus: {
    names: ['prometheus'],
    env: 'MON_PROMETHEUS',
    install: "install Debian's `prometheus` package, or `mon tools install prometheus`",
  },
  promtool: {
    names: ['promtool'],
    env: 'MON_PROMTOOL',
    install:
      "install Debian's `prometheus` package (apt-get install prometheus), or `mon tools install prometheus`, or set MON_PROMTOOL to its path",
  },
  alertmanager: {
    names: ['prometheus-alertmanager', 'alertmanager'],
    env: 'MON_ALERTMANAGER',
    install: "install Debian's `prometheus-alertmanager` package, or `mon tools install alertmanager`",
  },
  amtool: {
    names: ['amtool'],
    env: 'MON_AMTOOL',
    install:
      "install Debian's `prometheus-alertmanager` package (apt-get install prometheus-alertmanager), or `mon tools install alertmanager`, or set MON_AMTOOL to its path",
  },
  node_exporter: {
    names: ['prometheus-node-exporter', 'node_exporter'],
    env: 'MON_NODE_EXPORTER',
    install: "install Debian's `prometheus-node-exporter` package, or `mon tools install node_exporter`",
  },
  blackbox_exporter: {
    names: ['prometheus-blackbox-exporter', 'blackbox_exporter'],
    env: 'MON_BLACKBOX_EXPORTER',
    install: "install Debian's `prometheus-blackbox-exporter` package, or `mon tools install blackbox_exporter`",
  },
  redis_exporter: {
    names: ['prometheus-redis-exporter', 'redis_exporter'],
    env: 'MON_REDIS_EXPORTER',
    install: "install Debian's `prometheus-redis-exporter` package, or `mon tools install redis_exporter`",
  },
  mysqld_exporter: {
    names: ['prometheus-mysqld-exporter', 'mysqld_exporter'],
    env: 'MON_MYSQLD_EXPORTER',
    install: "install Debian's `prometheus-mysqld-exporter` package, or `mon tools install mysqld_exporter`",
  },
  postgres_exporter: {
    names: ['prometheus-postgres-exporter', 'postgres_exporter'],
    env: 'MON_POSTGRES_EXPORTER',
    install: "install Debian's `prometheus-postgres-exporter` package, or `mon tools install postgres_exporter`",
  },
  tempo: {
    names: ['tempo'],
    env: 'MON_TEMPO',
    install: 'Tempo is not packaged by Debian: `mon tools install tempo` downloads the release',
  },
  grafana: {
    names: ['grafana', 'grafana-server'],
    env: 'MON_GRAFANA',
    install: "Grafana is not packaged by Debian: install Grafana's own package or release archive",
  },
  jaeger: {
    names: ['jaeger'],
    env: 'MON_JAEGER',
    install:
      'Jaeger is not packaged by Debian: `bash scripts/build-go-tools.sh jaeger` builds it from the Go module proxy, or `mon tools install jaeger` downloads the release',
  },
  loki: {
    names: ['loki'],
    env: 'MON_LOKI',
    install:
      "Loki is not packaged by Debian (its `loki` package is unrelated): put Loki's release binary on PATH or set MON_LOKI",
  },
  dingtalk: {
    names: ['prometheus-webhook-dingtalk'],
    env: 'MON_DINGTALK',
    install: 'install prometheus-webhook-dingtalk from its release archive',
  },
  chromium: {
    names: ['chromium', 'chromium-browser'],
    env: 'MON_CHROMIUM',
    install: "install Debian's `chromium` package (apt-get install chromium), or set MON_CHROMIUM to a Chromium binary",
  },
  docker: { names: ['docker'], env: 'MON_DOCKER', install: 'install Docker (the engine and the compose plugin)' },
  kubectl: {
    names: ['kubectl'],
    env: 'MON_KUBECTL',
    install:
      'install kubectl (https://kubernetes.io/docs/tasks/tools/; Debian: the `kubectl` or `kubernetes-client` package) and point it at the cluster',
  },
  'docker-compose': {
    names: ['docker-compose'],
    env: 'MON_DOCKER_COMPOSE',
    install: "install Debian's `docker-compose` package (it validates files without an engine)",
  },
} as const;
export type BinaryName = keyof typeof BINARIES;

/** Where `mon tools install` puts downloaded binaries; searched after PATH. */
export const toolsCache = () =>
  process.env.MON_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mon');
export const cacheBin = () => join(toolsCache(), 'bin');

/** Where scripts/build-go-tools.sh puts the Go-built tools: <tool>-<version>/bin; searched after PATH. */
export const goToolsCache = () => process.env.MON_GO_TOOLS ?? join(homedir(), '.cache', 'mon', 'go-tools');

/** The version line a binary belongs to: promtool goes with Prometheus, amtool with Alertmanager. */
export const LINE_OF: Partial<Record<BinaryName, Line>> = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  alertmanager: 'alertmanager',
  amtool: 'alertmanager',
};
/** The env var that selects a line's version (tests run the suite once per line with it): 3, 3.16, 2.42.0 */
export const versionEnv = (line: Line) => `MON_${line.toUpperCase()}_VERSION`;

export interface Candidate {
  path: string;
  version?: Version;
  where: 'env' | 'PATH' | 'mon tools install' | 'go-tools';
}

const versions = new Map<string, Version | undefined>();

/**
 * What binaries said before, across runs: `<real path>@<size>@<mtime>@<ctime>@<inode>` -> the
 * version it printed (null: none). Starting Prometheus or Alertmanager to ask costs 50-100 ms a
 * binary on every command; a file replaced or touched has another key and is asked again.
 */
const versionsFile = () => join(toolsCache(), 'binary-versions.json');
let said: Record<string, string | null> | undefined;
function saidBefore(): Record<string, string | null> {
  if (!said) {
    try {
      const read: unknown = JSON.parse(readFileSync(versionsFile(), 'utf8'));
      said = read && typeof read === 'object' && !Array.isArray(read) ? (read as Record<string, string | null>) : {};
    } catch {
      said = {};
    }
  }
  return said;
}
function remember(key: string, version: string | null): void {
  const all = saidBefore();
  all[key] = version;
  try {
    // best effort, atomic: another mon may write it at the same time
    mkdirSync(toolsCache(), { recursive: true });
    const tmp = `${versionsFile()}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(all, null, 1)}\n`);
    renameSync(tmp, versionsFile());
  } catch {
    /* a read-only cache only costs the time */
  }
}

/** An ELF or Mach-O executable (what Go builds), not a script. */
function isNative(path: string): boolean {
  try {
    const head = Buffer.alloc(4);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    const magic = head.toString('hex');
    return magic === '7f454c46' || ['feedfacf', 'cffaedfe', 'cafebabe'].includes(magic);
  } catch {
    return false;
  }
}

/** What the binary says it is (`--version`, `version` for Jaeger-like CLIs), once per file. */
export function binaryVersion(path: string): Version | undefined {
  let key = path;
  try {
    const st = statSync(path);
    key = `${realpathSync(path)}@${st.size}@${st.mtimeMs}@${st.ctimeMs}@${st.ino}`;
  } catch {
    return undefined;
  }
  if (!versions.has(key)) {
    const before = saidBefore()[key];
    if (typeof before === 'string' || before === null) {
      versions.set(key, before === null ? undefined : parseVersion(before));
    } else {
      const r = runSync(path, ['--version']);
      const m = /version[:\s]+v?(\d+\.\d+\.\d+)/i.exec(`${r.stdout}\n${r.stderr}`);
      versions.set(key, m ? parseVersion(m[1]!) : undefined);
      // a binary that failed to start is asked again next time; a script (a version manager's
      // shim, a wrapper) may answer differently tomorrow with the same bytes: never remembered
      if ((r.exitCode === 0 || m) && isNative(path)) remember(key, m ? m[1]! : null);
    }
  }
  return versions.get(key);
}

/** go-tools/<tool>-<version>/bin holding this binary (prometheus-3.16.0 has prometheus and promtool). */
function goToolBuilds(name: BinaryName): Candidate[] {
  const dir = (LINE_OF[name] ?? name) as string;
  let entries: string[] = [];
  try {
    entries = readdirSync(goToolsCache());
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    if (!e.startsWith(`${dir}-`)) return [];
    const version = parseVersion(e.slice(dir.length + 1));
    const path = BINARIES[name].names.map((n) => findOnPath(n, join(goToolsCache(), e, 'bin'))).find(Boolean);
    return path && version ? [{ path, version, where: 'go-tools' as const }] : [];
  });
}

/** Every copy of the program mon can find: PATH, `mon tools install`'s cache, the Go-built tools; newest first. */
export function findAll(name: BinaryName): Candidate[] {
  const found: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    let real = c.path;
    try {
      real = realpathSync(c.path);
    } catch {
      /* a dangling link is reported as found where it is */
    }
    if (seen.has(real)) return;
    seen.add(real);
    found.push({ ...c, version: c.version ?? (LINE_OF[name] ? binaryVersion(c.path) : undefined) });
  };
  for (const n of BINARIES[name].names) {
    const onPath = findOnPath(n);
    if (onPath) add({ path: onPath, where: 'PATH' });
    const cached = findOnPath(n, cacheBin());
    if (cached) add({ path: cached, where: 'mon tools install' });
  }
  for (const c of goToolBuilds(name)) add(c);
  return LINE_OF[name] ? newestFirst(found) : found;
}

let wanted: Partial<Record<Line, string>> = {};
/** The versions the spec asks for (or the model settled on): later lookups of that line honour them. */
export function wantVersions(w: Partial<Record<Line, string | undefined>>, merge = false): void {
  wanted = {
    ...(merge ? wanted : {}),
    ...(Object.fromEntries(Object.entries(w).filter(([, v]) => v !== undefined)) as Partial<Record<Line, string>>),
  };
}
/** The selector in force for a binary: the env var beats the spec (tests pick a line this way). */
export function selectorFor(name: BinaryName): string | undefined {
  const line = LINE_OF[name];
  return line ? process.env[versionEnv(line)] || wanted[line] : undefined;
}

export function findBinary(
  name: BinaryName,
  selector = selectorFor(name),
): { path?: string; version?: Version; install: string } {
  const b = BINARIES[name];
  const override = process.env[b.env];
  if (override) {
    try {
      accessSync(override, constants.X_OK);
      return { path: override, version: LINE_OF[name] ? binaryVersion(override) : undefined, install: b.install };
    } catch {
      return { install: `${b.env}=${override} is not an executable file; ${b.install}` };
    }
  }
  const all = findAll(name);
  const pick = selector ? all.find((c) => c.version && matches(c.version, selector)) : all[0];
  if (pick) return { path: pick.path, version: pick.version, install: b.install };
  if (selector && all.length) {
    const line = LINE_OF[name]!;
    return {
      install: `no ${name} ${selector} found (found ${all.map((c) => `${c.version?.text ?? 'unknown version'} at ${c.path}`).join(', ')}); build it with \`bash scripts/build-go-tools.sh ${line}\`, or change ${line}.version / ${versionEnv(line)}`,
    };
  }
  return { install: b.install };
}
/** The binary's path, or the "tool missing" error saying what to install. */
export function requireBinary(name: BinaryName): string {
  const found = findBinary(name);
  if (!found.path) throw new ToolMissingError(name, found.install);
  return found.path;
}
