import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { getJson, type HttpAuth } from '../../net/http.js';
import { flagDiff, type LiveDiff } from './live.js';

/**
 * Alertmanager's runtime flags. Its v2 API has no flags endpoint (api/v2/openapi.yaml: /status
 * returns only cluster, versionInfo, config and uptime), so mon reads them where they are:
 *  1. the command line of the process that listens on Alertmanager's port, on this machine:
 *     /proc/net/tcp{,6} name the listening socket's inode, /proc/<pid>/fd the process that holds
 *     it, /proc/<pid>/cmdline its flags (kingpin's `--name=value` or `--name value`); a flag it
 *     was not given has Alertmanager's default (cmd/alertmanager/main.go);
 *  2. /api/v2/status `cluster`: `status` is "disabled" exactly when `--cluster.listen-address`
 *     is empty (no peer is created), else "settling"/"ready" with the peers' addresses; this is
 *     all there is for an Alertmanager elsewhere (or in a container, behind docker-proxy).
 * Checked on Alertmanager 0.25 and 0.35.
 */
const DEFAULTS: Record<string, string> = {
  'config.file': 'alertmanager.yml',
  'storage.path': 'data/',
  'data.retention': '120h',
  'web.listen-address': ':9093',
  'cluster.listen-address': '0.0.0.0:9094',
};

/** `--name=value` / `--name value` / `--flag` (true) / `--no-flag` (false), as kingpin reads them. */
export function parseCmdlineFlags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out[a.slice(2)] = argv[++i]!;
    else if (a.startsWith('--no-')) out[a.slice(5)] = 'false';
    else out[a.slice(2)] = 'true';
  }
  return out;
}

/** Inodes of the sockets listening on `port` (any address), from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const out = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length < 10 || c[3] !== '0A') continue; // 0A: TCP_LISTEN
      if (Number.parseInt(c[1]!.split(':')[1]!, 16) === port) out.add(c[9]!);
    }
  }
  return out;
}

const holds = (pid: string, inodes: Set<string>) => {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1]!);
      } catch {
        return false;
      }
    });
  } catch {
    return false; // not ours to read
  }
};

/** The command line of the process listening on `port` on this machine, if this user may read it. */
export function listenerCmdline(port: number, hint?: number): { pid: number; argv: string[] } | undefined {
  const inodes = listeningInodes(port);
  if (!inodes.size) return undefined;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  if (hint) pids = [String(hint), ...pids.filter((p) => p !== String(hint))];
  for (const pid of pids) {
    if (!holds(pid, inodes)) continue;
    try {
      return { pid: Number(pid), argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Alertmanager's flags (from its process, else its cluster status) against the ones mon gives it. */
export async function alertmanagerFlagsDiff(
  url: string,
  flags: string[],
  opts: { pid?: number; paths?: boolean; auth?: HttpAuth } = {},
): Promise<LiveDiff & { source?: string }> {
  const u = new URL(url);
  const proc = LOCAL.has(u.hostname) ? listenerCmdline(Number(u.port || 80), opts.pid) : undefined;
  if (proc && /alertmanager/.test(basename(proc.argv[0] ?? ''))) {
    const live = { ...DEFAULTS, ...parseCmdlineFlags(proc.argv) };
    const names = new Set(flags.map((f) => /^--([^=]+)/.exec(f)?.[1]));
    // the flags mon watches, also when mon does not set them: a retention given by hand is drift
    const want = [
      ...flags,
      ...Object.keys(DEFAULTS)
        .filter((n) => !names.has(n))
        .map((n) => `--${n}=${DEFAULTS[n]}`),
    ];
    return { diff: flagDiff(want, live, opts.paths ?? true), source: `/proc/${proc.pid}/cmdline` };
  }
  const s = await getJson<{ cluster: { status: string; peers?: Array<{ address: string }> } }>(
    `${url}/api/v2/status`,
    opts.auth,
  );
  if (!s.data) return { why: s.why! };
  const cluster = flags.find((f) => f.startsWith('--cluster.listen-address='))?.split('=')[1];
  const diff: string[] = [];
  const { status, peers = [] } = s.data.cluster;
  if (cluster === '' && status !== 'disabled')
    diff.push(
      `--cluster.listen-address: live ${peers.map((p) => p.address).join(',') || '?'} (cluster ${status}), generated (empty): no cluster`,
    );
  if (cluster && status === 'disabled')
    diff.push(`--cluster.listen-address: live (empty): no cluster, generated ${cluster}`);
  return { diff, source: `${url}/api/v2/status (cluster only)` };
}
