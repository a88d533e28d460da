import { envSecretFile, SECRET_PLACEHOLDER } from '../model/conventions.js';
import type { Model, Secret } from '../model/types.js';

/** Every secret reference of the model, env and file alike, in a stable order. */
export function secretRefs(model: Model): Secret[] {
  const refs: Secret[] = [];
  for (const job of model.jobs) {
    if (job.auth?.kind === 'basic') refs.push(job.auth.password);
    if (job.auth?.kind === 'bearer') refs.push(job.auth.token);
  }
  if (model.alertmanager.enabled) {
    for (const r of model.alertmanager.receivers) {
      if (r.slack) refs.push(r.slack.apiUrl);
      if (r.email?.password) refs.push(r.email.password);
      if (r.pagerduty) refs.push(r.pagerduty.routingKey);
      if (r.dingtalk) refs.push(r.dingtalk.url, ...(r.dingtalk.secret ? [r.dingtalk.secret] : []));
    }
  }
  if (model.grafana.enabled && model.grafana.adminPassword) refs.push(model.grafana.adminPassword);
  if (model.tempo.enabled && model.tempo.storage.kind === 's3') {
    for (const s of [model.tempo.storage.accessKey, model.tempo.storage.secretKey]) if (s) refs.push(s);
  }
  const seen = new Set<string>();
  return refs.filter((s) => {
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
