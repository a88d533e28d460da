/** `plural(1, 'rule')` -> `1 rule`, `plural(8, 'rule')` -> `8 rules` */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
