import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvOptions, annotationKeywords } from './ajv-options.js';
import schema from './monitoring.schema.json' with { type: 'json' };
import type { Diagnostic, SpecPath } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import type { SpecDocument } from './document.js';
import { didYouMean } from './suggest.js';

export { schema };

let compiled: ValidateFunction | undefined;
/**
 * The build precompiles the schema (scripts/build-validator.mjs); from source (unit tests) it is
 * compiled here. Both use ajvOptions.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  try {
    compiled = require('./schema-validator.cjs') as ValidateFunction;
  } catch {
    const { Ajv } = require('ajv') as typeof import('ajv');
    const ajv = new Ajv(ajvOptions);
    for (const keyword of annotationKeywords) ajv.addKeyword({ keyword, schemaType: 'string' });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

type Err = ErrorObject<string, Record<string, unknown>, unknown> & { parentSchema?: Record<string, unknown> };

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a map',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return String(value);
}

function pathOf(instancePath: string): SpecPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface Raw {
  path: SpecPath;
  key?: boolean;
  message: string;
  hint?: string;
}

function translate(e: Err, all: Err[]): Raw | undefined {
  const path = pathOf(e.instancePath);
  const custom = e.parentSchema?.['x-message'] as string | undefined;
  const p = e.params;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object) ?? {}).filter((k) => k !== '$schema');
      return {
        path: [...path, key],
        key: true,
        message: `unknown key "${key}"${didYouMean(key, allowed)}`,
        hint: allowed.length ? `allowed here: ${allowed.join(', ')}` : undefined,
      };
    }
    case 'required': {
      const key = String(p.missingProperty);
      // A misspelt key already says "did you mean <key>": don't also report it missing.
      const misspelt = all.some(
        (o) =>
          o.keyword === 'additionalProperties' &&
          o.instancePath === e.instancePath &&
          didYouMean(String(o.params.additionalProperty), [key]) !== '',
      );
      return misspelt ? undefined : { path, message: `missing required key "${key}"` };
    }
    case 'type':
      return {
        path,
        message:
          custom ??
          `must be ${String(p.type)
            .split(',')
            .map((t) => TYPE_NAMES[t] ?? t)
            .join(' or ')}, got ${describe(e.data)}`,
      };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return {
        path,
        message: `must be one of ${allowed.join(', ')}, got ${describe(e.data)}${typeof e.data === 'string' ? didYouMean(e.data, allowed) : ''}`,
      };
    }
    case 'const':
      return { path, message: `${custom ?? `must be ${String(p.allowedValue)}`}, got ${describe(e.data)}` };
    case 'pattern':
    case 'minLength':
    case 'format':
      if (e.propertyName !== undefined) return undefined; // reported by propertyNames below
      return {
        path,
        message: `${custom ?? (e.keyword === 'minLength' ? 'must not be empty' : `must match ${String(p.pattern)}`)}, got ${describe(e.data)}`,
      };
    case 'propertyNames': {
      const name = String(p.propertyName);
      const inner = all.find((o) => o.propertyName === name && o.instancePath === e.instancePath && o !== e);
      const msg = (inner?.parentSchema?.['x-message'] as string | undefined) ?? 'is not allowed';
      return { path: [...path, name], key: true, message: `key "${name}" ${msg}` };
    }
    case 'minItems':
      return { path, message: `must have at least ${String(p.limit)} ${p.limit === 1 ? 'item' : 'items'}` };
    case 'uniqueItems':
      return { path, message: `must not repeat items (items ${String(p.j)} and ${String(p.i)} are the same)` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(p.comparison)} ${String(p.limit)}, got ${describe(e.data)}` };
    case 'minProperties':
    case 'maxProperties':
    case 'oneOf':
      return { path, message: custom ?? `${e.message ?? 'is invalid'}` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

/** Validates against the shipped JSON Schema; every problem becomes a located diagnostic. */
export function schemaDiagnostics(value: unknown, doc: SpecDocument, file: string): Diagnostic[] {
  const validate = validator();
  if (validate(value)) return [];
  let errors = (validate.errors ?? []) as Err[];
  // Inside a oneOf, report the oneOf once rather than every branch's complaint.
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  errors = errors.filter(
    (e) => e.keyword === 'oneOf' || !oneOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const raw = translate(e, errors);
    if (!raw) continue;
    const id = `${raw.path.join('/')}|${raw.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const pos = doc.position(raw.path, { key: raw.key });
    out.push({
      severity: 'error',
      file,
      line: pos.line,
      col: pos.col,
      path: formatPath(raw.path),
      message: raw.message,
      hint: raw.hint,
    });
  }
  return out;
}
