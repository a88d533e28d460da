import { envSecretFile } from '../model/conventions.js';
import type { Secret } from '../model/types.js';

/**
 * The `*_file` path for a secret, as seen from a config file one directory below the output
 * root: {file} references are used as given; {env} ones are written by `mon deploy`.
 */
export const secretFileFrom = (secret: Secret) => (secret.kind === 'file' ? secret.path : `../${envSecretFile(secret.name)}`);
