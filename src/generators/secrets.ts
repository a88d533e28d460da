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

/** Grafana's ini expands $__env{} and $__file{}: an env secret is read from the environment locally. */
export function grafanaSecret(model: Pick<Model, 'target'>, secret: Secret): string {
  if (model.target === 'local' && secret.kind === 'env') return `$__env{${secret.name}}`;
  return `$__file{${secretFileFrom(model, secret)}}`;
}
