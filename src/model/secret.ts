import type { SecretRef } from '../spec/types.js';
import type { Secret } from './types.js';

export const secret = (ref: SecretRef): Secret =>
  'env' in ref ? { kind: 'env', name: ref.env } : { kind: 'file', path: ref.file };

/** A stable key for a secret reference (never its value). */
export const secretKey = (s: Secret) => (s.kind === 'env' ? `env:${s.name}` : `file:${s.path}`);
