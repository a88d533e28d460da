import { ruleGroup } from '../model/conventions.js';
import type { RuleGroup } from '../model/types.js';
import { parseBytes } from '../spec/bytes.js';
import { alertRule, unitTest } from './rule.js';
import { ruleTestCases } from './testing/cases.js';
import type { Pack, PackContext, PackRule } from './types.js';

/** A per-rule override from `alerts.packs.<pack>.rules.<Alert>`. */
export interface RuleOverride {
  enabled?: boolean;
  threshold?: number | string;
  for?: string;
  severity?: 'info' | 'warning' | 'critical';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface PackSection {
  thresholds?: Record<string, number | string>;
  rules?: Record<string, RuleOverride>;
}

export function thresholdOf<P>(rule: PackRule<P>, section: PackSection): number | undefined {
  if (!rule.threshold) return undefined;
  const raw =
    section.rules?.[rule.alert]?.threshold ??
    (rule.threshold.param ? section.thresholds?.[rule.threshold.param] : undefined) ??
    rule.threshold.default;
  return rule.threshold.unit === 'bytes' ? parseBytes(raw) : typeof raw === 'number' ? raw : Number(raw);
}

/** Pack + its spec section -> one rule group, each alert with its generated unit tests. */
export function renderPack<P>(pack: Pack<P>, section: PackSection, ctx: PackContext): RuleGroup {
  const p = pack.params(section as Record<string, unknown>, ctx);
  const source = ['alerts', 'packs', pack.name];
  const rules = pack.rules.flatMap((rule) => {
    const ov = section.rules?.[rule.alert] ?? {};
    if (ov.enabled === false || (rule.when && !rule.when(p))) return [];
    const t = thresholdOf(rule, section) ?? 0;
    const r = alertRule(
      {
        alert: rule.alert,
        expr: rule.expr(p, t),
        for: ov.for ?? rule.for,
        severity: ov.severity ?? rule.severity,
        summary: rule.summary(p, t),
        description: rule.description(p, t),
        labels: { ...pack.labels?.(p), ...ov.labels },
        annotations: ov.annotations,
        source: section.rules?.[rule.alert] ? [...source, 'rules', rule.alert] : source,
      },
      ctx.runbookBaseUrl,
    );
    const cases = ruleTestCases({
      alert: r.alert,
      for: r.for,
      compare: rule.compare,
      unit: rule.threshold?.unit ?? 'number',
      threshold: t,
      labels: r.labels,
      annotations: r.annotations,
      fixture: rule.fixture(p),
    });
    r.tests = cases.map((c) => unitTest(r.alert, c));
    return [r];
  });
  return { name: ruleGroup(ctx.project, pack.name), pack: pack.name, rules };
}
