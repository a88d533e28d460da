import type { AlertRule, Service } from '../model/types.js';
import type { Spec } from '../spec/types.js';

export interface PackContext {
  project: string;
  runbookBaseUrl?: string;
  services: ReadonlyMap<string, Service>;
}

/** A named, parameterised set of alert rules, rendered into one rule group. */
export interface Pack {
  name: string;
  /** every alert the pack can emit, whatever its parameters (for name clashes) */
  alerts: readonly string[];
  /** the rules for this spec (the pack is enabled) */
  build(spec: Spec, ctx: PackContext): AlertRule[];
}

/** A PromQL string literal. */
export const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
