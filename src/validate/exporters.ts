import type { ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import type { CheckResult } from '../report/checks.js';
import { requireBinary } from '../tools/binaries.js';
import { run } from '../tools/exec.js';
import { toolCheck } from './checks.js';

/** blackbox_exporter's own check of the generated modules (`--config.check`), in a spec with probes. */
export async function exporterChecks(model: Model, dir: string, missing: ToolMissingError[]): Promise<CheckResult[]> {
  if (!model.blackbox.enabled) return [];
  return [
    await toolCheck(
      'blackbox-config',
      'blackbox_exporter --config.check',
      async () => {
        const args = [`--config.file=${files.blackboxConfig}`, '--config.check'];
        const r = await run(requireBinary('blackbox_exporter'), args, { cwd: dir });
        return { ...r, command: `blackbox_exporter ${args.join(' ')}`, ok: r.exitCode === 0 };
      },
      missing,
    ),
  ];
}
