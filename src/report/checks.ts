import type { Diagnostic } from '../spec/diagnostics.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check of `mon validate` (and later `mon verify`): stable id, status, time, details. */
export interface CheckResult {
  id: string;
  name: string;
  status: CheckStatus;
  durationMs: number;
  details?: string;
  diagnostics?: Diagnostic[];
}

export async function timed(
  id: string,
  name: string,
  body: () => Promise<Omit<CheckResult, 'id' | 'name' | 'durationMs'>>,
): Promise<CheckResult> {
  const started = performance.now();
  const r = await body();
  return { id, name, durationMs: Math.round(performance.now() - started), ...r };
}

export const skipped = (id: string, name: string, why: string): CheckResult => ({
  id,
  name,
  status: 'skip',
  durationMs: 0,
  details: why,
});
