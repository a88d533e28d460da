import { readFileSync, statSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import type { ComponentName } from '../../components/index.js';
import { stackPaths } from '../../deploy/paths.js';
import { ExitCode, MonError } from '../../errors.js';
import type { SecretEnv } from '../../components/types.js';
import type { Secret } from '../../model/types.js';
import { processSecrets } from '../../secrets/source.js';
import { isErrorLine } from '../../model/versions.js';
import { getJson } from '../../net/http.js';
import { reload } from '../../net/reload.js';
import { COMPONENT_MARKER, startDetached, STACK_MARKER, stopProcess, waitReady } from '../../tools/process.js';

export const tail = (path: string, n = 15) => {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
};

/** Secret values never reach mon's output: the ones the spec's variables hold are masked wherever mon quotes a log. */
export function scrub(text: string, names: readonly string[]): string {
  let out = text;
  for (const n of names) {
    const v = process.env[n];
    if (v && v.length >= 4) out = out.split(v).join(`<secret env:${n}>`);
  }
  return out;
}

/** What a component process is started with. */
export interface Launch {
  name: ComponentName;
  binary: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  readyUrl: string;
  /** its own secrets from the environment; every other secret variable of the spec is withheld */
  envSecrets: Secret[];
  /** its secrets under the variables it reads them from (exporters), resolved as it starts */
  secretEnv?: SecretEnv[];
}

/**
 * The environment of a component: mon's own, less every secret variable the spec names, plus
 * the ones this component reads from its environment. A component sees only its own secrets.
 */
function environment(l: Launch, withheld: readonly string[], stackDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const name of withheld) delete env[name];
  for (const s of l.envSecrets)
    if (s.kind === 'env' && process.env[s.name] !== undefined) env[s.name] = process.env[s.name]!;
  for (const e of l.secretEnv ?? []) {
    if (e.secret.kind === 'file' && e.fileVariable) {
      env[e.fileVariable] = e.secret.path;
      continue;
    }
    // the preflight checked every secret resolves; a value read here goes only into this child's environment
    const value =
      e.secret.kind === 'env'
        ? process.env[e.secret.name]
        : processSecrets()
            .readFile(e.secret.path)
            ?.replace(/\r?\n$/, '');
    if (value !== undefined) env[e.variable] = `${e.before ?? ''}${value}${e.after ?? ''}`;
  }
  return { ...env, ...l.env, [STACK_MARKER]: stackPaths(stackDir).root, [COMPONENT_MARKER]: l.name };
}

/** Starts a component and waits until it is ready; a component that is not ready is stopped again. */
export async function start(l: Launch, stackDir: string, timeoutMs: number, withheld: readonly string[]) {
  const log = stackPaths(stackDir).log(l.name);
  await mkdir(l.cwd, { recursive: true });
  const started = Date.now();
  const pid = startDetached({
    binary: l.binary,
    args: l.args,
    cwd: l.cwd,
    env: environment(l, withheld, stackDir),
    log,
  });
  // written down at once: a mon killed from here on leaves a process the next deploy and `mon down` find
  await appendFile(
    stackPaths(stackDir).journal,
    `${JSON.stringify({ name: l.name, pid, binary: l.binary, args: l.args, readyUrl: l.readyUrl })}\n`,
    { mode: 0o600 },
  );
  const ready = await waitReady(l.readyUrl, pid, timeoutMs);
  if (!ready.ok) {
    await stopProcess(pid, 3000);
    throw new MonError(
      `${l.name} did not start: ${ready.why}`,
      ExitCode.invalid,
      `its log (${log}):\n${scrub(tail(log), withheld)}`,
    );
  }
  return { pid, ms: Date.now() - started };
}

const logSize = (log: string) => {
  try {
    return statSync(log).size;
  } catch {
    return 0;
  }
};
const GENERIC = /msg="(Error reloading config|Failed to apply configuration)"/;

/** The specific error the component logged since `from` (its HTTP answer to a failed reload is generic). */
function loggedError(log: string, from: number): string | undefined {
  let text = '';
  try {
    text = readFileSync(log, 'utf8').slice(from);
  } catch {
    return undefined;
  }
  const errors = text.split('\n').filter(isErrorLine);
  const line = errors.find((l) => !GENERIC.test(l)) ?? errors[0];
  return line?.replace(/^.*?\bmsg=/, 'msg=');
}

/** Reloads a running component; a refusal is an error carrying the component's own message. */
export async function reloadComponent(
  name: ComponentName,
  reloadUrl: string,
  readyUrl: string,
  stackDir: string,
): Promise<number> {
  const log = stackPaths(stackDir).log(name);
  const from = logSize(log);
  const r = await reload(reloadUrl);
  if (!r.ok) {
    const detail = loggedError(log, from);
    throw new MonError(
      `${name} refused the new configuration (HTTP ${r.status}): ${r.message}${detail ? `\n  ${detail}` : ''}`,
      ExitCode.invalid,
      'it keeps running with its previous configuration, and the previous files are back in place',
    );
  }
  if (name === 'prometheus') {
    const info = await getJson<{ data?: { reloadConfigSuccess?: boolean } }>(
      new URL('/api/v1/status/runtimeinfo', readyUrl).href,
    );
    if (info.data?.data?.reloadConfigSuccess === false)
      throw new MonError('prometheus reports its last config reload failed', ExitCode.invalid);
  }
  return r.ms;
}
