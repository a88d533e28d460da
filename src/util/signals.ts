import { ExitCode, MonError } from '../errors.js';

/**
 * Ctrl-C (SIGINT) and SIGTERM while mon changes a stack: one place for every command. A section
 * of work is `protect`ed, and says how a signal ends it:
 *  - with a `cleanup` (the fire drill): the cleanup runs at once, then mon exits 130 / 143;
 *  - without (deploy, up): the signal is noted, the current step finishes, and the next
 *    `checkpoint()` throws `Interrupted`, which the section undoes like any failure (a deploy
 *    rolls back and writes its state) before mon exits 130 / 143. A signal after the last step
 *    lets the work finish; mon still exits 130 / 143.
 * Outside a protected section (loading the spec, reading) mon exits at once with the same codes:
 * nothing to undo. `main` installs the handlers first thing.
 */
export class Interrupted extends MonError {
  constructor(readonly signal: NodeJS.Signals) {
    super(
      `interrupted by ${signal}`,
      signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated,
      'the step under way was finished or undone; the state file names what runs',
    );
    this.name = 'Interrupted';
  }
}

interface Section {
  cleanup?: () => Promise<unknown>;
}
const sections: Section[] = [];
let received: NodeJS.Signals | undefined;
const exitCode = (s: NodeJS.Signals) => (s === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated);

function onSignal(signal: NodeJS.Signals) {
  if (received) return; // already on its way out
  received = signal;
  const top = sections.at(-1);
  if (!top) process.exit(exitCode(signal));
  if (top.cleanup) void top.cleanup().finally(() => process.exit(exitCode(signal)));
  else process.stderr.write(`\n${signal}: finishing the current step, then undoing this run's changes\n`);
}

/** Throws `Interrupted` when a signal arrived: call it between steps. */
export function checkpoint(): void {
  if (received) throw new Interrupted(received);
}

let installed = false;
/** SIGINT and SIGTERM handled by mon from here on (main calls it first). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs `fn` as a protected section (see above). */
export async function protect<T>(fn: () => Promise<T>, cleanup?: () => Promise<unknown>): Promise<T> {
  installSignalHandlers();
  const section: Section = cleanup ? { cleanup } : {};
  sections.push(section);
  try {
    const out = await fn();
    if (!cleanup) checkpoint(); // finished, but the user asked to stop: say so by the exit code
    return out;
  } finally {
    sections.splice(sections.indexOf(section), 1);
  }
}
