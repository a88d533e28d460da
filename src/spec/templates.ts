/**
 * A syntax check of Prometheus alert templates (Go text/template with Prometheus's functions):
 * balanced actions and blocks, known variables and functions. Returns the first problem.
 */
const FUNCTIONS = new Set([
  // Go text/template
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
  // Prometheus
  'query',
  'first',
  'label',
  'value',
  'strvalue',
  'args',
  'reReplaceAll',
  'safeHtml',
  'match',
  'title',
  'toUpper',
  'toLower',
  'graphLink',
  'tableLink',
  'sortByLabel',
  'humanize',
  'humanize1024',
  'humanizeDuration',
  'humanizePercentage',
  'humanizeTimestamp',
  'toTime',
  'toDuration',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'stripPort',
  'stripDomain',
  'since',
]);
const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'false',
]);
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
const VARIABLES = new Set(['$', '$labels', '$value', '$externalLabels', '$externalURL']);

export interface TemplateProblem {
  offset: number;
  message: string;
}

export function checkTemplate(
  text: string,
  /** rule: Prometheus's rule templates (variables and functions checked); structure: the syntax only */
  dialect: 'rule' | 'structure' = 'rule',
): TemplateProblem | undefined {
  const declared = new Set(VARIABLES);
  const blocks: Array<{ word: string; offset: number }> = [];
  let i = 0;
  while (true) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { offset: open, message: 'unclosed action: "{{" without "}}"' };
    const raw = text.slice(open + 2, close);
    const action = raw.replace(/^-\s/, '').replace(/\s-$/, '').trim();
    i = close + 2;
    if (action.startsWith('/*')) continue; // comment
    if (action === '') return { offset: open, message: 'empty action "{{}}"' };
    const strings = /"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)'/g;
    const code = action.replace(strings, '""');
    if (/["`]/.test(code.replace(/""/g, '')))
      return { offset: open, message: 'unterminated string in template action' };
    const words = code.split(/[\s()|,]+/).filter(Boolean);
    const first = words[0]!;
    if (OPENERS.has(first)) blocks.push({ word: first, offset: open });
    else if (first === 'end') {
      if (!blocks.pop()) return { offset: open, message: '"{{ end }}" without an open if, range or with' };
    } else if (first === 'else' && blocks.length === 0)
      return { offset: open, message: '"{{ else }}" outside if, range or with' };
    if (dialect === 'structure') continue;
    for (const [n, w] of words.entries()) {
      if (w === ':=' || w === '=' || w === '""') continue;
      if (w.startsWith('$')) {
        const name = w.split('.')[0]!;
        if (words[n + 1] === ':=' || words[n + 1] === '=') declared.add(name);
        else if (!declared.has(name))
          return {
            offset: open,
            message: `unknown variable ${name}; use $labels.<name>, $value or $externalLabels.<name>`,
          };
        continue;
      }
      if (w.startsWith('.') || /^-?[\d.]+(e[+-]?\d+)?$/i.test(w)) continue;
      if (/^[a-zA-Z_]\w*$/.test(w) && !KEYWORDS.has(w) && !FUNCTIONS.has(w))
        return { offset: open, message: `unknown template function "${w}"` };
    }
  }
  const unclosed = blocks.pop();
  if (unclosed) return { offset: unclosed.offset, message: `"{{ ${unclosed.word} }}" has no "{{ end }}"` };
  return undefined;
}
