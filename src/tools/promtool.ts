import { dirname } from 'node:path';
import { prometheusFeatures } from '../model/versions.js';
import { findBinary, requireBinary } from './binaries.js';
import { run, runWithInput, type RunResult } from './exec.js';

/** A promtool run: which command, and what promtool said. */
export interface ToolCheck extends RunResult {
  command: string;
  ok: boolean;
}

async function promtool(args: string[], cwd: string): Promise<ToolCheck> {
  const bin = requireBinary('promtool');
  const r = await run(bin, args, { cwd });
  return { ...r, command: `promtool ${args.join(' ')}`, ok: r.exitCode === 0 };
}

/**
 * `promtool check config --syntax-only`: secret and certificate files the config references
 * need not exist where validation runs (CI has no production secrets); the rule files are
 * checked separately with checkRules.
 */
export const checkConfig = (configFile: string, cwd: string) =>
  promtool(['check', 'config', '--syntax-only', ...configLint(), configFile], cwd);

/** 3.x lints the config too (too-long-scrape-interval); findings are printed, not fatal. */
function configLint(): string[] {
  const v = findBinary('promtool').version;
  return v && prometheusFeatures(v).configLint ? ['--lint=all'] : [];
}

/** `promtool check rules` on every rule file, with every lint the version has (duplicate rules on both lines). */
export async function checkRules(ruleFiles: string[], cwd: string): Promise<ToolCheck> {
  const r = await promtool(['check', 'rules', '--lint=all', ...ruleFiles], cwd);
  // hundreds of groups make hundreds of files: name them by their folder, with the count
  return ruleFiles.length > 5
    ? { ...r, command: `promtool check rules --lint=all ${dirname(ruleFiles[0]!)}/*.yml (${ruleFiles.length} files)` }
    : r;
}

/** `promtool test rules` on unit-test files. */
export const testRules = (testFiles: string[], cwd: string) => promtool(['test', 'rules', ...testFiles], cwd);

/** `promtool check metrics`: the exposition text on stdin; exit 0 clean, 3 lint problems, 1 unparsable. */
export async function checkMetrics(text: string): Promise<ToolCheck> {
  const bin = requireBinary('promtool');
  const r = await runWithInput(bin, ['check', 'metrics'], text);
  return { ...r, command: 'promtool check metrics', ok: r.exitCode === 0 || r.exitCode === 3 };
}

/** Fails fast with the install hint before any work is done. */
export const requirePromtool = () => requireBinary('promtool');
