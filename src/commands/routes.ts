import { loadModel } from '../pipeline.js';
import { routeTreeMermaid } from '../routing/mermaid.js';
import { routingMatrix } from '../routing/router.js';
import { printRoutingMatrix } from '../ui/routes.js';
import { isJson, ui } from '../ui/output.js';

export interface RoutesOptions {
  file: string;
  mermaid?: boolean;
}

/** `mon routes`: where every generated alert goes, worked out offline from the spec. */
export async function routes(opts: RoutesOptions): Promise<number> {
  const { loaded, model } = await loadModel(opts.file);
  ui.diagnostics(loaded.warnings);
  const matrix = routingMatrix(model);
  if (isJson()) {
    ui.json({
      ok: true,
      command: 'routes',
      file: opts.file,
      alerts: matrix.map(({ rule: _rule, ...row }) => row),
    });
  } else if (opts.mermaid) ui.result(routeTreeMermaid(model.alertmanager.route).trimEnd());
  else printRoutingMatrix(matrix);
  return 0;
}
