import type { CheckResult } from './checks.js';
import type { Diagnostic } from '../spec/diagnostics.js';

/**
 * GitHub Actions workflow commands for annotations (`::error file=f,line=l,col=c::message`), as
 * documented in "Workflow commands for GitHub Actions" (docs.github.com, "Setting an error
 * message"): a message escapes %, CR and LF; a property value also : and ,.
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  file?: string;
  line?: number;
  col?: number;
  title?: string;
  message: string;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  if (a.title !== undefined) props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}`;
}

/** A spec diagnostic at its file:line:col; the spec path leads the message, the hint follows it. */
export function diagnosticAnnotation(d: Diagnostic): Annotation {
  const message = `${d.path ? `${d.path}: ` : ''}${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`;
  return {
    level: d.severity,
    file: d.file,
    ...(d.line !== undefined ? { line: d.line, col: d.col ?? 1 } : {}),
    message,
  };
}

/**
 * The annotations of a check list (`mon validate --format github`): every diagnostic at its
 * place, and a failed check that has none as one error naming the check.
 */
export function checkAnnotations(checks: readonly CheckResult[], specFile: string): Annotation[] {
  const out: Annotation[] = [];
  for (const c of checks) {
    for (const d of c.diagnostics ?? []) out.push(diagnosticAnnotation(d));
    if (c.status === 'fail' && !c.diagnostics?.some((d) => d.severity === 'error'))
      out.push({ level: 'error', file: specFile, title: `mon validate: ${c.id}`, message: c.details ?? c.name });
  }
  return out;
}
