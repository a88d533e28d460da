/** "Did you mean" for misspelt keys and names: the closest candidate within a small edit distance. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length]!;
}

const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.toLowerCase() === b[i]!.toLowerCase()) i++;
  return i;
};

/** The nearest candidate within a few edits; ties go to the longest shared prefix, then A-Z. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length < 3) {
    // one or two characters: only a completion is a fair guess ("ap" -> "api", never "4" -> "2")
    const completions = [...candidates]
      .filter((c) => c.toLowerCase().startsWith(word.toLowerCase()) && c.length <= word.length + 2)
      .sort();
    return completions.length === 1 ? completions[0] : undefined;
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestKey: [number, number] = [Infinity, 0];
  for (const c of candidates) {
    const key: [number, number] = [distance(word, c), -commonPrefix(word, c)];
    const better =
      key[0] < bestKey[0] ||
      (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && best !== undefined && c < best)));
    if (better) {
      best = c;
      bestKey = key;
    }
  }
  return bestKey[0] <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean "${c}"?`;
}
