import { LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, byPosition, DiagnosticsError } from './diagnostics.js';
import { SpecDocument } from './document.js';
import { semanticDiagnostics } from './rules.js';
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

function yamlDiagnostics(doc: ReturnType<typeof parseDocument>, lines: LineCounter, file: string): Diagnostic[] {
  return doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    let message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (e.code === 'TAB_AS_INDENT') message = 'tabs are not allowed for indentation in YAML; indent with spaces';
    else if (e.code === 'DUPLICATE_KEY') message = 'duplicate key: each key may appear once in a map';
    else message = `invalid YAML: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
    return { severity: 'error' as const, file, line: pos.line, col: pos.col, message };
  });
}

/**
 * Source text -> validated spec, in phases (YAML, schema, semantic rules), collecting every
 * problem of a phase before stopping. Pure: no file system.
 */
export function loadSpec(source: string, file: string): LoadedSpec {
  const lines = new LineCounter();
  const parsed = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false });
  const yamlErrors = yamlDiagnostics(parsed, lines, file);
  if (yamlErrors.length) throw new DiagnosticsError(yamlErrors.sort(byPosition));
  if (parsed.contents === null || source.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(source)) {
    throw new DiagnosticsError([{ severity: 'error', file, line: 1, col: 1, message: 'the spec is empty', hint: 'start from `mon init`' }]);
  }
  const doc = new SpecDocument(parsed, lines, source);
  const value: unknown = parsed.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DiagnosticsError([{ severity: 'error', file, line: 1, col: 1, message: 'the spec must be a map of keys (apiVersion, project, services, ...)' }]);
  }
  const schemaErrors = schemaDiagnostics(value, doc, file);
  if (schemaErrors.length) throw new DiagnosticsError(schemaErrors.sort(byPosition));
  const spec = value as Spec;
  const semantic = semanticDiagnostics(spec, doc, file).sort(byPosition);
  if (semantic.some((d) => d.severity === 'error')) throw new DiagnosticsError(semantic);
  return { file, source, spec, doc, warnings: semantic };
}
