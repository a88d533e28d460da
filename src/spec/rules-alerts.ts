import {
  customRuleGroup,
  DEFAULT_CUSTOM_GROUP,
  groupFileStem,
  jobs,
  LARGE_TESTED_GROUP,
  ruleGroup,
} from '../model/conventions.js';
import { enabledPacks, packAlertNames } from '../packs/index.js';
import { thresholdOf } from '../packs/render.js';
import { expandTemplate } from '../packs/testing/expand.js';
import type { Pack, PackRule } from '../packs/types.js';
import { parseBytes } from './bytes.js';
import type { SpecPath } from './diagnostics.js';
import { promqlProblems, specPromqlVersion } from './promql.js';
import type { PromVersion } from '../promql/index.js';
import type { Reporter } from './reporter.js';
import { rule, type SpecRule } from './rule.js';
import { didYouMean } from './suggest.js';
import { checkTemplate } from './templates.js';
import type { CustomRuleSpec, PackSpec, RuleTestSpec, Spec } from './types.js';
import { parseDuration } from './duration.js';

/** Template syntax of every label value and annotation in a map. */
function checkTemplates(r: Reporter, path: SpecPath, texts: Record<string, string | undefined>): void {
  for (const [key, text] of Object.entries(texts)) {
    if (text === undefined) continue;
    const problem = checkTemplate(text);
    if (problem) r.report([...path, key], `invalid template: ${problem.message}`, { offset: problem.offset });
  }
}

function checkCustomRule(
  r: Reporter,
  rule: Omit<CustomRuleSpec, 'group'>,
  path: SpecPath,
  packNames: Map<string, string>,
  prometheus: PromVersion,
): void {
  if ((rule.alert === undefined) === (rule.record === undefined)) {
    r.report(path, 'a rule needs exactly one of `alert:` (an alerting rule) or `record:` (a recording rule)');
    return;
  }
  for (const problem of promqlProblems(rule.expr, { prometheus, as: rule.alert !== undefined ? 'alert' : 'record' }))
    r.report([...path, 'expr'], problem.message, { offset: problem.offset });
  const tests: Array<[RuleTestSpec, SpecPath]> = [
    ...(rule.test ? [[rule.test, [...path, 'test']] as [RuleTestSpec, SpecPath]] : []),
    ...(rule.tests ?? []).map((t, i) => [t, [...path, 'tests', i]] as [RuleTestSpec, SpecPath]),
  ];
  for (const [t, at] of tests)
    t.expect.forEach((e, i) => {
      if (e.expr === undefined) return;
      for (const problem of promqlProblems(e.expr, { prometheus, as: 'query' }))
        r.report([...at, 'expect', i, 'expr'], problem.message, { offset: problem.offset });
      if (e.samples === undefined)
        r.report([...at, 'expect', i, 'expr'], '`expr:` names the expression whose `samples:` are expected; add them', {
          key: true,
        });
    });
  if (rule.record !== undefined) {
    for (const key of ['for', 'keepFiringFor', 'severity', 'summary', 'description', 'annotations'] as const) {
      if (rule[key] !== undefined)
        r.report([...path, key], `only alerting rules take \`${key}\`; ${rule.record} is a recording rule`, {
          key: true,
        });
    }
    for (const [t, at] of tests)
      if (t.expect.some((e) => e.alerts !== undefined))
        r.report(at, 'a recording rule is tested with `samples:`, not `alerts:`', { key: true });
  } else {
    // several rules may share an alert name (a warning/critical pair), as Prometheus allows
    const name = rule.alert!;
    const pack = packNames.get(name);
    if (pack)
      r.report([...path, 'alert'], `alert "${name}" is already defined by the ${pack} pack`, {
        hint: 'rename the custom rule, or override the pack rule instead',
      });
    checkTemplates(r, path, { summary: rule.summary, description: rule.description });
    checkTemplates(r, [...path, 'annotations'], rule.annotations ?? {});
  }
  checkTemplates(r, [...path, 'labels'], rule.labels ?? {});
  if (!tests.length)
    r.warn(
      [...path, rule.alert !== undefined ? 'alert' : 'record'],
      `untested rule: add a \`test:\` block (input series and expected ${rule.alert !== undefined ? 'alerts' : 'samples'})`,
    );
}

function checkThreshold(r: Reporter, rule: PackRule<never>, section: PackSpec, path: SpecPath): void {
  const raw = section.rules?.[rule.alert]?.threshold;
  if (raw === undefined) return;
  if (!rule.threshold) {
    r.report(path, `${rule.alert} has no threshold to override`, {
      hint: 'override `for`, `severity`, labels or annotations instead',
    });
    return;
  }
  const unit = rule.threshold.unit;
  if (unit === 'bytes' ? parseBytes(raw) === undefined : typeof raw !== 'number') {
    const want = unit === 'bytes' ? 'a size like 512MiB, 1GiB or a number of bytes' : 'a number';
    r.report(path, `must be ${want}, got ${JSON.stringify(raw)}`);
    return;
  }
  const max = unit === 'percent' ? 100 : unit === 'ratio' ? 1 : Infinity;
  const value = thresholdOf(rule, section)!;
  if (value < 0 || value > max) r.report(path, `must be between 0 and ${max}, got ${raw}`);
}

/**
 * A threshold at the end of its range makes a rule that can never fire (a ratio is never above 1,
 * nothing is below 0), and its generated unit test impossible.
 */
function checkCanFire(r: Reporter, rule: PackRule<never>, section: PackSpec, base: SpecPath): void {
  if (!rule.threshold) return;
  const overridden = section.rules?.[rule.alert]?.threshold !== undefined;
  const param = rule.threshold.param;
  if (!overridden && (param === undefined || section.thresholds?.[param] === undefined)) return;
  const value = thresholdOf(rule, section);
  if (value === undefined || Number.isNaN(value)) return;
  const max = rule.threshold.unit === 'percent' ? 100 : rule.threshold.unit === 'ratio' ? 1 : Infinity;
  // beyond the range is reported as such (checkThreshold, the schema): here only its very end
  const never = rule.compare === '>' ? value === max : rule.compare === '<' ? value === 0 : false;
  if (!never) return;
  const path: SpecPath = overridden ? [...base, 'rules', rule.alert, 'threshold'] : [...base, 'thresholds', param!];
  const side =
    rule.compare === '>'
      ? `above ${value}, and a ${rule.threshold.unit} is never above ${max}`
      : `below ${value}, and it is never below 0`;
  r.report(path, `${rule.alert} could never fire: it fires ${side}`, {
    hint: rule.compare === '>' ? `use a threshold below ${max}` : 'use a threshold above 0',
  });
}

function checkPack(r: Reporter, spec: Spec, pack: Pack<never>, section: PackSpec, services: Map<string, number>): void {
  const base: SpecPath = ['alerts', 'packs', pack.name];
  if (section.service !== undefined && !services.has(section.service)) {
    r.report(
      [...base, 'service'],
      `no service named "${section.service}"${didYouMean(section.service, services.keys())}`,
      {
        hint: `services are: ${[...services.keys()].join(', ')}`,
      },
    );
    return;
  }
  const names = pack.rules.map((x) => x.alert);
  for (const rule of pack.rules) checkCanFire(r, rule, section, base);
  for (const [alert, ov] of Object.entries(section.rules ?? {})) {
    const path: SpecPath = [...base, 'rules', alert];
    const rule = pack.rules.find((x) => x.alert === alert);
    if (!rule) {
      r.report(path, `the ${pack.name} pack has no rule "${alert}"${didYouMean(alert, names)}`, {
        key: true,
        hint: `its rules: ${names.join(', ')}`,
      });
      continue;
    }
    checkThreshold(r, rule, section, [...path, 'threshold']);
    checkTemplates(r, [...path, 'labels'], ov.labels ?? {});
    checkTemplates(r, [...path, 'annotations'], ov.annotations ?? {});
    for (const [key, text] of Object.entries(ov.annotations ?? {})) {
      if (checkTemplate(text) === undefined && expandTemplate(text, {}, 1) === undefined) {
        r.report([...path, 'annotations', key], 'the generated unit test cannot predict this annotation', {
          hint: 'pack annotations may use {{ $labels.<name> }} and {{ $value }} with humanize, humanize1024 or humanizePercentage',
        });
      }
    }
    const runtime = spec.services.find((s) => s.name === section.service)?.runtime ?? 'other';
    if (rule.when && pack.name === 'backend' && runtime !== 'python') {
      r.warn(path, `${alert} is a Python rule and is not generated for a ${runtime} service`, { key: true });
    }
  }
}

/** Alert packs and custom rules: references, overrides, thresholds, PromQL and templates. */
export const alertRules: SpecRule[] = [
  rule('pack-sections', ({ spec, services }, r) => {
    for (const { pack, section } of enabledPacks(spec)) checkPack(r, spec, pack, section as PackSpec, services);
  }),

  rule('system-pack-needs-node-exporter', ({ spec, nodeExporter }, r) => {
    if (spec.alerts?.packs?.system && !nodeExporter) {
      r.report(
        ['alerts', 'packs', 'system'],
        'the system pack needs node_exporter, which exporters.node.enabled turns off',
        {
          key: true,
          hint: 'enable exporters.node, or remove the system pack',
        },
      );
    }
  }),

  rule('tracing-pack-needs-tempo', ({ spec }, r) => {
    if (
      spec.alerts?.packs?.tracing &&
      spec.tracing?.backend !== 'jaeger' &&
      (spec.tempo === undefined || spec.tempo.enabled === false)
    ) {
      r.warn(
        ['alerts', 'packs', 'tracing'],
        `the tracing pack watches Tempo (job "${jobs.tempo}"), which this spec does not deploy`,
        {
          key: true,
          hint: 'add a tempo: section (or tracing.backend: jaeger), or drop the tracing pack',
        },
      );
    }
  }),

  rule('custom-rules', ({ spec }, r) => {
    const packNames = packAlertNames(spec);
    (spec.alerts?.rules ?? []).forEach((x, i) =>
      checkCustomRule(r, x, ['alerts', 'rules', i], packNames, specPromqlVersion(spec)),
    );
    (spec.alerts?.groups ?? []).forEach((g, i) =>
      g.rules.forEach((x, j) =>
        checkCustomRule(r, x, ['alerts', 'groups', i, 'rules', j], packNames, specPromqlVersion(spec)),
      ),
    );
  }),

  // Prometheus refuses two groups of one name in a file; mon writes one file per group, by its name
  rule('rule-group-names', ({ spec }, r) => {
    const taken = new Map<string, string>();
    for (const { pack } of enabledPacks(spec)) taken.set(groupFileStem(ruleGroup(spec.project, pack.name)), 'a pack');
    for (const x of spec.alerts?.rules ?? [])
      taken.set(groupFileStem(customRuleGroup(spec.project, x.group)), '`alerts.rules`');
    (spec.alerts?.groups ?? []).forEach((g, i) => {
      const stem = groupFileStem(g.name);
      const first = taken.get(stem);
      if (first !== undefined)
        r.report(
          ['alerts', 'groups', i, 'name'],
          `group "${g.name}" would share its rule file ${stem}.yml with ${first}`,
          {
            hint: 'give each group a distinct name',
          },
        );
      else taken.set(stem, `the group at line ${r.lineOf(['alerts', 'groups', i, 'name'])}`);
      if (g.interval !== undefined && parseDuration(g.interval) === 0)
        r.report(['alerts', 'groups', i, 'interval'], `must be longer than 0, got "${g.interval}"`);
    });
  }),

  rule('tested-group-size', ({ spec }, r) => {
    const tested = new Map<string, number[]>();
    (spec.alerts?.rules ?? []).forEach((x, i) => {
      if (!x.test && !x.tests) return;
      const group = x.group ?? DEFAULT_CUSTOM_GROUP;
      const at = tested.get(group);
      if (at) at.push(i);
      else tested.set(group, [i]);
    });
    for (const [group, at] of tested) {
      if (at.length <= LARGE_TESTED_GROUP) continue;
      r.warn(
        ['alerts', 'rules', at[0]!],
        `group "${group}" has ${at.length} tested rules: promtool evaluates every rule of a group in each of its tests, so \`mon test\` slows down with the square of the group's size`,
        {
          hint: `split the rules into groups of at most ${LARGE_TESTED_GROUP} with \`group:\``,
        },
      );
    }
  }),
];
