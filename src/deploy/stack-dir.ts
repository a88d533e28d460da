import { parse as parseYaml } from 'yaml';
import { readSpecFile } from '../io/read-spec.js';
import { DEFAULT_STACK_DIR } from '../model/conventions.js';

/**
 * The stack directory: --stack-dir, else deploy.dir of the spec, else .mon/stack. Read from the
 * YAML alone, without validating the rest, so that `mon down` works even with a broken spec.
 */
export async function stackDirOf(file: string, override?: string): Promise<string> {
  if (override) return override;
  try {
    const doc = parseYaml(await readSpecFile(file)) as { deploy?: { dir?: unknown } } | null;
    if (typeof doc?.deploy?.dir === 'string' && doc.deploy.dir) return doc.deploy.dir;
  } catch {
    /* no spec, or not YAML: the default */
  }
  return DEFAULT_STACK_DIR;
}
