import type { SpecRule } from './rule.js';

export const inputRules: SpecRule[] = [];
