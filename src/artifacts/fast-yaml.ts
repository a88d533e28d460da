import { stringify } from 'yaml';

/**
 * A fast path for toYaml: block YAML for plain data (maps, sequences, strings, finite numbers,
 * booleans, null), byte for byte what the yaml package writes with toYaml's options. A scalar it
 * cannot be sure of is written by the yaml package itself; a multi-line string or a sequence
 * directly in a sequence makes it give up (undefined), and toYaml writes the whole value the slow way.
 */
const OPTIONS = {
  version: '1.1',
  lineWidth: 0,
  indent: 2,
  indentSeq: true,
  aliasDuplicateObjects: false,
  singleQuote: false,
} as const;

/** Words YAML 1.1 reads as booleans or null: a string spelt so must be quoted. */
const WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/** Plain text no YAML 1.1 type claims: starts with a letter or `_`, no `:`, `#` or spaces. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

class GiveUp extends Error {}

const scalarCache = new Map<string, string>();
/**
 * Text the yaml package writes as it is (stringifyString's plainString with these options): printable
 * ASCII starting with a letter or `_` (no indicator, number or date starts so), no `: `, no ` #`, no
 * space or `:` at the end, not a YAML 1.1 word; short enough to stay an implicit key.
 */
const PLAIN_TEXT = /^[A-Za-z_][\x20-\x7e]*$/;
const NOT_PLAIN = /: | #|[ :]$/;

function scalar(value: string): string {
  if (
    value.length <= 1000 &&
    !WORDS.test(value) &&
    (PLAIN.test(value) || (PLAIN_TEXT.test(value) && !NOT_PLAIN.test(value)))
  )
    return value;
  if (value.includes('\n')) throw new GiveUp();
  let out = scalarCache.get(value);
  if (out === undefined) {
    out = stringify(value, OPTIONS).replace(/\n$/, '');
    if (out.includes('\n')) throw new GiveUp();
    scalarCache.set(value, out);
  }
  return out;
}

/**
 * A multi-line map value as the yaml package writes it with these options (blockString: a literal
 * block, since lineWidth 0 never folds), for text it is sure of: printable ASCII, not starting
 * with a space or a newline (no indentation indicator), ending in a non-space character with at
 * most one newline after it (`|-` or `|`). Anything else gives up.
 */
const BLOCK_TEXT = /^[\x20-\x7e\n]*$/;
function literal(value: string, indent: string): string {
  if (!BLOCK_TEXT.test(value) || value[0] === ' ' || value[0] === '\n') throw new GiveUp();
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  const last = body[body.length - 1];
  if (last === undefined || last === ' ' || last === '\n') throw new GiveUp();
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, (nl) => `${nl}${indent}`)}`;
}

function leaf(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return scalar(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new GiveUp();
    return String(v);
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (typeof v === 'object') return Object.values(v as object).some((x) => x !== undefined) ? undefined : '{}';
  throw new GiveUp();
}

function mapLines(obj: Record<string, unknown>, indent: string, out: string[], first?: string): void {
  let lead = first;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (k.length > 1000) throw new GiveUp(); // the yaml package writes a long key as `? key`
    const key = `${scalar(k)}:`;
    const prefix = lead ?? indent;
    lead = undefined;
    if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${prefix}${key} ${literal(v, `${indent}  `)}`);
      continue;
    }
    const l = leaf(v);
    if (l !== undefined) out.push(`${prefix}${key} ${l}`);
    else if (Array.isArray(v)) {
      out.push(`${prefix}${key}`);
      seqLines(v, `${indent}  `, out);
    } else {
      out.push(`${prefix}${key}`);
      mapLines(v as Record<string, unknown>, `${indent}  `, out);
    }
  }
}

function seqLines(arr: unknown[], indent: string, out: string[]): void {
  for (const item of arr) {
    const l = leaf(item === undefined ? null : item);
    if (l !== undefined) out.push(`${indent}- ${l}`);
    else if (Array.isArray(item)) throw new GiveUp();
    else mapLines(item as Record<string, unknown>, `${indent}  `, out, `${indent}- `);
  }
}

export function fastYaml(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  try {
    const out: string[] = [];
    if (leaf(value) !== undefined) return undefined;
    mapLines(value as Record<string, unknown>, '', out);
    return `${out.join('\n')}\n`;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}
