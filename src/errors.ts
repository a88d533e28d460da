/** Exit codes: one scheme for every command, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** invalid input, or a validation that failed */
  invalid: 1,
  /** wrong command-line usage (unknown flag, missing argument) */
  usage: 2,
  /** a required external tool (promtool, amtool, ...) is missing */
  toolMissing: 3,
  /** `mon verify` found a failing check */
  verifyFailed: 4,
  /** the generated files or the running stack differ from the spec */
  drift: 5,
  /** a bug in mon */
  internal: 70,
  /** stopped by SIGINT (Ctrl-C) / SIGTERM, after finishing or undoing its current step */
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: carries its exit code and what the user can do about it. */
export class MonError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.invalid,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MonError';
  }
}

export class ToolMissingError extends MonError {
  constructor(
    readonly tool: string,
    install: string,
  ) {
    super(`${tool} was not found on PATH`, ExitCode.toolMissing, install);
    this.name = 'ToolMissingError';
  }
}
