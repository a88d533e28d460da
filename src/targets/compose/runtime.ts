import { parse as parseYaml } from 'yaml';
import { stackPaths } from '../../deploy/paths.js';
import { ExitCode, MonError } from '../../errors.js';
import { files } from '../../model/conventions.js';
import { composeCommand, composeRun } from '../../tools/compose.js';
import { endpointsFrom } from '../../verify/endpoints.js';
import type { ComponentResult, TargetRuntime } from '../types.js';
import { deployCompose } from './deploy.js';
import { composeChecks } from './validate.js';
import { composeLimitChecks } from './verify.js';
import { compose } from './index.js';

/** `docker compose down` for a Compose deployment (volumes are kept). */
async function composeDown(stackDir: string, project: string): Promise<ComponentResult[]> {
  const cmd = await composeCommand();
  if (!cmd)
    throw new MonError(
      'Docker Compose is not installed',
      ExitCode.toolMissing,
      'install Docker with the compose plugin to stop the Compose project',
    );
  const r = await composeRun(cmd, files.composeFile, ['-p', project, 'down'], stackPaths(stackDir).config);
  if (!r.ok)
    throw new MonError(`${r.command} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`, ExitCode.invalid);
  return [{ name: project, action: 'stopped', reason: 'docker compose down (volumes kept)' }];
}

export const composeRuntime: TargetRuntime = {
  validate: composeChecks,
  plan: async (p) => {
    const services = Object.keys(
      (parseYaml(p.artifacts.find((a) => a.path === files.composeFile)!.content) as { services: object }).services,
    );
    return services.map((name) => ({
      name,
      action: 'apply' as const,
      reason: '`docker compose up -d` applies what differs',
    }));
  },
  deploy: deployCompose,
  // the engine knows; `docker compose ps` is for a later version
  status: async () => [],
  down: (stackDir, state) => composeDown(stackDir, state.project),
  // every service's port is published on 127.0.0.1
  endpoints: (model, _state, overrides) => endpointsFrom(model, overrides, () => undefined),
  verifyChecks: composeLimitChecks,
  // the project's config tree is in the stack directory; every service's port is published on 127.0.0.1
  async diffLive(p, opts) {
    const { stackLiveDiff } = await import('../../diff/live.js');
    return stackLiveDiff(p, opts.stackDir, compose, (model, state) => composeRuntime.endpoints(model, state, {}));
  },
};
