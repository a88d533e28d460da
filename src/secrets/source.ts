import { readFileSync } from 'node:fs';
import type { SecretSource } from './resolve.js';

/** Secrets as this process sees them at deploy or verify time: its environment and the files named. */
export const processSecrets = (): SecretSource => ({
  env: process.env,
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
});
