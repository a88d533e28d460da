import { Document, isCollection, isScalar, type Node } from 'yaml';
import type { Spec } from '../spec/types.js';

/**
 * The imported spec as YAML: keys in the spec's order, and a comment wherever the import had to
 * adapt something (at the node it concerns, or in the header when that node is not in the spec).
 * Quoted as mon's own files are (YAML 1.1 strings: 09:00 and on/off stay strings).
 */
export function specYaml(spec: Spec, comments: ReadonlyMap<string, string[]>, header: string[]): string {
  const doc = new Document(spec, { version: '1.1', aliasDuplicateObjects: false });
  const orphans: string[] = [];
  for (const [key, texts] of comments) {
    const path = JSON.parse(key) as Array<string | number>;
    const node = doc.getIn(path, true) as Node | undefined;
    const text = texts.map((t) => ` ${t}`).join('\n');
    if (node && isCollection(node)) node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
    else if (node && isScalar(node)) node.comment = node.comment ? `${node.comment};${text}` : text;
    else orphans.push(...texts.map((t) => `${path.join('.')}: ${t}`));
  }
  doc.commentBefore = [...header, ...orphans].map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, singleQuote: false });
}
