import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/pipeline.js';
import { DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { ROOT } from '../../helpers/cli.js';

/** What the kubernetes target does not deploy is refused at its spec line, for -t kubernetes too. */
describe('kubernetes target: components it does not deploy', () => {
  const spec = join(ROOT, 'examples/platform/monitoring.yaml');

  it('refuses probes, datastore exporters and cAdvisor, located, when -t kubernetes overrides the spec', async () => {
    const e = await loadModel(spec, 'kubernetes').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DiagnosticsError);
    expect((e as DiagnosticsError).diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`)).toEqual([
      '38:9 services[0].probes[0]: mon does not deploy blackbox_exporter on Kubernetes yet: probes need the local or compose target',
      '39:9 services[0].probes[1]: mon does not deploy blackbox_exporter on Kubernetes yet: probes need the local or compose target',
      '40:9 services[0].probes[2]: mon does not deploy blackbox_exporter on Kubernetes yet: probes need the local or compose target',
      '22:3 datastores.redis: mon does not deploy the redis exporter on Kubernetes yet',
      '26:3 datastores.mysql: mon does not deploy the mysql exporter on Kubernetes yet',
      '20:3 exporters.cadvisor: cAdvisor is deployed on the compose target only',
    ]);
  });

  it('the same spec loads on the local target', async () => {
    await expect(loadModel(spec, 'local')).resolves.toBeDefined();
  });
});
