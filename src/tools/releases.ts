import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ExitCode, MonError } from '../errors.js';
import { cacheBin, findOnPath, toolsCache } from './binaries.js';
import { run } from './exec.js';

/** Official release archives, and the checksum files published beside them. */
export interface Release {
  version: string;
  archive: (arch: string) => string;
  checksums: string;
  binaries: string[];
}

export const RELEASES: Record<string, Release> = {
  prometheus: {
    version: '2.55.1',
    archive: (a) => `prometheus/prometheus/releases/download/v2.55.1/prometheus-2.55.1.linux-${a}.tar.gz`,
    checksums: 'prometheus/prometheus/releases/download/v2.55.1/sha256sums.txt',
    binaries: ['prometheus', 'promtool'],
  },
  alertmanager: {
    version: '0.27.0',
    archive: (a) => `prometheus/alertmanager/releases/download/v0.27.0/alertmanager-0.27.0.linux-${a}.tar.gz`,
    checksums: 'prometheus/alertmanager/releases/download/v0.27.0/sha256sums.txt',
    binaries: ['alertmanager', 'amtool'],
  },
  node_exporter: {
    version: '1.8.2',
    archive: (a) => `prometheus/node_exporter/releases/download/v1.8.2/node_exporter-1.8.2.linux-${a}.tar.gz`,
    checksums: 'prometheus/node_exporter/releases/download/v1.8.2/sha256sums.txt',
    binaries: ['node_exporter'],
  },
  tempo: {
    version: '2.8.1',
    archive: (a) => `grafana/tempo/releases/download/v2.8.1/tempo_2.8.1_linux_${a}.tar.gz`,
    checksums: 'grafana/tempo/releases/download/v2.8.1/SHA256SUMS',
    binaries: ['tempo'],
  },
};

/** Debian's package for each tool (none for Tempo). */
export const APT_PACKAGES: Record<string, string> = {
  prometheus: 'prometheus',
  alertmanager: 'prometheus-alertmanager',
  node_exporter: 'prometheus-node-exporter',
  blackbox_exporter: 'prometheus-blackbox-exporter',
  redis_exporter: 'prometheus-redis-exporter',
  mysqld_exporter: 'prometheus-mysqld-exporter',
  postgres_exporter: 'prometheus-postgres-exporter',
  'docker-compose': 'docker-compose',
};

export const DEFAULT_MIRROR = 'https://github.com';
const archName = () => (process.arch === 'arm64' ? 'arm64' : 'amd64');

async function download(url: string): Promise<Buffer> {
  const r = await fetch(url, { signal: AbortSignal.timeout(300_000) }).catch((e: Error) => {
    throw new MonError(`cannot download ${url}: ${e.message}`, ExitCode.toolMissing);
  });
  if (!r.ok) throw new MonError(`cannot download ${url}: HTTP ${r.status}`, ExitCode.toolMissing);
  return Buffer.from(await r.arrayBuffer());
}

async function findFile(dir: string, name: string): Promise<string | undefined> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      const hit = await findFile(full, name);
      if (hit) return hit;
    } else if (e.name === name) return full;
  }
  return undefined;
}

/**
 * Downloads a release archive, refuses it unless its SHA-256 matches the published checksum,
 * unpacks its binaries into the user cache and links them into the cache's bin/ (searched after
 * PATH). Nothing is installed unless every step succeeds.
 */
export async function installRelease(
  name: string,
  mirror = process.env.MON_TOOLS_MIRROR ?? DEFAULT_MIRROR,
): Promise<{ dir: string; binaries: string[] }> {
  const rel = RELEASES[name];
  if (!rel)
    throw new MonError(
      `no release download for ${name}`,
      ExitCode.usage,
      `downloadable: ${Object.keys(RELEASES).join(', ')}`,
    );
  const archivePath = rel.archive(archName());
  const file = basename(archivePath);
  const sums = (await download(`${mirror}/${rel.checksums}`)).toString('utf8');
  const expected = sums
    .split('\n')
    .map((l) => l.trim().split(/\s+\*?/))
    .find(([, f]) => f === file)?.[0];
  if (!expected)
    throw new MonError(`${rel.checksums} lists no checksum for ${file}`, ExitCode.toolMissing, 'nothing was installed');
  const data = await download(`${mirror}/${archivePath}`);
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== expected.toLowerCase()) {
    throw new MonError(
      `checksum mismatch for ${file}: expected ${expected}, got ${actual}`,
      ExitCode.toolMissing,
      'the download is refused and nothing was installed',
    );
  }
  const cache = toolsCache();
  await mkdir(join(cache, 'tools'), { recursive: true });
  const work = await mkdtemp(join(cache, 'tools', `.${name}-`));
  try {
    await writeFile(join(work, file), data);
    const tar = findOnPath('tar');
    if (!tar) throw new MonError('tar is needed to unpack the release', ExitCode.toolMissing);
    const unpacked = join(work, 'unpacked');
    await mkdir(unpacked);
    const r = await run(tar, ['-xzf', join(work, file), '-C', unpacked]);
    if (r.exitCode !== 0)
      throw new MonError(`cannot unpack ${file}: ${r.stderr.trim()}`, ExitCode.toolMissing, 'nothing was installed');
    const final = join(cache, 'tools', `${name}-${rel.version}`);
    const staged = join(work, 'bin');
    await mkdir(staged);
    for (const b of rel.binaries) {
      const found = await findFile(unpacked, b);
      if (!found) throw new MonError(`${file} has no ${b}`, ExitCode.toolMissing, 'nothing was installed');
      await rename(found, join(staged, b));
      await chmod(join(staged, b), 0o755);
    }
    await rm(final, { recursive: true, force: true });
    await rename(staged, final);
    await mkdir(cacheBin(), { recursive: true });
    for (const b of rel.binaries) {
      const link = join(cacheBin(), b);
      await unlink(link).catch(() => undefined);
      await symlink(join(final, b), link);
    }
    return { dir: final, binaries: rel.binaries.map((b) => join(final, b)) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export const isRoot = () => process.getuid?.() === 0;
export async function aptAvailable(): Promise<boolean> {
  return (
    Boolean(findOnPath('apt-get')) &&
    (await stat('/etc/debian_version').then(
      () => true,
      () => false,
    ))
  );
}
