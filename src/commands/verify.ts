import { writeFile } from 'node:fs/promises';
import { stackDirOf } from '../deploy/stack-dir.js';
import type { Target } from '../model/placement.js';
import { junitXml } from '../report/junit.js';
import { printChecks } from '../ui/checks.js';
import { isJson, ui } from '../ui/output.js';
import { protect } from '../util/signals.js';
import { fireDrill } from '../verify/drill.js';
import { verifyContext, verifyExit, verifyUntil, type VerifyOptions } from '../verify/run.js';
import { traceRoundTrip } from '../verify/trace.js';

export interface VerifyCommandOptions extends Omit<VerifyOptions, 'stackDir'> {
  stackDir?: string;
  wait?: boolean;
  /** with --wait, ms */
  timeout?: number;
  fireDrill?: boolean;
  trace?: boolean;
  /** Tempo's OTLP/HTTP receiver, for the trace round trip (default: Tempo's host, the spec's port) */
  otlpUrl?: string;
  junit?: string;
  target?: Target;
}

/** `mon verify`: the post-deploy checks, one command; table, JSON, JUnit; exit 4 on a failure. */
export function verify(opts: VerifyCommandOptions): Promise<number> {
  // a signal in a read-only phase ends mon at once (130 / 143); deploy and the fire drill protect their own steps
  return protect(
    () => verifyRun(opts),
    async () => undefined,
  );
}

async function verifyRun(opts: VerifyCommandOptions): Promise<number> {
  const stackDir = await stackDirOf(opts.file, opts.stackDir);
  const ctx = await verifyContext({ ...opts, stackDir });
  const timeoutMs = opts.timeout ?? 120_000;
  const started = performance.now();
  const checks = await ui.spin('verifying the stack', () => verifyUntil(ctx, opts.wait ? timeoutMs : 0));
  if (opts.fireDrill) checks.push(...(await fireDrill(ctx)));
  if (opts.trace) checks.push(await traceRoundTrip(ctx, undefined, opts.otlpUrl));
  const exit = verifyExit(checks);
  const ms = Math.round(performance.now() - started);
  if (opts.junit) await writeFile(opts.junit, junitXml([{ name: 'mon verify', checks }]));
  if (isJson()) ui.json({ ok: exit === 0, command: 'verify', exitCode: exit, stackDir, ms, checks });
  else printChecks(checks);
  return exit;
}
