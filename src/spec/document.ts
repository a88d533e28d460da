import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { SpecPath } from './diagnostics.js';

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
    readonly doc: Document.Parsed,
    readonly lines: LineCounter,
    readonly source: string,
  ) {}

  node(path: SpecPath, opts: { key?: boolean } = {}): Node | undefined {
    let node = this.doc.contents as Node | null;
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

  position(path: SpecPath, opts: { key?: boolean } = {}): Position {
    const node = this.node(path, opts);
    return this.at(node?.range?.[0] ?? 0);
  }

  /** Position of a character offset inside a scalar's value (for errors inside a PromQL string). */
  positionInScalar(path: SpecPath, offset: number): Position {
    const node = this.node(path);
    if (!node || !isScalar(node) || !node.range) return this.position(path);
    const t = node.type;
    if (t === 'PLAIN') return this.at(node.range[0] + offset);
    if (t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE') {
      const src = this.source.slice(node.range[0], node.range[1]);
      if (!/[\\\n']/.test(src.slice(1, -1))) return this.at(node.range[0] + 1 + offset);
    }
    return this.at(node.range[0]);
  }

  at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }
}
