/**
 * What `mon import` tells about its input: a setting it could not map (left out of the spec),
 * or one it adapted (the spec says it another way, or mon's stack decides it); each at its place
 * in the input file.
 */
export interface ImportNote {
  kind: 'unmapped' | 'adapted';
  /** the input file */
  file: string;
  /** where in that file, as a dotted path: scrape_configs[job=node].relabel_configs */
  at: string;
  message: string;
}

/** Every note of one import, and the comments to write into the spec. */
export class Notes {
  readonly list: ImportNote[] = [];
  /** spec path (JSON of the path) -> comments to write there */
  readonly comments = new Map<string, string[]>();
  comment(specPath: ReadonlyArray<string | number>, text: string): void {
    const key = JSON.stringify(specPath);
    if (!this.comments.get(key)?.includes(text)) this.comments.set(key, [...(this.comments.get(key) ?? []), text]);
  }
  /** The notes of one input file. */
  scope(file: string): FileNotes {
    return {
      file,
      unmapped: (at, message) => void this.list.push({ kind: 'unmapped', file, at, message }),
      adapted: (at, message, specPath) => {
        if (!this.list.some((n) => n.kind === 'adapted' && n.file === file && n.at === at && n.message === message))
          this.list.push({ kind: 'adapted', file, at, message });
        if (specPath) this.comment(specPath, message);
      },
      comment: (specPath, text) => this.comment(specPath, text),
    };
  }
}

export interface FileNotes {
  file: string;
  unmapped(at: string, message: string): void;
  /** the spec says it another way: noted, and a comment at specPath */
  adapted(at: string, message: string, specPath?: ReadonlyArray<string | number>): void;
  comment(specPath: ReadonlyArray<string | number>, text: string): void;
}

/** Keys of an input object that the mapping does not read: each is one unmapped note. */
export function leftover(
  notes: FileNotes,
  at: string,
  obj: Record<string, unknown>,
  known: readonly string[],
  why?: string,
) {
  for (const k of Object.keys(obj))
    if (!known.includes(k))
      notes.unmapped(`${at ? `${at}.` : ''}${k}`, why ?? `the spec has no setting for ${k}; left out`);
}

/** An inline secret becomes an environment reference: the value is never written into the spec. */
export const envName = (...parts: string[]) =>
  parts
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/** A name the spec accepts for services and groups (^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$, at most 63). */
export function specName(raw: string): string {
  const s = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 63)
    .replace(/[-_]+$/g, '');
  return s || 'imported';
}
