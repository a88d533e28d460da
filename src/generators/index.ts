import type { Artifact } from '../artifacts/types.js';
import { alertmanagerGenerator } from './alertmanager/config.js';
import { dingtalkGenerator } from './alertmanager/dingtalk.js';
import type { Model } from '../model/types.js';
import { prometheusConfigGenerator } from './prometheus/config.js';
import { prometheusRulesGenerator } from './prometheus/rules.js';
import { prometheusTestsGenerator } from './prometheus/tests.js';
import type { Generator } from './types.js';

/** The generator registry: one interface, one folder per target, one list. */
export const generators: readonly Generator[] = [
  prometheusConfigGenerator,
  prometheusRulesGenerator,
  prometheusTestsGenerator,
  alertmanagerGenerator,
  dingtalkGenerator,
];

/** Model -> every artifact, sorted by path. Pure. */
export function generateAll(model: Model): Artifact[] {
  const out = generators.flatMap((g) => g.generate(model));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
