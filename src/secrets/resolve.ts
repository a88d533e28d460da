import { envSecretFile, SECRET_PLACEHOLDER } from '../model/conventions.js';
import { newerReceiversSecrets } from '../model/receivers-newer.js';
import type { Model, Secret } from '../model/types.js';

/** Which component reads which secret: the one statement of it, for deploy, Compose and resolution. */
export function componentSecrets(model: Model): { prometheus: Secret[]; dingtalk: Secret[]; alertmanager: Secret[]; grafana: Secret[]; tempo: Secret[] } {
  const am = model.alertmanager.enabled ? model.alertmanager.receivers : [];
  const t = model.tempo;
  return {
    prometheus: [...model.jobs, ...model.prometheus.remoteWrite].flatMap((j) => (j.auth?.kind === 'basic' ? [j.auth.password] : j.auth?.kind === 'bearer' ? [j.auth.token] : [])),
    dingtalk: am.flatMap((r) => (r.dingtalk ? [r.dingtalk.url, ...(r.dingtalk.secret ? [r.dingtalk.secret] : [])] : [])),
    alertmanager: am.flatMap((r) => [r.slack?.apiUrl, r.email?.password, r.pagerduty?.routingKey, ...newerReceiversSecrets(r.newer)].filter((s): s is Secret => s !== undefined)),
    grafana: model.grafana.enabled && model.grafana.adminPassword ? [model.grafana.adminPassword] : [],
    tempo: t.enabled && t.storage.kind === 's3' ? [t.storage.accessKey, t.storage.secretKey].filter((s): s is Secret => s !== undefined) : [],
  };
}

/** Every secret reference of the model, env and file alike, once each, in a stable order. */
export function secretRefs(model: Model): Secret[] {
  const seen = new Set<string>();
  return Object.values(componentSecrets(model))
    .flat()
    .filter((s) => {
      const key = s.kind === 'env' ? `env:${s.name}` : `file:${s.path}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

export interface SecretFile {
  /** relative to the stack directory */
  path: string;
  content: string;
}

export interface Resolution {
  files: SecretFile[];
  /** references that could not be resolved: `env:NAME` or `file:/path` (never a value) */
  missing: string[];
}

export interface SecretSource {
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): string | undefined;
}

/**
 * Deploy-time resolution: each {env: NAME} becomes secrets/NAME, which the generated configs
 * reference by `*_file`; files with placeholders (the DingTalk bridge's) are rendered. The
 * values live only in the returned files, which the caller writes with mode 0600.
 */
export function resolveSecrets(refs: readonly Secret[], withPlaceholders: SecretFile[], source: SecretSource): Resolution {
  const missing: string[] = [];
  const files: SecretFile[] = [];
  for (const ref of refs) {
    if (ref.kind !== 'env') continue;
    const value = source.env[ref.name];
    if (value === undefined || value === '') missing.push(`env:${ref.name}`);
    else files.push({ path: envSecretFile(ref.name), content: value });
  }
  for (const f of withPlaceholders) {
    const content = f.content.replace(SECRET_PLACEHOLDER, (_, kind: string, name: string) => {
      const value = kind === 'env' ? source.env[name] : source.readFile(name)?.trim();
      if (value === undefined || value === '') {
        if (!missing.includes(`${kind}:${name}`)) missing.push(`${kind}:${name}`);
        return '';
      }
      return JSON.stringify(value); // a YAML double-quoted scalar
    });
    files.push({ path: f.path, content });
  }
  return { files, missing };
}
