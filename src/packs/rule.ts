import { annotationKeys, labelKeys, runbookUrl } from '../model/conventions.js';
import type { AlertRule, UnitTest } from '../model/types.js';
import type { SpecPath } from '../spec/diagnostics.js';
import { formatDuration } from '../spec/duration.js';
import type { RuleTestCase } from './testing/cases.js';
import { selector } from './types.js';

export interface RuleInput {
  alert: string;
  expr: string;
  for?: string;
  /** keep_firing_for */
  keepFiringFor?: string;
  severity: string;
  summary?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  source: SpecPath;
}

/** Labels and annotations of an alert, the same way for packs and custom rules. */
export function alertRule(input: RuleInput, runbookBaseUrl: string | undefined): AlertRule {
  const labels: Record<string, string> = { [labelKeys.severity]: input.severity, ...input.labels };
  const annotations: Record<string, string> = {};
  if (input.summary !== undefined) annotations[annotationKeys.summary] = input.summary;
  if (input.description !== undefined) annotations[annotationKeys.description] = input.description;
  if (runbookBaseUrl) annotations[annotationKeys.runbook] = runbookUrl(runbookBaseUrl, input.alert);
  Object.assign(annotations, input.annotations);
  const rule: AlertRule = {
    kind: 'alert',
    alert: input.alert,
    expr: input.expr,
    labels,
    annotations,
    source: input.source,
    tests: [],
  };
  if (input.for !== undefined) rule.for = input.for;
  if (input.keepFiringFor !== undefined) rule.keepFiringFor = input.keepFiringFor;
  return rule;
}

const minutes = (m: number) => formatDuration(m * 60_000);

/** A generated test case as a promtool unit test: series sampled every minute from 0. */
export function unitTest(alert: string, c: RuleTestCase): UnitTest {
  const n = c.minutes + 1;
  return {
    name: c.name,
    interval: '1m',
    series: c.series.map((s) => ({
      series: selector(s.metric, s.labels),
      values: s.kind === 'gauge' ? `${s.value}+0x${n}` : `0+${s.value * 60}x${n}`,
    })),
    alerts: c.checks.map((k) => ({ at: minutes(k.at), alert, expect: k.alerts })),
    samples: [],
  };
}
