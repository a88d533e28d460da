import { sha256, withManifest } from './artifacts/manifest.js';
import type { Artifact } from './artifacts/types.js';
import { generateAll } from './generators/index.js';
import { readSpecFile } from './io/read-spec.js';
import { normalize } from './model/normalize.js';
import type { Target } from './model/placement.js';
import type { Model } from './model/types.js';
import { metricWarnings } from './consistency/warnings.js';
import { routingWarnings } from './routing/warnings.js';
import { lintWarnings } from './lint/warnings.js';
import { loadSpec, type LoadedSpec } from './spec/load.js';
import type { Prepared } from './targets/types.js';
import { monVersion } from './version.js';
import { localLines, pinLines } from './tools/lines.js';
import { versionDiagnostics } from './model/version-checks.js';
import { DiagnosticsError } from './spec/diagnostics.js';
import { TARGETS } from './targets/index.js';

/** How many times this process loaded a spec (MON_TRACE_LOADS=1 prints each), to keep "load once" true. */
let loads = 0;
export const specLoads = () => loads;

/** spec file -> loaded spec -> model: the shared first half of every command. */
export async function loadModel(file: string, target?: Target): Promise<{ loaded: LoadedSpec; model: Model }> {
  const source = await readSpecFile(file);
  loads++;
  if (process.env.MON_TRACE_LOADS === '1') process.stderr.write(`mon: loading spec ${file} (load ${loads})\n`);
  const loaded = loadSpec(source, file);
  const at = target ?? (loaded.spec.deploy?.target as Target | undefined) ?? 'local';
  const found = localLines(loaded.spec, at);
  const model = normalize(loaded.spec, file, at, found);
  pinLines(model, found);
  const unsupported = TARGETS[model.target].unsupported?.(loaded, model) ?? [];
  if (unsupported.length) throw new DiagnosticsError(unsupported);
  loaded.warnings.push(
    ...versionDiagnostics(loaded, model),
    ...routingWarnings(loaded, model),
    ...metricWarnings(loaded, model),
    ...lintWarnings(loaded, model),
  );
  return { loaded, model };
}

/** model -> every artifact plus the manifest. */
export const render = async (loaded: LoadedSpec, model: Model): Promise<Artifact[]> =>
  withManifest(await generateAll(model), model.specName, loaded.source, monVersion());

/** Load, model and render once: what every command that works on a spec passes on. */
export async function prepare(file: string, target?: Target): Promise<Prepared> {
  const { loaded, model } = await loadModel(file, target);
  return {
    loaded,
    model,
    artifacts: await render(loaded, model),
    spec: { file: model.specName, sha256: sha256(loaded.source) },
  };
}
