import type { CheckResult } from '../../report/checks.js';
import { skipped, timed } from '../../report/checks.js';
import { composeCommand, composeRun } from '../../tools/compose.js';
import { findBinary } from '../../tools/binaries.js';
import { run } from '../../tools/exec.js';
import { fail, pass, type VerifyContext } from '../../verify/context.js';
import { files } from '../../model/conventions.js';
import { component, type ComponentName } from '../../components/index.js';

/** Compose memory strings are binary: 2G = 2 GiB. */
const memBytes = (m: string) => {
  const x = /^(\d+(?:\.\d+)?)([bkmg])?$/i.exec(m)!;
  return Math.round(Number(x[1]) * 1024 ** 'bkmg'.indexOf((x[2] ?? 'b').toLowerCase()));
};

/** The containers' memory limits, as the engine applied them, against the spec. */
export async function composeLimitChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  if (!ctx.configDir) return [];
  const limited = Object.entries(ctx.model.resources).filter(([, r]) => r?.memory);
  if (!limited.length) return [];
  const cmd = await composeCommand();
  const docker = findBinary('docker').path;
  if (!cmd || !docker)
    return [
      skipped('compose.limits', 'containers run with the memory limits of the spec', 'Docker is not installed here'),
    ];
  return [
    await timed('compose.limits', 'containers run with the memory limits of the spec', async () => {
      const problems: string[] = [];
      for (const [name, r] of limited) {
        const service = component(name as ComponentName).container.service;
        const ps = await composeRun(
          cmd,
          files.composeFile,
          ['-p', ctx.model.project, 'ps', '-q', service],
          ctx.configDir!,
        );
        const id = ps.stdout.trim().split('\n')[0];
        if (!ps.ok || !id) {
          problems.push(`${service}: no container (${ps.stderr.trim() || 'not running'})`);
          continue;
        }
        const inspect = await run(docker, ['inspect', '--format', '{{.HostConfig.Memory}}', id]);
        const got = Number(inspect.stdout.trim());
        const want = memBytes(r!.memory!);
        if (got !== want)
          problems.push(
            `${service}: memory limit ${got ? `${got} bytes` : 'none'}, the spec says ${r!.memory} (${want} bytes)`,
          );
      }
      return problems.length
        ? fail(problems.join('\n'))
        : pass(limited.map(([s, r]) => `${s} ${r!.memory}`).join(', '));
    }),
  ];
}
