import { isMap, isPair, isScalar, isSeq, Scalar, visit, type Document, type Node } from 'yaml';
import { groupFileStem } from '../model/conventions.js';
import type { CustomRuleSpec, RuleGroupSpec } from '../spec/types.js';
import { type FileNotes, leftover } from './notes.js';

type Json = Record<string, unknown>;
type GroupRule = Omit<CustomRuleSpec, 'group'>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEVERITIES = ['info', 'warning', 'critical'];
const strings = (o: unknown) =>
  isObject(o) ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)])) : undefined;

/** Keys of a rule group Prometheus reads (model/rulefmt); `labels` (3.x) the spec's groups do not have. */
const GROUP_KEYS = ['name', 'interval', 'limit', 'query_offset', 'rules'];
const RULE_KEYS = ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
/** Keys whose scalar Prometheus reads from its text (model.Duration, map[string]string). */
const TEXT_VALUES = new Set(['for', 'keep_firing_for', 'interval', 'query_offset']);
const TEXT_MAPS = new Set(['labels', 'annotations']);

function asText(node: unknown): void {
  if (!isScalar(node) || typeof node.value === 'string') return;
  if (node.value === null) node.value = '';
  else node.value = node.source ?? String(node.value);
}

/**
 * A rule file (or a PrometheusRule's spec) read as Prometheus reads it: Go's YAML decoder puts a
 * scalar into a string as written, so `page: true`, `ratio: 1.0` and `for: 0` stay "true", "1.0"
 * and "0". Applied to the parsed document (under every `groups:`) before it becomes a value.
 */
export function groupsAsPrometheusText(doc: Document.Parsed, text: string): void {
  // a block scalar that ends the file without a line break has none in Go's decoder (libyaml's
  // chomping), where the yaml package adds one: the last description of a file is read as Prometheus reads it
  if (!text.endsWith('\n'))
    visit(doc, {
      Scalar(_, node) {
        const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
        if (block && typeof node.value === 'string' && node.range && node.range[1] >= text.length)
          node.value = node.value.replace(/\n$/, '');
      },
    });
  const walk = (node: Node | null | undefined, inGroups: boolean): void => {
    if (isSeq(node)) for (const item of node.items) walk(item as Node, inGroups);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (inGroups && TEXT_MAPS.has(key) && isMap(pair.value)) {
        for (const p of pair.value.items) if (isPair(p)) asText(p.value);
      } else if (inGroups && TEXT_VALUES.has(key)) asText(pair.value);
      else walk(pair.value as Node, inGroups || key === 'groups');
    }
  };
  walk(doc.contents as Node, false);
}

export interface ImportedGroups {
  groups: RuleGroupSpec[];
  /** where each group came from in its file, and each of its rules, by index */
  origins: Array<{ at: string; rules: string[] }>;
  /** input group name -> the spec's group name (the same, unless another group already had its file) */
  names: Map<string, string>;
}

/**
 * The groups of a rule file (or of a PrometheusRule's spec) as `alerts.groups`, as Prometheus has
 * them: the group's name, interval, limit and query_offset, its rules in order with their
 * expression, `for`, `keep_firing_for`, labels and annotations (a severity of info, warning or
 * critical as `severity:`, summary and description as theirs: the same labels and annotations).
 * Nothing is added. `stems` are the rule file names already taken (mon writes one file per group):
 * a group whose file another group has is renamed `<name>-2`, and says so.
 * `first` is the index in alerts.groups of the first group (comments go there).
 */
export function importRuleGroups(
  notes: FileNotes,
  groupsIn: unknown,
  stems: Map<string, string>,
  first: number,
  where = 'groups',
): ImportedGroups {
  const groups: RuleGroupSpec[] = [];
  const origins: ImportedGroups['origins'] = [];
  const names = new Map<string, string>();
  (Array.isArray(groupsIn) ? groupsIn : []).forEach((g, gi) => {
    if (!isObject(g)) return void notes.unmapped(`${where}[${gi}]`, 'not a rule group; left out');
    if (typeof g.name !== 'string' || !g.name.trim())
      return void notes.unmapped(`${where}[${gi}]`, 'a group without a name (Prometheus refuses it); left out');
    const raw = g.name;
    const at = `${where}[${raw}]`;
    const specPath = ['alerts', 'groups', first + groups.length];
    let name = raw;
    for (let i = 2; stems.has(groupFileStem(name)); i++) name = `${raw}-${i}`;
    if (name !== raw)
      notes.adapted(
        `${at}.name`,
        `group "${raw}" is renamed "${name}": mon writes one rule file per group name, and ${stems.get(groupFileStem(raw))} has ${groupFileStem(raw)}.yml`,
        [...specPath, 'name'],
      );
    stems.set(groupFileStem(name), `group "${name}" of ${notes.file}`);
    names.set(raw, name);
    const out = { name } as RuleGroupSpec;
    if (g.interval !== undefined) out.interval = String(g.interval);
    if (g.limit !== undefined) {
      if (typeof g.limit === 'number' && Number.isInteger(g.limit) && g.limit >= 0) out.limit = g.limit;
      else notes.unmapped(`${at}.limit`, `limit ${JSON.stringify(g.limit)} is not a whole number >= 0; left out`);
    }
    if (g.query_offset !== undefined) out.queryOffset = String(g.query_offset);
    if (g.labels !== undefined)
      notes.unmapped(
        `${at}.labels`,
        "group labels (Prometheus 3): the spec's groups have none; left out (add them to each rule's labels)",
      );
    leftover(
      notes,
      at,
      g,
      [...GROUP_KEYS, 'labels'],
      'Prometheus does not read it (another rule engine does); left out',
    );
    out.rules = [];
    const ruleOrigins: string[] = [];
    (Array.isArray(g.rules) ? g.rules : []).forEach((r, ri) => {
      if (!isObject(r)) return void notes.unmapped(`${at}.rules[${ri}]`, 'not a rule; left out');
      const id = String(r.alert ?? r.record ?? ri);
      const rat = `${at}.rules[${id}]`;
      if (typeof r.expr !== 'string' && typeof r.expr !== 'number')
        return void notes.unmapped(rat, 'no expression; left out');
      if ((r.alert === undefined) === (r.record === undefined))
        return void notes.unmapped(rat, 'a rule is either alert: or record: (Prometheus refuses it); left out');
      const expr = String(r.expr).trim();
      let rule: GroupRule;
      if (r.record !== undefined) {
        rule = { record: String(r.record), expr };
        const labels = strings(r.labels);
        if (labels) rule.labels = labels;
        leftover(
          notes,
          rat,
          r,
          ['record', 'expr', 'labels'],
          'a recording rule has no such key (Prometheus refuses it); left out',
        );
      } else {
        rule = { alert: String(r.alert), expr };
        if (r.for !== undefined) rule.for = String(r.for);
        if (r.keep_firing_for !== undefined) rule.keepFiringFor = String(r.keep_firing_for);
        const labels = strings(r.labels);
        if (labels?.severity !== undefined && SEVERITIES.includes(labels.severity)) {
          rule.severity = labels.severity as GroupRule['severity'];
          delete labels.severity;
        }
        if (labels && Object.keys(labels).length) rule.labels = labels;
        const ann = strings(r.annotations);
        if (ann?.summary !== undefined) ((rule.summary = ann.summary), delete ann.summary);
        if (ann?.description !== undefined) ((rule.description = ann.description), delete ann.description);
        if (ann && Object.keys(ann).length) rule.annotations = ann;
        leftover(notes, rat, r, RULE_KEYS);
      }
      out.rules.push(rule);
      ruleOrigins.push(rat);
    });
    groups.push(out);
    origins.push({ at, rules: ruleOrigins });
  });
  return { groups, origins, names };
}

/** Where a double-quoted scalar opened on a line is closed on it (after `from`), or -1. */
function closingQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

/**
 * Go's YAML decoder (libyaml) takes a double-quoted scalar whose next lines are not indented past
 * its key; the yaml package does not ("Missing closing quote"). Those lines are indented past the
 * key: a quoted scalar's line breaks fold and the next line's leading spaces are dropped, so its
 * value is the same. Used only when the file does not parse as it is.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:- )?)[^"'#\s][^"'#]*?:\s+"/.exec(lines[i]!);
    if (!m || closingQuote(lines[i]!, m[0].length) >= 0) continue;
    const indent = m[1]!.length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      const own = line.length - line.trimStart().length;
      if (line.trim() && own <= indent) lines[j] = ' '.repeat(indent + 2) + line.trimStart();
      if (closingQuote(line, 0) >= 0) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}
