import type { Spec } from '../spec/types.js';
import { backend } from './backend.js';
import { business } from './business.js';
import { mysql, postgres, redis } from './datastores.js';
import { probes } from './probes.js';
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
  redis,
  mysql,
  postgres,
  probes,
] as unknown as Pack<never>[];

/** Packs on by themselves when the spec has what they watch: `alerts.packs.<name>.enabled: false` turns one off. */
const IMPLIED: Partial<Record<string, (spec: Spec) => boolean>> = {
  redis: (s) => s.datastores?.redis !== undefined,
  mysql: (s) => s.datastores?.mysql !== undefined,
  postgres: (s) => s.datastores?.postgres !== undefined,
  probes: (s) => s.services.some((x) => (x.probes ?? []).length > 0),
};

export function enabledPacks(spec: Spec): Array<{ pack: Pack<never>; section: Record<string, unknown> }> {
  const wanted = (spec.alerts?.packs ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return packs.flatMap((pack) => {
    const section = wanted[pack.name] ?? (IMPLIED[pack.name]?.(spec) ? {} : undefined);
    return section && section.enabled !== false ? [{ pack, section }] : [];
  });
}

/** alert name -> pack name, for every alert the enabled packs can emit */
export function packAlertNames(spec: Spec): Map<string, string> {
  const names = new Map<string, string>();
  for (const { pack } of enabledPacks(spec)) for (const r of pack.rules) names.set(r.alert, pack.name);
  return names;
}
