import { files } from '../model/conventions.js';
import { type Model, type Rule, type RuleGroup, ruleName } from '../model/types.js';
import { type Diagnostic, formatPath, type SpecPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';

/** `file: [line:col: ]group "g", rule N, "name": message` (rulefmt's Error, cmd/promtool CheckRules). */
const RULE_LINE = /^(\S+?\.yml): (?:\d+:\d+: )?group "((?:[^"\\]|\\.)*)", rule (\d+), "(?:[^"\\]|\\.)*": (.*)$/;
/** `file: message` for what promtool cannot place in a rule (YAML, group-level problems). */
const FILE_LINE = /^(\S+?\.yml): (.*)$/;

/**
 * What `promtool check rules` still finds, back at the spec position of the rule it came from
 * (the group, or the spec's rules section, where promtool names no rule): the generated file and
 * rule index lead to the model's rule, whose `source` is its spec path.
 */
export function ruleCheckDiagnostics(loaded: LoadedSpec, model: Model, output: string): Diagnostic[] {
  const byFile = new Map(model.ruleGroups.map((g) => [files.ruleFile(g.name), g]));
  const out: Diagnostic[] = [];
  const at = (path: SpecPath, message: string) => {
    const pos = loaded.doc.position(path);
    out.push({ severity: 'error', file: loaded.file, ...pos, path: formatPath(path), message });
  };
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    const r = RULE_LINE.exec(line);
    const group = r ? byFile.get(r[1]!) : undefined;
    if (r && group) {
      const rule = group.rules[Number(r[3]) - 1];
      if (rule) return at(rule.source, `${ruleName(rule)}: promtool check rules: ${r[4]}`);
    }
    const f = FILE_LINE.exec(line);
    const g = f ? byFile.get(f[1]!) : undefined;
    if (!f || !g) return;
    // a YAML error's details follow on indented lines
    const more = lines
      .slice(i + 1)
      .filter((l, k, all) => /^\s+\S/.test(l) && all.slice(0, k).every((x) => /^\s+\S/.test(x)));
    at(groupSource(g), `group ${g.name}: promtool check rules: ${[f[2], ...more.map((l) => l.trim())].join(' ')}`);
  });
  return out;
}

const groupSource = (g: RuleGroup): SpecPath =>
  g.source ?? (g.rules[0] ? (g.rules[0].source.slice(0, 2) as SpecPath) : ['alerts']);

/** promtool's report of failed unit tests, cut into one piece per failed case. */
function failedCases(output: string): string[] {
  const lines = output.split('\n');
  const cases: string[][] = [];
  let previous = '';
  for (const line of lines) {
    const start = /^ {4}name: /.test(line) || (/^ {4}(alertname|expr): /.test(line) && !/^ {4}name: /.test(previous));
    if (start) cases.push([line]);
    else if (cases.length && /^ {5,}\S|^ {4}\S/.test(line)) cases[cases.length - 1]!.push(line);
    previous = line;
  }
  return cases.map((c) => c.join('\n'));
}

/** The failed cases of promtool's output that are this rule's: by test name, alert name or tested expression. */
export function casesOfRule(output: string, rule: Rule): string[] {
  const name = ruleName(rule);
  const exprs = new Set(rule.tests.flatMap((t) => t.samples.map((s) => s.expr)));
  return failedCases(output).filter((c) => {
    const first = c.split('\n')[0]!.trim();
    if (first.startsWith('name: ')) return first.startsWith(`name: ${name}: `);
    if (first.startsWith('alertname: ')) return rule.kind === 'alert' && first.startsWith(`alertname: ${name}, `);
    const expr = /^expr: "((?:[^"\\]|\\.)*)"/.exec(first)?.[1];
    return expr !== undefined && [...exprs].some((e) => JSON.stringify(e).slice(1, -1) === expr);
  });
}
