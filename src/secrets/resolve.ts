import { componentSecrets } from '../components/index.js';
import { envSecretFile, SECRET_PLACEHOLDER } from '../model/conventions.js';
import { secretKey } from '../model/secret.js';
import { receiverSecrets } from '../receivers/index.js';
import type { Model, Secret } from '../model/types.js';

/**
 * Every secret reference of the model, env and file alike, once each, in the order the spec
 * names them: scrape auth (Prometheus), receivers (Alertmanager and the bridge), then the rest.
 */
export function secretRefs(model: Model): Secret[] {
  const seen = new Set<string>();
  const { prometheus, alertmanager, dingtalk, ...rest } = componentSecrets(model);
  const receivers = model.alertmanager.enabled
    ? model.alertmanager.receivers.flatMap((r) => [
        ...receiverSecrets(r, 'alertmanager'),
        ...receiverSecrets(r, 'dingtalk'),
      ])
    : [];
  const all = [...prometheus, ...receivers, ...alertmanager, ...dingtalk, ...Object.values(rest).flat()];
  return all.filter((s) => (seen.has(secretKey(s)) ? false : (seen.add(secretKey(s)), true)));
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
export function resolveSecrets(
  refs: readonly Secret[],
  withPlaceholders: SecretFile[],
  source: SecretSource,
): Resolution {
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
