import { LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, byPosition, DiagnosticsError } from './diagnostics.js';
import { SpecDocument } from './document.js';
import { aliasBomb, MAX_ALIAS_EXPANSION } from './yaml-aliases.js';
import { semanticDiagnostics } from './rules.js';
import { fastRulesAsPrometheusText, rulesAsPrometheusText } from './prometheus-text.js';
import { aliasExpansion, fastRead, fastToJS } from './fast-read.js';
import { schemaDiagnostics } from './schema.js';
import type { Spec } from './types.js';

export interface LoadedSpec {
  file: string;
  source: string;
  spec: Spec;
  doc: SpecDocument;
  /** warnings only: errors are thrown */
  warnings: Diagnostic[];
}

/** YAML errors, and YAML warnings as errors: an unknown tag (`!foo`) would otherwise be dropped silently. */
function yamlDiagnostics(doc: ReturnType<typeof parseDocument>, lines: LineCounter, file: string): Diagnostic[] {
  return [...doc.errors, ...doc.warnings].map((e) => {
    const pos = lines.linePos(e.pos[0]);
    let message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    let hint: string | undefined;
    const tag = /^Unresolved tag: (.*)$/.exec(message);
    if (e.code === 'TAB_AS_INDENT') message = 'tabs are not allowed for indentation in YAML; indent with spaces';
    else if (e.code === 'DUPLICATE_KEY') message = 'duplicate key: each key may appear once in a map';
    else if (e.code === 'TAG_RESOLVE_FAILED' && tag) {
      message = `unknown YAML tag ${tag[1]}: a spec is plain YAML`;
      hint = 'remove the tag (quote the value if it is a string)';
    } else message = `invalid YAML: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
    return { severity: 'error' as const, file, line: pos.line, col: pos.col, message, hint };
  });
}

/**
 * Source text -> validated spec, in phases (YAML, schema, semantic rules), collecting every
 * problem of a phase before stopping. Pure: no file system.
 */
export function loadSpec(source: string, file: string): LoadedSpec {
  const fast = process.env.MON_YAML_FAST === '0' ? null : fastRead(source);
  if (fast && !aliasExpansion(fast, MAX_ALIAS_EXPANSION)) {
    // the common case, read by src/spec/fast-read.ts: the same value and positions as below
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
    fastRulesAsPrometheusText(fast);
    return checked(fastToJS(fast), new SpecDocument(undefined, lines, source, fast), source, file);
  }
  const lines = new LineCounter();
  const parsed = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const yamlErrors = yamlDiagnostics(parsed, lines, file);
  if (yamlErrors.length) throw new DiagnosticsError(yamlErrors.sort(byPosition));
  if (parsed.contents === null || source.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(source)) {
    throw new DiagnosticsError([
      { severity: 'error', file, line: 1, col: 1, message: 'the spec is empty', hint: 'start from `mon init`' },
    ]);
  }
  const doc = new SpecDocument(parsed, lines, source);
  const bomb = aliasBomb(parsed);
  if (bomb) {
    const pos = doc.at(bomb.range?.[0] ?? 0);
    throw new DiagnosticsError([
      {
        severity: 'error',
        file,
        ...pos,
        message: `aliases expand the spec by more than ${MAX_ALIAS_EXPANSION} YAML nodes (an alias bomb?)`,
        hint: 'write the repeated parts out, or nest fewer aliases',
      },
    ]);
  }
  rulesAsPrometheusText(parsed);
  // aliasBomb bounds the expansion; the yaml package's count (100 by default) refuses real specs
  return checked(parsed.toJS({ maxAliasCount: -1 }), doc, source, file);
}

/** The spec's value, read: the schema, then the semantic rules. */
function checked(value: unknown, doc: SpecDocument, source: string, file: string): LoadedSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DiagnosticsError([
      {
        severity: 'error',
        file,
        line: 1,
        col: 1,
        message: 'the spec must be a map of keys (apiVersion, project, services, ...)',
      },
    ]);
  }
  const schemaErrors = schemaDiagnostics(value, doc, file);
  if (schemaErrors.length) throw new DiagnosticsError(schemaErrors.sort(byPosition));
  const spec = value as Spec;
  const semantic = semanticDiagnostics(spec, doc, file).sort(byPosition);
  if (semantic.some((d) => d.severity === 'error')) throw new DiagnosticsError(semantic);
  return { file, source, spec, doc, warnings: semantic };
}
