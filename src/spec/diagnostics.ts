import { ExitCode, MonError } from '../errors.js';

export type Severity = 'error' | 'warning';
/** A path into the spec: keys and list indexes, e.g. ['alerts', 'rules', 0, 'for']. */
export type SpecPath = ReadonlyArray<string | number>;

export interface Diagnostic {
  severity: Severity;
  file: string;
  line?: number;
  col?: number;
  /** dotted spec path, e.g. `alerts.rules[0].for` */
  path?: string;
  message: string;
  /** what the user can do about it */
  hint?: string;
}

/** `['alerts','rules',0,'for']` -> `alerts.rules[0].for` */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `monitoring.yaml:12:5 alerts.rules[0].for: must be a duration like 5m` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}:${d.col ?? 1}`;
  const what = d.path ? `${d.path}: ` : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where} ${what}${sev}${d.message}`;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) || a.message.localeCompare(b.message);
}

/** Thrown when a phase found errors: carries every diagnostic of the pass. */
export class DiagnosticsError extends MonError {
  constructor(
    readonly diagnostics: Diagnostic[],
    summary?: string,
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const file = diagnostics[0]?.file ?? 'the spec';
    super(
      summary ?? `${errors} ${errors === 1 ? 'error' : 'errors'} in ${file}; nothing was written`,
      ExitCode.invalid,
    );
    this.name = 'DiagnosticsError';
  }
}
