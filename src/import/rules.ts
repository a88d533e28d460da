import type { CustomRuleSpec } from '../spec/types.js';
import { type FileNotes, leftover, specName } from './notes.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEVERITIES = ['info', 'warning', 'critical'];
const strings = (o: unknown) =>
  isObject(o) ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)])) : undefined;

export interface ImportedRules {
  rules: CustomRuleSpec[];
  /** input group name -> the spec's `group:` */
  groups: Map<string, string>;
  /** where each rule came from in its file, by index */
  origins: string[];
}

/**
 * The groups of a rule file (or of a PrometheusRule's spec) as custom rules: each group is a
 * `group:`, each rule keeps its expression, `for`, `keep_firing_for`, labels and annotations.
 * `first` is the index in alerts.rules of the first rule (comments go there).
 */
export function importRuleGroups(
  notes: FileNotes,
  groupsIn: unknown,
  taken: Map<string, string>,
  first: number,
  where = 'groups',
): ImportedRules {
  const rules: CustomRuleSpec[] = [];
  const origins: string[] = [];
  const groups = new Map<string, string>();
  (Array.isArray(groupsIn) ? groupsIn : []).filter(isObject).forEach((g, gi) => {
    const raw = String(g.name ?? `group-${gi}`);
    const at = `${where}[${raw}]`;
    let name = taken.get(raw);
    if (!name) {
      const used = new Set(taken.values());
      name = specName(raw);
      for (let i = 2; used.has(name); i++) name = `${specName(raw).slice(0, 60)}-${i}`;
      taken.set(raw, name);
    }
    groups.set(raw, name);
    for (const k of ['interval', 'limit', 'query_offset'])
      if (g[k] !== undefined)
        notes.unmapped(
          `${at}.${k}`,
          `group ${k} ${String(g[k])}: the spec has no per-group ${k}; the rules run at prometheus.evaluationInterval`,
        );
    leftover(notes, at, g, ['name', 'rules', 'interval', 'limit', 'query_offset']);
    (Array.isArray(g.rules) ? g.rules : []).filter(isObject).forEach((r, ri) => {
      const id = String(r.alert ?? r.record ?? ri);
      const rat = `${at}.rules[${id}]`;
      const specPath = ['alerts', 'rules', first + rules.length];
      if (typeof r.expr !== 'string' && typeof r.expr !== 'number')
        return void notes.unmapped(rat, 'no expression; left out');
      const out: CustomRuleSpec =
        r.record !== undefined
          ? { group: name, record: String(r.record), expr: String(r.expr).trim() }
          : { group: name, alert: String(r.alert), expr: String(r.expr).trim() };
      if (r.alert !== undefined) {
        if (typeof r.for === 'string' && r.for !== '0s' && r.for !== '0') out.for = r.for;
        if (typeof r.keep_firing_for === 'string') out.keepFiringFor = r.keep_firing_for;
      }
      const labels = strings(r.labels) ?? {};
      if (r.alert !== undefined) {
        const sev = labels.severity;
        if (sev !== undefined && SEVERITIES.includes(sev)) {
          out.severity = sev as CustomRuleSpec['severity'];
          delete labels.severity;
        } else if (sev !== undefined) {
          // a severity outside the spec's three stays a label: mon's rule labels override its severity
          notes.comment(
            specPath,
            `severity "${sev}" kept as a label (the spec's severity: is info, warning or critical)`,
          );
        } else {
          notes.adapted(`${rat}.labels`, 'no severity label: mon gives every alert one (warning)', specPath);
        }
      }
      if (Object.keys(labels).length) out.labels = labels;
      if (r.alert !== undefined) {
        const ann = strings(r.annotations) ?? {};
        if (ann.summary !== undefined) ((out.summary = ann.summary), delete ann.summary);
        if (ann.description !== undefined) ((out.description = ann.description), delete ann.description);
        if (Object.keys(ann).length) out.annotations = ann;
      }
      leftover(notes, rat, r, ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
      if (ri === 0 && name !== raw) notes.comment(specPath, `group "${raw}" in ${notes.file}`);
      rules.push(out);
      origins.push(rat);
    });
  });
  return { rules, groups, origins };
}
