/**
 * A fast reader for the YAML a spec is usually written in: block maps and sequences, one-line
 * plain, quoted and flow scalars, literal block scalars (`|`, `|-`, `|+`), comments, anchors on
 * collections and aliases. It gives the same value and the same positions as the yaml package
 * (parseDocument with the core schema, then toJS) at a fraction of the cost; anything it is not
 * sure of (tags, merge keys, folded or multi-line scalars, tabs, CRLF, duplicate keys, errors of
 * any kind) makes it give up (undefined), and the spec is read by the yaml package instead, which
 * then also words every YAML error. test/unit/spec/fast-read.test.ts holds it against the yaml
 * package on every spec in the repository.
 */

export type FastType = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL';
export interface FastScalar {
  kind: 'scalar';
  /** offset of the first character (the quote or `|` included), and just after the value */
  start: number;
  end: number;
  type: FastType;
  value: unknown;
  /** the text as written (plain scalars) or the value (others), as the yaml package's `source` */
  source: string;
  /** `key:` with nothing after it */
  empty?: boolean;
  anchor?: string;
}
export interface FastPair {
  key: FastScalar;
  value: FastNode;
}
export interface FastMap {
  kind: 'map';
  start: number;
  pairs: FastPair[];
  anchor?: string;
}
export interface FastSeq {
  kind: 'seq';
  start: number;
  items: FastNode[];
  anchor?: string;
}
export interface FastAlias {
  kind: 'alias';
  start: number;
  name: string;
}
export type FastNode = FastScalar | FastMap | FastSeq | FastAlias;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

// the yaml package's core schema (schema/core, schema/common/null.js): the same tests, in its order
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** a plain text no core tag claims starts so: a letter, `_` or `/` (not n/N/t/T/f/F words, checked apart) */
const SURELY_TEXT = /^[A-Za-z_/]/;

export function resolvePlain(text: string): unknown {
  if (SURELY_TEXT.test(text) && !NULL.test(text) && !BOOL.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text))
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** a map key read here: plain text that resolves to itself */
const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*(?=:(?: |$))/;
const ANCHOR = /^[&*]([A-Za-z0-9_-]+)(?=\s|$)/;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

class Reader {
  private readonly lineStart: number[] = [];
  private readonly anchors = new Set<string>();
  private i = 0; // current line

  constructor(private readonly src: string) {
    let at = 0;
    while (at <= src.length) {
      this.lineStart.push(at);
      const nl = src.indexOf('\n', at);
      if (nl < 0) break;
      at = nl + 1;
    }
  }

  private lineEnd(i: number): number {
    const next = this.lineStart[i + 1];
    return next === undefined ? this.src.length : next - 1;
  }

  private indentOf(i: number): number {
    const s = this.lineStart[i]!;
    let k = s;
    while (this.src.charCodeAt(k) === 32) k++;
    return k - s;
  }

  /** blank or comment-only */
  private isBlank(i: number): boolean {
    const s = this.lineStart[i]! + this.indentOf(i);
    return s >= this.lineEnd(i) || this.src[s] === '#';
  }

  private nextContent(from: number): number {
    let i = from;
    while (i < this.lineStart.length && this.isBlank(i)) i++;
    return i;
  }

  read(): FastNode | undefined {
    const first = this.nextContent(0);
    if (first >= this.lineStart.length) return undefined;
    if (this.indentOf(first) !== 0) giveUp();
    const root = this.block(first, 0, this.lineStart[first]!);
    if (this.nextContent(this.i) < this.lineStart.length) giveUp();
    return root;
  }

  /** a block collection whose first entry starts at offset `at` (column `col`) on line `i` */
  private block(i: number, col: number, at: number): FastMap | FastSeq {
    return this.src[at] === '-' && (at + 1 === this.lineEnd(i) || this.src[at + 1] === ' ')
      ? this.seq(i, col, at)
      : this.map(i, col, at);
  }

  private map(i: number, col: number, at: number): FastMap {
    const map: FastMap = { kind: 'map', start: at, pairs: [] };
    const seen = new Set<string>();
    for (;;) {
      const rest = this.src.slice(at, this.lineEnd(i));
      const m = KEY.exec(rest);
      if (!m) giveUp();
      const name = m![0];
      if (seen.has(name) || name === '__proto__' || name === '<<' || NULL.test(name) || BOOL.test(name)) giveUp();
      seen.add(name);
      const key: FastScalar = {
        kind: 'scalar',
        start: at,
        end: at + name.length,
        type: 'PLAIN',
        value: name,
        source: name,
      };
      const value = this.value(i, col, at + name.length + 1, false);
      map.pairs.push({ key, value });
      const next = this.nextContent(this.i);
      if (next >= this.lineStart.length) break;
      const ind = this.indentOf(next);
      if (ind < col) break;
      if (ind > col) giveUp();
      i = next;
      at = this.lineStart[i]! + col;
      if (this.src[at] === '-' && (at + 1 === this.lineEnd(i) || this.src[at + 1] === ' ')) break;
    }
    return map;
  }

  private seq(i: number, col: number, at: number): FastSeq {
    const seq: FastSeq = { kind: 'seq', start: at, items: [] };
    for (;;) {
      seq.items.push(this.value(i, col, at + 1, true));
      const next = this.nextContent(this.i);
      if (next >= this.lineStart.length) break;
      const ind = this.indentOf(next);
      if (ind < col) break;
      if (ind > col) giveUp();
      i = next;
      at = this.lineStart[i]! + col;
      if (!(this.src[at] === '-' && (at + 1 === this.lineEnd(i) || this.src[at + 1] === ' '))) break;
    }
    return seq;
  }

  /**
   * The value after `key:` or `-` (at offset `from` on line `i`, in a collection at column `col`);
   * leaves this.i at the line after it.
   */
  private value(i: number, col: number, from: number, inSeq: boolean): FastNode {
    const end = this.lineEnd(i);
    let at = from;
    while (this.src.charCodeAt(at) === 32) at++;
    let anchor: string | undefined;
    const c = this.src[at];
    if (c === '&') {
      const m = ANCHOR.exec(this.src.slice(at, end));
      if (!m) giveUp();
      anchor = m![1]!;
      at += m![0].length;
      while (this.src.charCodeAt(at) === 32) at++;
    }
    if (at >= end || this.src[at] === '#') {
      if (at < end && this.src[at - 1] !== ' ') giveUp();
      // a nested block, or nothing
      const next = this.nextContent(i + 1);
      const ind = next < this.lineStart.length ? this.indentOf(next) : -1;
      const nat = next < this.lineStart.length ? this.lineStart[next]! + ind : 0;
      const dash = ind >= 0 && this.src[nat] === '-' && (nat + 1 === this.lineEnd(next) || this.src[nat + 1] === ' ');
      if (ind > col || (!inSeq && ind === col && dash)) {
        const node = this.block(next, ind, nat);
        if (ind === col && node.kind !== 'seq') giveUp();
        if (anchor) this.define(node, anchor);
        return node;
      }
      if (anchor || inSeq) giveUp();
      this.i = i + 1;
      return { kind: 'scalar', start: at, end: at, type: 'PLAIN', value: null, source: '', empty: true };
    }
    if (anchor) {
      // an anchor on a scalar or an inline collection
      const node = this.value(i, col, at, false);
      if (node.kind === 'alias' || (node.kind === 'map' && node.start === at && this.src[at] !== '{')) giveUp();
      if (node.kind !== 'alias') this.define(node, anchor);
      return node;
    }
    if (inSeq && KEY.test(this.src.slice(at, end))) {
      // `- key: value`: a map whose column is that of its first key
      return this.map(i, at - this.lineStart[i]!, at);
    }
    this.i = i + 1;
    let node: FastNode;
    let stop: number;
    if (c === '*') {
      const m = ANCHOR.exec(this.src.slice(at, end));
      if (!m || !this.anchors.has(m[1]!)) giveUp();
      node = { kind: 'alias', start: at, name: m![1]! };
      stop = at + m![0].length;
    } else if (c === '|') {
      return this.literal(i, col, at);
    } else if (c === '"' || c === "'") {
      const [text, close] = c === '"' ? this.double(at, end) : this.single(at, end);
      node = {
        kind: 'scalar',
        start: at,
        end: close,
        type: c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE',
        value: text,
        source: text,
      };
      stop = close;
    } else if (c === '[' || c === '{') {
      const [flow, close] = this.flow(at, end);
      node = flow;
      stop = close;
    } else {
      if ('!&%@`>?,]}#'.includes(c!) || (c === '-' && this.src[at + 1] === ' ')) giveUp();
      // plain text ends at " #" or the line's end; ": " in it would be a nested map
      const line = this.src.slice(at, end);
      const hash = line.indexOf(' #');
      let e = hash >= 0 ? at + hash : end;
      while (this.src.charCodeAt(e - 1) === 32) e--;
      const text = this.src.slice(at, e);
      if (text.includes(': ') || text.endsWith(':')) giveUp();
      node = { kind: 'scalar', start: at, end: e, type: 'PLAIN', value: resolvePlain(text), source: text };
      stop = e;
      // a more indented line after a plain scalar continues it (multi-line plain text)
      const next = this.nextContent(i + 1);
      if (next < this.lineStart.length && this.indentOf(next) > col) giveUp();
      for (let k = i + 1; k < next; k++) if (this.indentOf(k) > col && !this.isBlank(k)) giveUp();
    }
    // after the value: spaces, then a comment or nothing
    let k = stop;
    while (this.src.charCodeAt(k) === 32) k++;
    if (k < end && !(this.src[k] === '#' && k > stop)) giveUp();
    if (node.kind !== 'scalar' || node.type !== 'PLAIN') {
      const next = this.nextContent(i + 1);
      if (next < this.lineStart.length && this.indentOf(next) > col) giveUp();
    }
    return node;
  }

  private define(node: FastMap | FastSeq | FastScalar, name: string): void {
    node.anchor = name;
    this.anchors.add(name);
  }

  private double(at: number, end: number): [string, number] {
    let out = '';
    for (let k = at + 1; k < end; k++) {
      const ch = this.src[k]!;
      if (ch === '"') return [out, k + 1];
      if (ch === '\\') {
        const e = ESCAPES[this.src[k + 1]!];
        if (e === undefined) giveUp();
        out += e;
        k++;
      } else out += ch;
    }
    return giveUp();
  }

  private single(at: number, end: number): [string, number] {
    let out = '';
    for (let k = at + 1; k < end; k++) {
      const ch = this.src[k]!;
      if (ch === "'") {
        if (this.src[k + 1] === "'") {
          out += "'";
          k++;
          continue;
        }
        return [out, k + 1];
      }
      out += ch;
    }
    return giveUp();
  }

  /** a one-line flow sequence or map (nested ones too): `["a:1", b]`, `{team: x, to: [a]}` */
  private flow(at: number, end: number): [FastMap | FastSeq, number] {
    const isMap = this.src[at] === '{';
    const close = isMap ? '}' : ']';
    const node: FastMap | FastSeq = isMap
      ? { kind: 'map', start: at, pairs: [] }
      : { kind: 'seq', start: at, items: [] };
    const seen = new Set<string>();
    let k = at + 1;
    const skip = () => {
      while (this.src.charCodeAt(k) === 32) k++;
    };
    const item = (inKey: boolean): FastNode => {
      skip();
      if (k >= end) giveUp();
      const c = this.src[k]!;
      if (!inKey && (c === '[' || c === '{')) {
        const [inner, e] = this.flow(k, end);
        k = e;
        return inner;
      }
      if (c === '"' || c === "'") {
        const [text, e] = c === '"' ? this.double(k, end) : this.single(k, end);
        const type = c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
        const s: FastScalar = { kind: 'scalar', start: k, end: e, type, value: text, source: text };
        k = e;
        return s;
      }
      if ('!&*%@`|>?:,[]{}#'.includes(c) || (c === '-' && this.src[k + 1] === ' ')) giveUp();
      const s0 = k;
      while (k < end && !',[]{}'.includes(this.src[k]!) && !(this.src[k] === ':' && inKey)) {
        if (this.src[k] === ':' && /[ ,\]}]/.test(this.src[k + 1] ?? ' ')) giveUp();
        if (this.src[k] === '#' && this.src[k - 1] === ' ') giveUp();
        k++;
      }
      let e = k;
      while (this.src.charCodeAt(e - 1) === 32) e--;
      if (e === s0) giveUp();
      const text = this.src.slice(s0, e);
      return { kind: 'scalar', start: s0, end: e, type: 'PLAIN', value: resolvePlain(text), source: text };
    };
    skip();
    if (this.src[k] === close) return [node, k + 1];
    for (;;) {
      if (node.kind === 'map') {
        const key = item(true) as FastScalar;
        if (key.type !== 'PLAIN' || typeof key.value !== 'string' || key.value === '__proto__' || key.value === '<<')
          giveUp();
        if (seen.has(key.value as string) || this.src[k] !== ':' || this.src[k + 1] !== ' ') giveUp();
        seen.add(key.value as string);
        k++;
        node.pairs.push({ key, value: item(false) });
      } else node.items.push(item(false));
      skip();
      const c = this.src[k];
      if (c === close) return [node, k + 1];
      if (c !== ',') giveUp();
      k++;
      skip();
      if (this.src[k] === close) giveUp(); // a trailing comma: left to the yaml package
    }
  }

  /** `|`, `|-` or `|+` and the lines more indented than the collection */
  private literal(i: number, col: number, at: number): FastScalar {
    const end = this.lineEnd(i);
    const header = this.src.slice(at, end).trimEnd();
    if (header !== '|' && header !== '|-' && header !== '|+') giveUp();
    const chomp = header[1];
    let k = i + 1;
    let indent = -1;
    const lines: string[] = [];
    let last = k; // first line after the content
    for (; k < this.lineStart.length; k++) {
      const s = this.lineStart[k]!;
      const e = this.lineEnd(k);
      const ind = this.indentOf(k);
      if (s + ind >= e) {
        // a blank line: more spaces than the content's indentation before it would be content
        if (indent < 0 && ind > col + 1) giveUp();
        lines.push(indent >= 0 ? this.src.slice(s + Math.min(ind, indent), e) : '');
        continue;
      }
      if (indent < 0) {
        if (ind <= col) break;
        indent = ind;
      }
      if (ind < indent) break;
      lines.push(this.src.slice(s + indent, e));
      last = k + 1;
    }
    if (indent < 0) giveUp();
    // trailing blank lines (within the block's reach) only count for |+
    const content = lines.slice(0, last - (i + 1));
    const trailing = lines.length - content.length;
    let value = content.join('\n');
    if (chomp === '-') {
      /* strip */
    } else if (chomp === '+') value += '\n'.repeat(1 + trailing);
    else value += '\n';
    if (chomp === '+') giveUp(); // keep: how far the trailing lines reach is the yaml package's to say
    // blank lines with spaces beyond the indentation keep them: yaml would too, but be sure
    if (content.some((l) => l.length && l.trim() === '' && l.length > 0)) giveUp();
    this.i = last;
    const stop = this.lineEnd(last - 1);
    return { kind: 'scalar', start: at, end: stop, type: 'BLOCK_LITERAL', value, source: value };
  }
}

/** The spec's YAML as a tree of FastNodes, or undefined: empty, or something left to the yaml package. */
export function fastRead(src: string): FastNode | undefined | null {
  if (src.includes('\t') || src.includes('\r') || src.charCodeAt(0) === 0xfeff) return null;
  if (/^(---|\.\.\.|%)/m.test(src)) return null;
  try {
    const root = new Reader(src).read();
    return root ?? null;
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}

/** The YAML nodes an alias adds (as yaml-aliases.ts counts them for the yaml package's tree), up to `max`. */
export function aliasExpansion(root: FastNode, max: number): boolean {
  const anchors = new Map<string, number>();
  let added = 0;
  const size = (node: FastNode): number => {
    if (added > max) return 1;
    if (node.kind === 'alias') {
      const n = anchors.get(node.name) ?? 1;
      added += n;
      return n;
    }
    let n = 1;
    if (node.kind === 'map') for (const p of node.pairs) n += size(p.key) + size(p.value);
    else if (node.kind === 'seq') for (const item of node.items) n += size(item);
    if (node.anchor) anchors.set(node.anchor, n);
    return n;
  };
  size(root);
  return added > max;
}

/** The value the yaml package's toJS gives for this tree (aliases are the same object, as there). */
export function fastToJS(root: FastNode): unknown {
  const anchored = new Map<string, unknown>();
  const js = (node: FastNode): unknown => {
    switch (node.kind) {
      case 'scalar':
        if (node.anchor) anchored.set(node.anchor, node.value);
        return node.value;
      case 'alias':
        return anchored.get(node.name);
      case 'seq': {
        const out: unknown[] = [];
        if (node.anchor) anchored.set(node.anchor, out);
        for (const item of node.items) out.push(js(item));
        return out;
      }
      case 'map': {
        const out: Record<string, unknown> = {};
        if (node.anchor) anchored.set(node.anchor, out);
        for (const p of node.pairs) out[p.key.value as string] = js(p.value);
        return out;
      }
    }
  };
  return js(root);
}
