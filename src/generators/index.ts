import type { Artifact } from '../artifacts/types.js';
import { alertmanagerGenerator } from './alertmanager/config.js';
import { dingtalkGenerator } from './alertmanager/dingtalk.js';
import type { Model } from '../model/types.js';
import { prometheusConfigGenerator } from './prometheus/config.js';
import { prometheusRulesGenerator } from './prometheus/rules.js';
import { prometheusTestsGenerator } from './prometheus/tests.js';
import { grafanaGenerator } from './grafana/provisioning.js';
import { lokiGenerator } from './loki/config.js';
import { tempoGenerator } from './tempo/config.js';
import { samplingGenerator } from './tracing/sampling.js';
import { composeGenerator } from './compose/compose.js';
import type { Generator } from './types.js';

/** The generator registry: one interface, one folder per target, one list. */
export const generators: readonly Generator[] = [
  prometheusConfigGenerator,
  prometheusRulesGenerator,
  prometheusTestsGenerator,
  alertmanagerGenerator,
  dingtalkGenerator,
  grafanaGenerator,
  tempoGenerator,
  lokiGenerator,
  samplingGenerator,
  composeGenerator,
];

/** Model -> every artifact, sorted by path. Pure. */
export async function generateAll(model: Model): Promise<Artifact[]> {
  const out = (await Promise.all(generators.map((g) => g.generate(model)))).flat();
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
