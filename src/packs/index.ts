import type { Spec } from '../spec/types.js';
import { backend } from './backend.js';
import { system } from './system.js';
import type { Pack } from './types.js';

/** The pack registry: adding a pack is a module and a line here (and its schema entry). */
export const packs: readonly Pack[] = [backend, system];

export function enabledPacks(spec: Spec): Pack[] {
  const wanted = spec.alerts?.packs ?? {};
  return packs.filter((p) => (wanted as Record<string, unknown>)[p.name] !== undefined);
}

/** alert name -> pack name, for every alert the enabled packs can emit */
export function packAlertNames(spec: Spec): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of enabledPacks(spec)) for (const a of p.alerts) names.set(a, p.name);
  return names;
}
