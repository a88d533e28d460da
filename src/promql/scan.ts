import { parser } from '@prometheus-io/lezer-promql';

/**
 * The official lezer grammar knows function names as tokens of its own version (0.315: the 3.x
 * set), so `holt_winters(...)` (2.x) or a misspelt `rat(...)` does not parse as a call at all.
 * Before parsing, every identifier called like a function that the grammar does not know is
 * replaced by `ln` padded with spaces to the same length, so that offsets stay the same and
 * the call parses; parse.ts then takes the real name from the original text.
 */

const KEYWORDS = new Set([
  // parser.terms: specialized and contextual keywords (lezer-promql src/tokens.js), compared in lower case
  'inf',
  'nan',
  'bool',
  'ignoring',
  'on',
  'group_left',
  'group_right',
  'offset',
  'avg',
  'atan2',
  'bottomk',
  'count',
  'count_values',
  'group',
  'max',
  'min',
  'quantile',
  'limitk',
  'limit_ratio',
  'stddev',
  'stdvar',
  'sum',
  'topk',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'smoothed',
  'anchored',
  'fill',
  'fill_left',
  'fill_right',
]);

const known = new Map<string, boolean>();
/** Does the grammar parse `name(1)` as a function call? (memoised per name) */
function grammarFunction(name: string): boolean {
  let k = known.get(name);
  if (k === undefined) {
    k = parser.parse(`${name}(1)`).topNode.firstChild?.name === 'FunctionCall';
    known.set(name, k);
  }
  return k;
}

const IDENT = /[A-Za-z_:][A-Za-z0-9_:]*/y;
const CALL = /\s*\(/y;

const identStart = (k: number) => (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || k === 58;
/** letters, digits, _ : and . (a `.` before a letter is part of a number or a quoted name, never a call) */
const identPart = (k: number) => identStart(k) || (k >= 48 && k <= 57) || k === 46;

export interface Scanned {
  /** the text the grammar parses */
  text: string;
  /** offsets of calls whose name was replaced: offset -> original name */
  renamed: Map<number, string>;
  /** a call the replacement cannot keep at the same length (a one-letter name) */
  unknownShort?: { offset: number; name: string };
}

export function scan(expr: string): Scanned {
  let text = expr;
  const renamed = new Map<number, string>();
  let unknownShort: Scanned['unknownShort'];
  let brackets = 0;
  let previous = '';
  for (let i = 0; i < expr.length;) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== c && !(c !== '`' && expr[j] === '\n'))
        j += c !== '`' && expr[j] === '\\' ? 2 : 1;
      i = j + 1;
      previous = 'string';
      continue;
    }
    if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (c === '[') brackets++;
    else if (c === ']') brackets = Math.max(0, brackets - 1);
    IDENT.lastIndex = i;
    const m = identStart(c.charCodeAt(0)) && (i === 0 || !identPart(expr.charCodeAt(i - 1))) ? IDENT.exec(expr) : null;
    if (!m) {
      if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') previous = c;
      i++;
      continue;
    }
    const name = m[0];
    CALL.lastIndex = i + name.length;
    const after = CALL.test(expr);
    const called = after && brackets === 0 && previous !== 'offset' && previous !== '@';
    if (called && !KEYWORDS.has(name.toLowerCase()) && !grammarFunction(name)) {
      if (name.length >= 2) {
        text = text.slice(0, i) + 'ln' + ' '.repeat(name.length - 2) + text.slice(i + name.length);
        renamed.set(i, name);
      } else unknownShort ??= { offset: i, name };
    }
    previous = name.toLowerCase();
    i += name.length;
  }
  return { text, renamed, unknownShort };
}
