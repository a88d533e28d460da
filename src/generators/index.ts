import type { Artifact } from '../artifacts/types.js';
import { alertmanagerGenerator } from './alertmanager/config.js';
import { dingtalkGenerator } from './alertmanager/dingtalk.js';
import type { Model } from '../model/types.js';
import { TARGETS } from '../targets/index.js';
import { prometheusConfigGenerator } from './prometheus/config.js';
import { prometheusRulesGenerator } from './prometheus/rules.js';
import { prometheusTestsGenerator } from './prometheus/tests.js';
import { grafanaGenerator } from './grafana/provisioning.js';
import { lokiGenerator } from './loki/config.js';
import { tempoGenerator } from './tempo/config.js';
import { jaegerGenerator } from './jaeger/config.js';
import { samplingGenerator } from './tracing/sampling.js';
import { exportersGenerator } from './exporters/config.js';
import type { Generator } from './types.js';

/** The generator registry: one interface, one folder per component, one list; targets add their own. */
export const generators: readonly Generator[] = [
  prometheusConfigGenerator,
  prometheusRulesGenerator,
  prometheusTestsGenerator,
  alertmanagerGenerator,
  dingtalkGenerator,
  grafanaGenerator,
  tempoGenerator,
  jaegerGenerator,
  lokiGenerator,
  samplingGenerator,
  exportersGenerator,
];

/** Model -> every artifact, sorted by path. Pure. */
export async function generateAll(model: Model): Promise<Artifact[]> {
  const all = [...generators, ...TARGETS[model.target].generators];
  const out = (await Promise.all(all.map((g) => g.generate(model)))).flat();
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
