import { composeSecretName, envSecretFile } from '../model/conventions.js';
import type { Model, Secret } from '../model/types.js';

/**
 * The `*_file` path a generated config uses for a secret. Local: {file} as given, {env} in the
 * stack's secrets/ (written by `mon deploy`), seen from one directory below. Compose: every
 * secret is a Compose secret, mounted at /run/secrets/<name>.
 */
export function secretFileFrom(model: Pick<Model, 'target'>, secret: Secret): string {
  if (model.target === 'compose') return `/run/secrets/${composeSecretName(secret)}`;
  return secret.kind === 'file' ? secret.path : `../${envSecretFile(secret.name)}`;
}

/**
 * Grafana's ini expands $__file{} (fileExpander in Grafana's pkg/setting/expanders.go: os.ReadFile,
 * trimmed): every secret is read from its file, the 0600 one `mon deploy` writes for {env}, never
 * from Grafana's environment. A relative path is read from Grafana's working directory, which the local
 * target sets to the ini's directory (grafana/), so `../secrets/NAME` is the same file as for the others.
 */
export function grafanaSecret(model: Pick<Model, 'target'>, secret: Secret): string {
  return `$__file{${secretFileFrom(model, secret)}}`;
}
