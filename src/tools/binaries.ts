import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ToolMissingError } from '../errors.js';

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
  prometheus: { names: ['prometheus'], env: 'MON_PROMETHEUS', install: "install Debian's `prometheus` package, or `mon tools install prometheus`" },
  promtool: {
    names: ['promtool'],
    env: 'MON_PROMTOOL',
    install: "install Debian's `prometheus` package (apt-get install prometheus), or `mon tools install prometheus`, or set MON_PROMTOOL to its path",
  },
  alertmanager: { names: ['prometheus-alertmanager', 'alertmanager'], env: 'MON_ALERTMANAGER', install: "install Debian's `prometheus-alertmanager` package, or `mon tools install alertmanager`" },
  amtool: {
    names: ['amtool'],
    env: 'MON_AMTOOL',
    install: "install Debian's `prometheus-alertmanager` package (apt-get install prometheus-alertmanager), or `mon tools install alertmanager`, or set MON_AMTOOL to its path",
  },
  node_exporter: { names: ['prometheus-node-exporter', 'node_exporter'], env: 'MON_NODE_EXPORTER', install: "install Debian's `prometheus-node-exporter` package, or `mon tools install node_exporter`" },
  tempo: { names: ['tempo'], env: 'MON_TEMPO', install: 'Tempo is not packaged by Debian: `mon tools install tempo` downloads the release' },
  grafana: { names: ['grafana', 'grafana-server'], env: 'MON_GRAFANA', install: "Grafana is not packaged by Debian: install Grafana's own package or release archive" },
  jaeger: { names: ['jaeger'], env: 'MON_JAEGER', install: 'Jaeger is not packaged by Debian: `bash scripts/build-go-tools.sh jaeger` builds it from the Go module proxy, or `mon tools install jaeger` downloads the release' },
  loki: { names: ['loki'], env: 'MON_LOKI', install: "Loki is not packaged by Debian (its `loki` package is unrelated): put Loki's release binary on PATH or set MON_LOKI" },
  dingtalk: { names: ['prometheus-webhook-dingtalk'], env: 'MON_DINGTALK', install: 'install prometheus-webhook-dingtalk from its release archive' },
  chromium: { names: ['chromium', 'chromium-browser'], env: 'MON_CHROMIUM', install: "install Debian's `chromium` package (apt-get install chromium), or set MON_CHROMIUM to a Chromium binary" },
  docker: { names: ['docker'], env: 'MON_DOCKER', install: 'install Docker (the engine and the compose plugin)' },
  'docker-compose': { names: ['docker-compose'], env: 'MON_DOCKER_COMPOSE', install: "install Debian's `docker-compose` package (it validates files without an engine)" },
} as const;
export type BinaryName = keyof typeof BINARIES;

/** Where `mon tools install` puts downloaded binaries; searched after PATH. */
export const toolsCache = () => process.env.MON_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mon');
export const cacheBin = () => join(toolsCache(), 'bin');

export function findBinary(name: BinaryName): { path?: string; install: string } {
  const b = BINARIES[name];
  const override = process.env[b.env];
  if (override) {
    try {
      accessSync(override, constants.X_OK);
      return { path: override, install: b.install };
    } catch {
      return { install: `${b.env}=${override} is not an executable file; ${b.install}` };
    }
  }
  for (const n of b.names) {
    const found = findOnPath(n) ?? findOnPath(n, cacheBin());
    if (found) return { path: found, install: b.install };
  }
  return { install: b.install };
}

/** The binary's path, or the "tool missing" error saying what to install. */
export function requireBinary(name: BinaryName): string {
  const found = findBinary(name);
  if (!found.path) throw new ToolMissingError(name, found.install);
  return found.path;
}
