import type { Diagnostic, SpecPath } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import type { SpecDocument } from './document.js';

export interface ReportOptions {
  key?: boolean;
  hint?: string;
  severity?: 'warning';
  /** offset inside the scalar at `path` (PromQL and template errors) */
  offset?: number;
}

/** Collects located diagnostics for one spec: the semantic checks' only way to complain. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly doc: SpecDocument,
    readonly file: string,
  ) {}

  report(path: SpecPath, message: string, opts: ReportOptions = {}): void {
    const pos =
      opts.offset !== undefined
        ? this.doc.positionInScalar(path, opts.offset)
        : this.doc.position(path, { key: opts.key });
    this.diagnostics.push({
      severity: opts.severity ?? 'error',
      file: this.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message,
      hint: opts.hint,
    });
  }

  warn(path: SpecPath, message: string, opts: Omit<ReportOptions, 'severity'> = {}): void {
    this.report(path, message, { ...opts, severity: 'warning' });
  }

  lineOf(path: SpecPath): number {
    return this.doc.position(path).line;
  }
}
