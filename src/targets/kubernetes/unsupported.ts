import { type Diagnostic, formatPath, type SpecPath } from '../../spec/diagnostics.js';
import type { LoadedSpec } from '../../spec/load.js';
import type { Model } from '../../model/types.js';

/**
 * What the spec asks for that the kubernetes target does not deploy yet: refused, located, so
 * that no resource points at a Service nobody runs and no probe job scrapes a URL as an address
 * (Prometheus refuses a static target with a path: "is not a valid hostname"). Checked on the
 * model, so it holds for `-t kubernetes` as well as for deploy.target.
 */
export function kubernetesUnsupported(loaded: LoadedSpec, model: Model): Diagnostic[] {
  if (model.target !== 'kubernetes') return [];
  const out: Diagnostic[] = [];
  const at = (path: SpecPath, message: string) => {
    const pos = loaded.doc.position(path, { key: true });
    out.push({
      severity: 'error',
      file: loaded.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message,
      hint: 'deploy with --target local or compose, or scrape an exporter you run in the cluster as a service',
    });
  };
  for (const p of model.probes)
    at(p.source, 'mon does not deploy blackbox_exporter on Kubernetes yet: probes need the local or compose target');
  for (const kind of Object.keys(model.datastores))
    at(['datastores', kind], `mon does not deploy the ${kind} exporter on Kubernetes yet`);
  if (model.cadvisor.enabled) at(['exporters', 'cadvisor'], 'cAdvisor is deployed on the compose target only');
  return out;
}
