import type { Model } from '../model/types.js';
import { ruleName } from '../model/types.js';
import { type Diagnostic, formatPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { ruleFindings } from './rules.js';

/** The lint findings of every rule, warned at the rule in the spec (pack rules are mon's own: not linted). */
export function lintWarnings(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of model.ruleGroups.filter((g) => g.pack === 'custom').flatMap((g) => g.rules)) {
    for (const f of ruleFindings(model, rule)) {
      const path = [...rule.source, f.field ?? 'expr'];
      const pos = loaded.doc.position(path);
      out.push({
        severity: 'warning',
        file: loaded.file,
        ...pos,
        path: formatPath(path),
        message: `${ruleName(rule)}: ${f.message} [${f.lint}]`,
        hint: `if it is meant, acknowledge it on the rule: lint: {ignore: [${f.lint}]}`,
      });
    }
  }
  return out;
}
