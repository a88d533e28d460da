import type { Diagnostic } from './diagnostics.js';
import type { SpecDocument } from './document.js';
import { Reporter } from './reporter.js';
import type { Spec } from './types.js';

/** What every semantic rule sees: the schema-valid spec, where its nodes stand, and shared facts. */
export interface RuleContext {
  spec: Spec;
  doc: SpecDocument;
  file: string;
  /** service name -> index of its first definition */
  services: Map<string, number>;
  /** node_exporter is deployed (exporters.node.enabled is not false) */
  nodeExporter: boolean;
}

/** One semantic check that a schema cannot express, by name (changesets style). */
export interface SpecRule {
  name: string;
  check(ctx: RuleContext): Diagnostic[];
}

/** A rule written against a Reporter: its located diagnostics are what `check` returns. */
export function rule(name: string, check: (ctx: RuleContext, r: Reporter) => void): SpecRule {
  return {
    name,
    check(ctx) {
      const r = new Reporter(ctx.doc, ctx.file);
      check(ctx, r);
      return r.diagnostics;
    },
  };
}

export function contextOf(spec: Spec, doc: SpecDocument, file: string): RuleContext {
  const services = new Map<string, number>();
  spec.services.forEach((s, i) => services.has(s.name) || services.set(s.name, i));
  return { spec, doc, file, services, nodeExporter: spec.exporters?.node?.enabled !== false };
}

/** Runs every rule of every list, in order; a rule's diagnostics never depend on another's. */
export function runRules(lists: ReadonlyArray<readonly SpecRule[]>, ctx: RuleContext): Diagnostic[] {
  return lists.flatMap((list) => list.flatMap((r) => r.check(ctx)));
}
