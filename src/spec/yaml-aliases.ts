import { isAlias, isCollection, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * How far aliases (`*name`, and merge keys `<<: *name`) may expand a spec: the YAML nodes they add
 * on top of those written. A realistic spec adds a few thousand (121 services sharing
 * `labels: *common` add 363); an alias bomb ("billion laughs") adds billions.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * The first alias at which the expansion passes MAX_ALIAS_EXPANSION, in document order, or
 * undefined. Sizes of anchored nodes are counted once and reused, so this is linear in the text:
 * the yaml package's own guard (maxAliasCount, 100 by default) refuses realistic specs instead.
 */
export function aliasBomb(doc: Document.Parsed): Node | undefined {
  const anchors = new Map<string, number>();
  let added = 0;
  let bomb: Node | undefined;
  const size = (node: unknown): number => {
    if (bomb || node === null || node === undefined) return 1;
    if (isAlias(node)) {
      const n = anchors.get(node.source) ?? 1;
      added += n;
      if (added > MAX_ALIAS_EXPANSION) bomb = node;
      return n;
    }
    let n = 1;
    if (isPair(node)) n = size(node.key) + size(node.value);
    else if (isCollection(node)) for (const item of node.items) n += size(item);
    if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.set(node.anchor, n);
    return n;
  };
  size(doc.contents);
  return bomb;
}
