import { ExitCode, MonError } from './errors.js';
import { monVersion } from './version.js';

const FS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/** Prints an error the way the user needs it; returns the exit code. The one error boundary. */
async function report(error: unknown): Promise<number> {
  const { CommanderError } = await import('commander');
  if (error instanceof CommanderError) {
    // commander has printed help, the version, or the usage error itself
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
      ? ExitCode.ok
      : ExitCode.usage;
  }
  const { isJson, ui } = await import('./ui/output.js');
  const { DiagnosticsError } = await import('./spec/diagnostics.js');
  if (error instanceof MonError) {
    const diagnostics = error instanceof DiagnosticsError ? error.diagnostics : [];
    if (isJson()) {
      ui.json({
        ok: false,
        exitCode: error.exitCode,
        error: { message: error.message, hint: error.hint },
        diagnostics,
      });
    } else {
      ui.diagnostics(diagnostics);
      ui.error(error.message, error.hint);
    }
    return error.exitCode;
  }
  // the file system refused (read-only stack directory, no space, no permission): the user's to fix
  const fsCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const fsPath = (error as NodeJS.ErrnoException | undefined)?.path;
  if (fsCode && FS_ERRORS[fsCode]) {
    ui.error(
      `cannot write ${fsPath ?? 'a file'}: ${FS_ERRORS[fsCode]} (${fsCode})`,
      'free space or fix the permissions of that path, or choose another directory (--stack-dir, -o); a running stack was left as it was',
    );
    return ExitCode.invalid;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  ui.error(`internal error: ${e.message}`, 'this is a bug in mon: please report it with the command you ran');
  if (process.env.MON_DEBUG) process.stderr.write(`${e.stack}\n`);
  return ExitCode.internal;
}

export async function main(argv: string[]): Promise<void> {
  let code: number = ExitCode.ok;
  try {
    // Ctrl-C / SIGTERM: exit 130 / 143, after the step under way where one is protected
    (await import('./util/signals.js')).installSignalHandlers();
    const { buildCli } = await import('./cli.js');
    await buildCli(monVersion(), (c) => (code = c)).parseAsync(argv);
  } catch (error) {
    code = await report(error);
  }
  process.exitCode = code;
}
