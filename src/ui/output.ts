import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../spec/diagnostics.js';
import { formatDiagnostic } from '../spec/diagnostics.js';

/**
 * The one module that prints. Results go to stdout; progress, warnings and errors to stderr.
 * No colour under NO_COLOR, --no-color or when stderr is not a terminal; spinners only on a real
 * terminal at least MIN_SPINNER_COLUMNS wide, never in CI.
 */
interface UiState {
  json: boolean;
  color: boolean;
  interactive: boolean;
}

const isCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';
const state: UiState = {
  json: false,
  color: !process.env.NO_COLOR && Boolean(process.stderr.isTTY),
  interactive: Boolean(process.stderr.isTTY) && !isCi(),
};
const WARNING_LIMIT = 20;
/** ora redraws its line to the terminal's width; with 0 or a few columns it wrapped endlessly (532 MB). */
const MIN_SPINNER_COLUMNS = 20;
/** Progress only on a real terminal of a sane width, never on a pipe, a file, a dumb terminal or CI. */
const spinnerAllowed = () =>
  state.interactive &&
  !state.json &&
  process.stderr.isTTY === true &&
  process.env.TERM !== 'dumb' &&
  (process.stderr.columns ?? 0) >= MIN_SPINNER_COLUMNS;

/**
 * A reader that goes away (`mon status | head -1`) closes the pipe: the next write fails with
 * EPIPE, emitted on the stream. That ends the command quietly, as a closed pipe ends `cat`,
 * instead of an unhandled 'error' event with a stack trace.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
let paint: ChalkInstance = new Chalk({ level: state.color ? 1 : 0 });

export function configureUi(opts: { json?: boolean; color?: boolean }): void {
  if (opts.json !== undefined) state.json = opts.json;
  if (opts.color === false) state.color = false;
  paint = new Chalk({ level: state.color ? 1 : 0 });
}

export const isJson = () => state.json;
export const colors = () => paint;

export const ui = {
  /** a line of results (stdout); suppressed in JSON mode */
  result(line: string): void {
    if (!state.json) process.stdout.write(`${line}\n`);
  },
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
  info(line: string): void {
    if (!state.json) process.stderr.write(`${line}\n`);
  },
  success(line: string): void {
    if (!state.json) process.stderr.write(`${paint.green(line)}\n`);
  },
  warn(line: string): void {
    process.stderr.write(`${paint.yellow('warning:')} ${line}\n`);
  },
  error(line: string, hint?: string): void {
    process.stderr.write(`${paint.red('error:')} ${line}\n`);
    if (hint) process.stderr.write(`${paint.dim('hint:')} ${hint}\n`);
  },
  /** Every error; warnings up to WARNING_LIMIT, then a count of the rest. */
  diagnostics(list: readonly Diagnostic[]): void {
    const warnings = list.filter((d) => d.severity === 'warning');
    const hidden = new Set(warnings.slice(WARNING_LIMIT));
    for (const d of list) {
      if (hidden.has(d)) continue;
      const line = formatDiagnostic(d);
      process.stderr.write(`${d.severity === 'error' ? paint.red(line) : paint.yellow(line)}\n`);
      if (d.hint) process.stderr.write(`  ${paint.dim(`hint: ${d.hint}`)}\n`);
    }
    if (hidden.size)
      process.stderr.write(`${paint.yellow(`... and ${hidden.size} more warnings (--json lists them all)`)}\n`);
  },
  /** A spinner on an interactive terminal; silent elsewhere. */
  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (!spinnerAllowed()) return work();
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: process.stderr }).start();
    try {
      const value = await work();
      spinner.stop();
      return value;
    } catch (e) {
      spinner.stop();
      throw e;
    }
  },
};
