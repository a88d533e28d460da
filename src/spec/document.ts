import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { SpecPath } from './diagnostics.js';
import type { FastNode } from './fast-read.js';

export interface Position {
  line: number;
  col: number;
}

/**
 * Finds where a spec path stands in the YAML source. `key: true` points at the map key (for
 * "unknown key" errors); a path that does not exist resolves to its deepest existing ancestor.
 */
export class SpecDocument {
  constructor(
    readonly doc: Document.Parsed | undefined,
    readonly lines: LineCounter,
    readonly source: string,
    /** the tree of src/spec/fast-read.ts when it read the spec (then `doc` is undefined) */
    readonly fast?: FastNode,
  ) {}

  node(path: SpecPath, opts: { key?: boolean } = {}): Node | undefined {
    let node = this.doc?.contents as Node | null;
    if (!node) return undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return node;
        if (last && opts.key) return pair.key as Node;
        const value = pair.value as Node | null;
        if (!value || (isScalar(value) && value.range?.[0] === value.range?.[1] && value.value === null)) {
          return pair.key as Node; // `key:` with nothing after it
        }
        node = value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg] as Node;
      } else {
        return node;
      }
    }
    return node;
  }

  /** node() on the fast tree: the same walk, the same answers */
  private fastNode(path: SpecPath, opts: { key?: boolean }): FastNode | undefined {
    let node = this.fast;
    for (let i = 0; node && i < path.length; i++) {
      const seg = path[i]!;
      if (node.kind === 'map') {
        const pair = node.pairs.find((p) => p.key.value === String(seg));
        if (!pair) return node;
        if (i === path.length - 1 && opts.key) return pair.key;
        if (pair.value.kind === 'scalar' && pair.value.empty) return pair.key;
        node = pair.value;
      } else if (node.kind === 'seq' && typeof seg === 'number' && node.items[seg]) node = node.items[seg];
      else return node;
    }
    return node;
  }

  /** where the node at `path` starts, and for a scalar its end and style */
  private locate(path: SpecPath, opts: { key?: boolean } = {}): { start: number; end?: number; type?: string } {
    if (this.fast) {
      const n = this.fastNode(path, opts);
      return n?.kind === 'scalar' ? n : { start: n?.start ?? 0 };
    }
    const node = this.node(path, opts);
    return isScalar(node) && node.range
      ? { start: node.range[0], end: node.range[1], type: node.type }
      : { start: node?.range?.[0] ?? 0 };
  }

  position(path: SpecPath, opts: { key?: boolean } = {}): Position {
    return this.at(this.locate(path, opts).start);
  }

  /** Position of a character offset inside a scalar's value (for errors inside a PromQL string). */
  positionInScalar(path: SpecPath, offset: number): Position {
    const node = this.locate(path);
    if (node.end === undefined) return this.at(node.start);
    const t = node.type;
    if (t === 'PLAIN') return this.at(node.start + offset);
    if (t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE') {
      const src = this.source.slice(node.start, node.end);
      if (!/[\\\n']/.test(src.slice(1, -1))) return this.at(node.start + 1 + offset);
    }
    return this.at(node.start);
  }

  at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }
}
