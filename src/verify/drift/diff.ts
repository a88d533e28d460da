import { parseDuration } from '../../spec/duration.js';

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** List elements are matched by these keys when they have one (jobs, receivers, groups, intervals). */
const IDENTITY = ['job_name', 'name'] as const;
const DURATION = /^(\d+(y|w|d|h|m|s|ms))+$/;

const show = (v: Json) => (v === undefined ? 'absent' : typeof v === 'string' ? v : JSON.stringify(v));

/** Durations compare by length of time (Prometheus prints 60s as 1m); everything else by value. */
function sameScalar(a: Json, b: Json): boolean {
  if (typeof a === 'string' && typeof b === 'string' && DURATION.test(a) && DURATION.test(b))
    return parseDuration(a) === parseDuration(b);
  return String(a) === String(b);
}

const identity = (v: Json) => {
  if (!isObject(v)) return undefined;
  for (const k of IDENTITY) if (typeof v[k] === 'string') return `${k}=${v[k] as string}`;
  return undefined;
};

export interface DiffOptions {
  /** keys the live side may have that the generated side leaves to the component's defaults */
  defaults?: ReadonlySet<string>;
}

/** One difference: where, and the value on each side (undefined: absent). */
export interface StructuralChange {
  path: string;
  live: Json;
  generated: Json;
}

/**
 * What differs between a live config and the generated one, as `path: live X, generated Y`
 * lines. Everything the generated side says must hold live; keys only the live side has are
 * drift unless they are the component's own defaults (`defaults`).
 */
export function structuralDiff(live: Json, want: Json, opts: DiffOptions = {}): string[] {
  return structuralChanges(live, want, opts).map(
    (c) => `${c.path}: live ${show(c.live)}, generated ${show(c.generated)}`,
  );
}

/** The differences of structuralDiff, with both values (`mon diff --live` prints them as a diff). */
export function structuralChanges(live: Json, want: Json, opts: DiffOptions = {}, path = ''): StructuralChange[] {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  const change = (p: string, l: Json, g: Json): StructuralChange => ({ path: p, live: l, generated: g });
  if (isObject(want) && isObject(live)) {
    const out: StructuralChange[] = [];
    for (const [k, v] of Object.entries(want)) out.push(...structuralChanges(live[k], v, opts, at(k)));
    for (const k of Object.keys(live))
      if (!(k in want) && !opts.defaults?.has(k)) out.push(change(at(k), live[k], undefined));
    return out;
  }
  if (Array.isArray(want) && Array.isArray(live)) {
    const ids = want.map(identity);
    if (ids.every((id) => id !== undefined)) {
      const byId = new Map(live.map((x) => [identity(x), x]));
      const out = want.flatMap((w, i) => structuralChanges(byId.get(ids[i]), w, opts, `${path}[${ids[i]!}]`));
      for (const [id, x] of byId)
        if (id === undefined || !ids.includes(id)) out.push(change(`${path}[${id ?? '?'}]`, x, undefined));
      return out;
    }
    if (want.length !== live.length) return [change(path, live, want)];
    return want.flatMap((w, i) => structuralChanges(live[i], w, opts, `${path}[${i}]`));
  }
  if (isObject(want) || Array.isArray(want) || isObject(live) || Array.isArray(live)) {
    return JSON.stringify(live) === JSON.stringify(want) ? [] : [change(path, live, want)];
  }
  // a secret the component shows as <secret> cannot be compared from outside (its config hash can)
  if (live === '<secret>') return [];
  return live === undefined || !sameScalar(live, want) ? [change(path, live, want)] : [];
}
