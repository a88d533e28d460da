import { rm } from 'node:fs/promises';
import { writeTree } from '../../artifacts/write.js';
import { ExitCode, MonError } from '../../errors.js';
import { parse as parseYaml } from 'yaml';
import { files } from '../../model/conventions.js';
import { resolveSecrets, secretRefs } from '../../secrets/resolve.js';
import { processSecrets } from '../../secrets/source.js';
import { writeSecretFiles } from '../../secrets/write.js';
import { composeCommand, composeRun } from '../../tools/compose.js';
import { stackPaths } from '../../deploy/paths.js';
import { writeState } from '../../deploy/state.js';
import type { ComponentResult, DeployOptions, Prepared } from '../types.js';

/**
 * The Compose target: the tree (with docker-compose.yml) and resolved secrets go to the stack's
 * config/, which is the Compose project directory; `docker compose up -d` applies the difference.
 */
export async function deployCompose(
  { model, artifacts, spec }: Prepared,
  opts: DeployOptions,
): Promise<ComponentResult[]> {
  const cmd = await composeCommand();
  if (!cmd)
    throw new MonError(
      'Docker Compose is not installed',
      ExitCode.toolMissing,
      "install Docker with the compose plugin (or Debian's docker-compose), or deploy with --target local",
    );
  const paths = stackPaths(opts.stackDir);
  const bridge = artifacts.find((a) => a.path === files.dingtalkConfig);
  const resolved = resolveSecrets(
    secretRefs(model),
    bridge ? [{ path: files.dingtalkResolved, content: bridge.content }] : [],
    processSecrets(),
  );
  if (resolved.missing.length)
    throw new MonError(
      `missing secrets: ${resolved.missing.join(', ')}`,
      ExitCode.invalid,
      'export them before deploying; nothing was changed',
    );
  await rm(paths.next, { recursive: true, force: true });
  await writeTree(paths.next, artifacts);
  await writeSecretFiles(paths.next, resolved.files);
  const check = await composeRun(cmd, files.composeFile, ['config', '-q'], paths.next);
  if (!check.ok)
    throw new MonError(
      `${check.command} refused the file: ${check.stderr.trim()}`,
      ExitCode.invalid,
      'nothing was changed',
    );
  await writeTree(paths.config, artifacts);
  await writeSecretFiles(paths.config, resolved.files);
  const up = await composeRun(
    cmd,
    files.composeFile,
    ['-p', model.project, 'up', '-d', '--remove-orphans'],
    paths.config,
  );
  await rm(paths.next, { recursive: true, force: true });
  if (!up.ok)
    throw new MonError(
      `${up.command} failed: ${`${up.stdout}\n${up.stderr}`.trim().split('\n').slice(-10).join('\n')}`,
      ExitCode.invalid,
    );
  await writeState(paths.state, {
    mon: 1,
    target: 'compose',
    project: model.project,
    spec,
    deployedAt: new Date().toISOString(),
    components: {},
  });
  const services = Object.keys(
    (parseYaml(artifacts.find((a) => a.path === files.composeFile)!.content) as { services: object }).services,
  );
  return services.map((name) => ({
    name,
    action: 'started' as const,
    reason: `service of Compose project ${model.project}`,
  }));
}
