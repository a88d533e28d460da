import { annotationKeys, labelKeys, runbookUrl } from '../model/conventions.js';
import type { AlertRule } from '../model/types.js';
import type { SpecPath } from '../spec/diagnostics.js';
import type { PackContext } from './types.js';

export interface RuleInput {
  alert: string;
  expr: string;
  for?: string;
  severity: string;
  summary?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  source: SpecPath;
}

/** One place that turns a rule's parts into labels and annotations, for packs and custom rules alike. */
export function alertRule(input: RuleInput, ctx: Pick<PackContext, 'runbookBaseUrl'>): AlertRule {
  const labels: Record<string, string> = { [labelKeys.severity]: input.severity, ...input.labels };
  const annotations: Record<string, string> = {};
  if (input.summary !== undefined) annotations[annotationKeys.summary] = input.summary;
  if (input.description !== undefined) annotations[annotationKeys.description] = input.description;
  Object.assign(annotations, input.annotations);
  if (ctx.runbookBaseUrl && annotations[annotationKeys.runbook] === undefined) {
    annotations[annotationKeys.runbook] = runbookUrl(ctx.runbookBaseUrl, input.alert);
  }
  const rule: AlertRule = { alert: input.alert, expr: input.expr, labels, annotations, source: input.source };
  if (input.for !== undefined) rule.for = input.for;
  return rule;
}
