import type { Spec } from '../spec/types.js';
import { backend } from './backend.js';
import { business } from './business.js';
import { platform } from './platform.js';
import { self } from './self.js';
import { system } from './system.js';
import { tracing } from './tracing.js';
import type { Pack } from './types.js';

/** The pack registry: adding a pack is a module, a line here, and its schema entry. */
export const packs: readonly Pack<never>[] = [
  backend,
  system,
  tracing,
  business,
  platform,
  self,
] as unknown as Pack<never>[];

export function enabledPacks(spec: Spec): Array<{ pack: Pack<never>; section: Record<string, unknown> }> {
  const wanted = (spec.alerts?.packs ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return packs.flatMap((pack) => (wanted[pack.name] ? [{ pack, section: wanted[pack.name]! }] : []));
}

/** alert name -> pack name, for every alert the enabled packs can emit */
export function packAlertNames(spec: Spec): Map<string, string> {
  const names = new Map<string, string>();
  for (const { pack } of enabledPacks(spec)) for (const r of pack.rules) names.set(r.alert, pack.name);
  return names;
}
