import { ExitCode, MonError } from '../errors.js';
import {
  BINARIES,
  type BinaryName,
  binaryVersion,
  findAll,
  findBinary,
  LINE_OF,
  selectorFor,
  versionEnv,
} from '../tools/binaries.js';
import { run } from '../tools/exec.js';
import { APT_PACKAGES, aptAvailable, installRelease, isRoot, RELEASES } from '../tools/releases.js';
import { isJson, ui } from '../ui/output.js';

/** What each command needs: `mon doctor` lists them with where they were found. */
const NEEDED_BY: Record<BinaryName, string> = {
  promtool: 'validate, test',
  amtool: 'validate',
  prometheus: 'deploy (local)',
  alertmanager: 'deploy (local)',
  node_exporter: 'deploy (local)',
  blackbox_exporter: 'deploy (local), when a service has probes:',
  redis_exporter: 'deploy (local), with datastores.redis',
  mysqld_exporter: 'deploy (local), with datastores.mysql',
  postgres_exporter: 'deploy (local), with datastores.postgres',
  tempo: 'deploy (local), when the spec has tempo:',
  jaeger: 'deploy (local), with tracing.backend: jaeger',
  grafana: 'deploy (local), when the spec has grafana:',
  loki: 'deploy (local), when the spec has loki:',
  dingtalk: 'deploy (local), with a DingTalk receiver',
  chromium: 'dashboards render',
  docker: 'deploy --target compose',
  kubectl: 'deploy, diff --live, verify and down --target kubernetes',
  'docker-compose': 'validate --target compose (optional), deploy --target compose without the docker plugin',
};

export async function doctor(): Promise<number> {
  const rows = (Object.keys(BINARIES) as BinaryName[]).map((name) => {
    const found = findBinary(name);
    const chosen = { ...found, version: found.version ?? (found.path ? binaryVersion(found.path) : undefined) };
    const line = LINE_OF[name];
    // every copy found (Debian's on PATH, `mon tools install`'s, the Go-built ones), newest first
    const all = findAll(name).map((c) => ({
      path: c.path,
      version: c.version?.text ?? null,
      where: c.where,
      selected: c.path === chosen.path,
    }));
    if (chosen.path && !all.some((c) => c.selected))
      all.unshift({ path: chosen.path, version: chosen.version?.text ?? null, where: 'env' as const, selected: true });
    return {
      tool: name,
      neededBy: NEEDED_BY[name],
      ...chosen,
      all,
      selector: line ? selectorFor(name) : undefined,
      line,
    };
  });
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'doctor',
      tools: rows.map((r) => ({
        tool: r.tool,
        found: Boolean(r.path),
        path: r.path ?? null,
        version: r.version?.text ?? null,
        ...(r.line ? { versions: r.all, ...(r.selector ? { selector: r.selector } : {}) } : {}),
        neededBy: r.neededBy,
        install: r.path ? undefined : r.install,
      })),
    });
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.tool.length));
  for (const r of rows) {
    const version = r.version ? ` ${r.version.text}` : '';
    ui.result(
      `${r.tool.padEnd(w)}  ${r.path ? `found    ${r.path}${version}` : `missing  ${r.install}`}   [${r.neededBy}]`,
    );
    const others = r.all.filter((c) => !c.selected);
    if (r.line && (others.length || r.selector)) {
      for (const c of others)
        ui.result(`${''.padEnd(w)}  also     ${c.path} ${c.version ?? 'unknown version'} (${c.where})`);
      ui.result(
        `${''.padEnd(w)}  choose   ${r.line}.version in the spec, or ${versionEnv(r.line)}${r.selector ? ` (now ${r.selector})` : ' (default: the newest)'}`,
      );
    }
  }
  return 0;
}

export interface InstallOptions {
  method?: 'apt' | 'download';
}

/** Installs the tools: Debian's packages when root on Debian/Ubuntu, else the checked release archives. */
export async function toolsInstall(tools: string[], opts: InstallOptions): Promise<number> {
  const wanted = tools.length ? tools : ['prometheus', 'alertmanager', 'node_exporter'];
  const unknown = wanted.filter((t) => !APT_PACKAGES[t] && !RELEASES[t]);
  if (unknown.length)
    throw new MonError(
      `unknown tool: ${unknown.join(', ')}`,
      ExitCode.usage,
      `known: ${[...new Set([...Object.keys(APT_PACKAGES), ...Object.keys(RELEASES)])].join(', ')}`,
    );
  const method = opts.method ?? (isRoot() && (await aptAvailable()) ? 'apt' : 'download');
  const done: Array<{ tool: string; method: string; where: string }> = [];
  if (method === 'apt') {
    const pkgs = wanted.map((t) => APT_PACKAGES[t]).filter((p): p is string => p !== undefined);
    const rest = wanted.filter((t) => !APT_PACKAGES[t]);
    if (pkgs.length) {
      const r = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
        timeoutMs: 900_000,
      });
      if (r.exitCode !== 0)
        throw new MonError(
          `apt-get install ${pkgs.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`,
          ExitCode.toolMissing,
          'run `apt-get update` first, or use --method download',
        );
      done.push(
        ...wanted.filter((t) => APT_PACKAGES[t]).map((t) => ({ tool: t, method: 'apt', where: APT_PACKAGES[t]! })),
      );
    }
    for (const t of rest) done.push({ tool: t, method: 'download', where: (await installRelease(t)).dir });
  } else {
    for (const t of wanted) {
      if (!RELEASES[t]) throw new MonError(`${t} has no release download`, ExitCode.usage, 'use --method apt');
      done.push({ tool: t, method: 'download', where: (await installRelease(t)).dir });
    }
  }
  if (isJson()) ui.json({ ok: true, command: 'tools install', installed: done });
  else for (const d of done) ui.result(`${d.tool.padEnd(14)} ${d.method.padEnd(9)} ${d.where}`);
  return 0;
}
