/**
 * Line diffs in the unified format (`diff -u`, `git diff`): Myers' O(ND) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986) for the shortest edit script, then hunks with
 * `context` lines around each change.
 */
export type Edit = { op: ' ' | '-' | '+'; line: string };

const splitLines = (text: string) => {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** The shortest edit script turning a into b, line by line. */
export function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // walk the trace back from (n, m)
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) (edits.push({ op: ' ', line: a[--x]! }), y--);
    if (d > 0) {
      if (x === prevX) edits.push({ op: '+', line: b[--y]! });
      else edits.push({ op: '-', line: a[--x]! });
    }
  }
  while (x > 0 && y > 0) (edits.push({ op: ' ', line: a[--x]! }), y--);
  return edits.reverse();
}

export interface UnifiedOptions {
  /** lines of context around each change (diff -u: 3) */
  context?: number;
}

/**
 * `--- from` / `+++ to` and the hunks that turn `before` into `after`; '' when they are equal.
 * An absent side is '/dev/null' with no lines, as git prints an added or removed file.
 */
export function unifiedDiff(
  fromName: string,
  toName: string,
  before: string | undefined,
  after: string | undefined,
  opts: UnifiedOptions = {},
): string {
  if (before === after) return '';
  const context = opts.context ?? 3;
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const edits = editScript(a, b);
  const out = [
    `--- ${before === undefined ? '/dev/null' : fromName}`,
    `+++ ${after === undefined ? '/dev/null' : toName}`,
  ];
  const changed = edits.map((e, i) => (e.op !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (!changed.length) {
    // only the final newline differs
    out.push('@@ -1 +1 @@', '\\ No newline at end of file');
    return `${out.join('\n')}\n`;
  }
  // group changes whose context windows touch
  const hunks: Array<[number, number]> = [];
  for (const i of changed) {
    const last = hunks[hunks.length - 1];
    if (last && i - last[1] <= 2 * context) last[1] = i;
    else hunks.push([i, i]);
  }
  // line numbers in a and b before each edit
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const e of edits) {
    posA.push(ia);
    posB.push(ib);
    if (e.op !== '+') ia++;
    if (e.op !== '-') ib++;
  }
  for (const [first, lastChange] of hunks) {
    const start = Math.max(0, first - context);
    const end = Math.min(edits.length - 1, lastChange + context);
    const slice = edits.slice(start, end + 1);
    const countA = slice.filter((e) => e.op !== '+').length;
    const countB = slice.filter((e) => e.op !== '-').length;
    const range = (pos: number, count: number) =>
      count === 1 ? `${pos + 1}` : `${count === 0 ? pos : pos + 1},${count}`;
    out.push(`@@ -${range(posA[start]!, countA)} +${range(posB[start]!, countB)} @@`);
    for (const e of slice) out.push(`${e.op}${e.line}`);
  }
  return `${out.join('\n')}\n`;
}

/** The first line of the new side a unified diff changes (for annotations), 1-based. */
export function firstChangedLine(diff: string): number {
  const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/m.exec(diff);
  if (!m) return 1;
  const start = Number(m[1]);
  const body = diff.slice(m.index).split('\n').slice(1);
  let line = Math.max(start, 1);
  for (const l of body) {
    if (l.startsWith('+') || l.startsWith('-')) return line;
    line++;
  }
  return line;
}
