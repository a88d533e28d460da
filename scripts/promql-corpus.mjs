#!/usr/bin/env node
// Measures mon's PromQL gate against real promtool on a corpus of public rule files (plain rule
// files and PrometheusRule manifests, found recursively under the directory given):
//   node scripts/promql-corpus.mjs <corpus-dir> [--version 2|3|both] [--json]
// 1. every expression: mon's verdict against `promtool check rules` (false errors, misses);
// 2. realistic mistakes injected into the expressions promtool accepts (one class at a time):
//    of the mutants promtool rejects, the share mon names, per class.
// The corpus is fetched material and stays out of git; run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { promqlProblems } from '../dist/promql/index.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const flag = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
if (!dir) {
  console.error('usage: node scripts/promql-corpus.mjs <corpus-dir> [--version 2|3|both] [--json]');
  process.exit(2);
}
const versions = flag('version', 'both') === 'both' ? ['2', '3'] : [flag('version')];
const PROMTOOL = {
  2: process.env.MON_PROMTOOL_2 ?? 'promtool',
  3:
    process.env.MON_PROMTOOL_3 ??
    join(process.env.MON_GO_TOOLS ?? join(homedir(), '.cache/mon/go-tools'), 'prometheus-3.16.0/bin/promtool'),
};

function files(d) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

/** rules of a plain rule file or of a PrometheusRule manifest */
function rulesOf(file) {
  const out = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const j = doc.toJS();
    const groups = j?.groups ?? j?.spec?.groups ?? [];
    if (!Array.isArray(groups)) continue;
    for (const g of groups)
      for (const r of g?.rules ?? [])
        if (typeof r?.expr === 'string' && (r.alert || r.record))
          out.push({ file, kind: r.alert ? 'alert' : 'record', expr: r.expr });
  }
  return out;
}

/** `promtool check rules`, one rule per file: true when promtool accepts */
function promtool(version, exprs) {
  const tmp = mkdtempSync(join(tmpdir(), 'mon-corpus-'));
  const verdicts = [];
  try {
    for (let i = 0; i < exprs.length; i += 250) {
      const chunk = exprs.slice(i, i + 250).map((e, k) => {
        const f = join(tmp, `r${i + k}.yml`);
        writeFileSync(f, JSON.stringify({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: e }] }] }));
        return f;
      });
      const r = spawnSync(PROMTOOL[version], ['check', 'rules', ...chunk], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.error) throw new Error(`cannot run ${PROMTOOL[version]}: ${r.error.message}`);
      const sections = new Map(`${r.stdout}`.split('Checking ').map((s) => [s.split('\n')[0], s]));
      for (const f of chunk) {
        const s = sections.get(f);
        if (s === undefined) throw new Error(`promtool said nothing about ${f}: ${r.stdout}${r.stderr}`);
        verdicts.push(s.includes('SUCCESS'));
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return verdicts;
}

// ---- mistakes, as people make them (each returns the mutant or undefined when it does not apply)
function closing(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\' && c !== '`') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
const call = (s, names) => {
  const m = new RegExp(`\\b(${names})\\s*\\(`).exec(s);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const close = closing(s, open);
  return close < 0 ? undefined : { start: m.index, name: m[1], open, close, body: s.slice(open + 1, close) };
};
const RANGE_FNS =
  'rate|irate|increase|delta|idelta|deriv|changes|resets|avg_over_time|max_over_time|min_over_time|sum_over_time|count_over_time|last_over_time|absent_over_time|present_over_time|stddev_over_time|quantile_over_time|predict_linear';
function topArgs(body) {
  const out = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'" || c === '`')
      for (i++; i < body.length && body[i] !== c; i++)
        if (body[i] === '\\' && c !== '`') i++;
        else if ('([{'.includes(c)) depth++;
        else if (')]}'.includes(c)) depth--;
        else if (c === ',' && depth === 0) {
          out.push(body.slice(from, i));
          from = i + 1;
        }
  }
  out.push(body.slice(from));
  return out;
}
export const MUTATIONS = {
  'range missing: rate(x)': (s) => {
    const c = call(s, RANGE_FNS);
    if (!c || /\[[^\]]*:/.test(c.body)) return undefined;
    const body = c.body.replace(/\[[^\]:]+\](?![^\[]*\])/, '');
    return body === c.body ? undefined : s.slice(0, c.open + 1) + body + s.slice(c.close);
  },
  'offset after a function: rate(x[5m]) offset 5m': (s) => {
    const c = call(s, RANGE_FNS);
    return c && s.slice(0, c.close + 1) + ' offset 5m' + s.slice(c.close + 1);
  },
  'range on an expression: (a == 0)[5m]': (s) => `max_over_time((${s})[5m])`,
  'set operator with a scalar: x or 0': (s) => `${s} or 0`,
  'dropped function argument': (s) => {
    const c = call(
      s,
      'histogram_quantile|label_replace|label_join|predict_linear|clamp_min|clamp_max|clamp|quantile_over_time|round|histogram_fraction',
    );
    if (!c) return undefined;
    const a = topArgs(c.body);
    if (a.length < 2) return undefined;
    return (
      s.slice(0, c.open + 1) +
      a
        .slice(
          c.name === 'label_replace' || c.name === 'label_join' || c.name === 'round' ? 0 : 1,
          c.name === 'label_replace' || c.name === 'label_join' || c.name === 'round' ? -1 : undefined,
        )
        .join(',') +
      s.slice(c.close)
    );
  },
  'comparison of scalars without bool: scalar(x) > 1': (s) => {
    const m = /^(.*?)\s(>|<|>=|<=|==|!=)\s+(-?[\d.]+(e\d+)?)\s*$/s.exec(s);
    return m ? `scalar(${m[1]}) ${m[2]} ${m[3]}` : undefined;
  },
  'bool on arithmetic: a / bool b': (s) => (/\s\/\s/.test(s) ? s.replace(/\s\/\s/, ' / bool ') : undefined),
  'grouping on a set operator: and on(x) group_left': (s) =>
    /\s(and|unless)\s+on\s*\(/.test(s)
      ? s.replace(/\s(and|unless)\s+on\s*\(([^)]*)\)/, ' $1 on($2) group_left ')
      : undefined,
  'aggregation parameter missing: topk(x)': (s) => `topk(${s})`,
  'aggregation parameter swapped: topk(x, 5)': (s) => {
    const c = call(s, 'topk|bottomk|quantile');
    if (!c) return undefined;
    const a = topArgs(c.body);
    return a.length === 2 ? s.slice(0, c.open + 1) + `${a[1]}, ${a[0]}` + s.slice(c.close) : undefined;
  },
  'count_values label not a string': (s) => `count_values(5, ${s})`,
  'aggregation over a range vector: sum(x[5m])': (s) => {
    const c = call(s, 'rate|irate|increase');
    if (!c) return undefined;
    return /^\s*[\w:]+(\{[^}]*\})?\[[^\]:]+\]\s*$/.test(c.body) ? `sum(${c.body})` : undefined;
  },
  'misspelt function: rat()': (s) =>
    /\brate\(/.test(s)
      ? s.replace(/\brate\(/, 'rat(')
      : /\bincrease\(/.test(s)
        ? s.replace(/\bincrease\(/, 'increse(')
        : undefined,
  'regex lookahead: =~"(?!...)"': (s) => (/=~\s*"/.test(s) ? s.replace(/=~\s*"/, '=~"(?!tmp)') : undefined),
  'regex backreference: =~"(a)\\\\1"': (s) => (/=~\s*"/.test(s) ? s.replace(/=~\s*"/, '=~"(a)\\\\1') : undefined),
  'PCRE escape in a string: =~"\\d+"': (s) => (/=~\s*"/.test(s) ? s.replace(/=~\s*"/, '=~"\\d+') : undefined),
  'range in plain seconds (3.x syntax)': (s) =>
    /\[5m\]/.test(s)
      ? s.replace(/\[5m\]/, '[300]')
      : /\[(\d+)m\]/.test(s)
        ? s.replace(/\[(\d+)m\]/, (_, m) => `[${m * 60}]`)
        : undefined,
  'quoted label name (3.x syntax)': (s) =>
    /\{\s*([a-z_]+)\s*=/.test(s) ? s.replace(/\{\s*([a-z_]+)\s*=/, '{"$1"=') : undefined,
  'experimental function: sort_by_label': (s) => `sort_by_label(${s}, "instance")`,
  'range where an instant vector is needed: absent(x[5m])': (s) => {
    const c = call(
      s,
      'absent|abs|ceil|floor|round|clamp_min|clamp_max|sort|sort_desc|timestamp|label_replace|histogram_quantile',
    );
    if (!c) return undefined;
    const m = /([A-Za-z_:][\w:]*(\{[^}]*\})?)(?![\w:({\[])(?!\s*\[)/.exec(
      c.body.replace(/"(?:[^"\\]|\\.)*"/g, (q) => ' '.repeat(q.length)),
    );
    if (!m || /^(by|without|on|ignoring|bool|offset|and|or|unless|sum|rate|irate|increase)$/.test(m[1]))
      return undefined;
    const at = c.open + 1 + m.index + m[0].length;
    return s.slice(0, at) + '[5m]' + s.slice(at);
  },
  'offset after an aggregation: sum(x) offset 1h': (s) => {
    const c = call(s, 'sum|avg|max|min|count');
    return c && s.slice(0, c.close + 1) + ' offset 1h' + s.slice(c.close + 1);
  },
  'string where a vector is needed: rate("x[5m]")': (s) => {
    const c = call(s, 'rate|increase|irate');
    return c && s.slice(0, c.open + 1) + JSON.stringify(c.body) + s.slice(c.close);
  },
  'unbalanced parenthesis': (s) =>
    s.includes(')') ? s.slice(0, s.lastIndexOf(')')) + s.slice(s.lastIndexOf(')') + 1) : undefined,
  'grouping inside the aggregated expression: sum(x by (a))': (s) => {
    const m = /\b(sum|avg|max|min|count)\s+by\s*(\([^)]*\))\s*\(/.exec(s);
    if (!m) return undefined;
    const open = m.index + m[0].length - 1;
    const close = closing(s, open);
    return close < 0
      ? undefined
      : `${s.slice(0, m.index)}${m[1]}(${s.slice(open + 1, close)} by ${m[2]})${s.slice(close + 1)}`;
  },
};

const t0 = performance.now();
const rules = files(dir).flatMap(rulesOf);
const report = { corpus: dir, files: new Set(rules.map((r) => r.file)).size, rules: rules.length, versions: {} };
for (const v of versions) {
  const exprs = rules.map((r) => r.expr);
  const accepted = promtool(v, exprs);
  const monProblems = rules.map((r) => promqlProblems(r.expr, { prometheus: v, as: 'query' }));
  const falseErrors = [];
  const misses = [];
  rules.forEach((r, i) => {
    if (accepted[i] && monProblems[i].length)
      falseErrors.push({ file: r.file, expr: r.expr, mon: monProblems[i][0].message });
    if (!accepted[i] && !monProblems[i].length) misses.push({ file: r.file, expr: r.expr });
  });
  const context = rules
    .filter(
      (r, i) => accepted[i] && !monProblems[i].length && promqlProblems(r.expr, { prometheus: v, as: r.kind }).length,
    )
    .map((r) => ({ file: r.file, expr: r.expr }));
  const valid = [...new Set(rules.filter((_, i) => accepted[i]).map((r) => r.expr))];
  const classes = {};
  const mutants = [];
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    for (const e of valid) {
      const m = mutate(e);
      if (m !== undefined && m !== e) mutants.push({ name, expr: m });
    }
  }
  const mv = promtool(
    v,
    mutants.map((m) => m.expr),
  );
  let rejected = 0;
  let named = 0;
  const missed = [];
  const extra = [];
  mutants.forEach((m, i) => {
    const c = (classes[m.name] ??= { mutants: 0, promtoolRejects: 0, monNames: 0, monOnly: 0 });
    c.mutants++;
    const mon = promqlProblems(m.expr, { prometheus: v, as: 'query' });
    if (!mv[i]) {
      c.promtoolRejects++;
      rejected++;
      if (mon.length) {
        c.monNames++;
        named++;
      } else missed.push(m);
    } else if (mon.length) {
      c.monOnly++;
      extra.push({ ...m, mon: mon[0].message });
    }
  });
  report.versions[v] = {
    promtool: PROMTOOL[v],
    promtoolAccepts: accepted.filter(Boolean).length,
    falseErrors: falseErrors.length,
    misses: misses.length,
    contextOnly: context.length,
    injected: {
      mutants: mutants.length,
      promtoolRejects: rejected,
      monNames: named,
      share: rejected ? Number(((100 * named) / rejected).toFixed(2)) : null,
      monRejectsPromtoolAccepts: extra.length,
    },
    classes,
    examples: {
      falseErrors: falseErrors.slice(0, 20),
      misses: misses.slice(0, 20),
      missedMutants: missed.slice(0, 20),
      monOnlyMutants: extra.slice(0, 20),
      context: context.slice(0, 10),
    },
  };
}
report.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
if (args.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`${report.rules} rules in ${report.files} files under ${dir}`);
  for (const [v, r] of Object.entries(report.versions)) {
    console.log(
      `\nPrometheus ${v}.x (${r.promtool}): promtool accepts ${r.promtoolAccepts}; mon false errors ${r.falseErrors}, misses ${r.misses}; refused only as a rule's result type ${r.contextOnly}`,
    );
    console.log(
      `  injected mistakes: ${r.injected.mutants} mutants, promtool rejects ${r.injected.promtoolRejects}, mon names ${r.injected.monNames} (${r.injected.share}%), mon rejects where promtool accepts ${r.injected.monRejectsPromtoolAccepts}`,
    );
    for (const [name, c] of Object.entries(r.classes))
      console.log(
        `    ${name.padEnd(52)} ${String(c.mutants).padStart(5)} mutants, promtool rejects ${String(c.promtoolRejects).padStart(5)}, mon names ${String(c.monNames).padStart(5)}${c.monOnly ? `, mon only ${c.monOnly}` : ''}`,
      );
    for (const [k, list] of Object.entries(r.examples))
      for (const x of list.slice(0, 5))
        console.log(`  ${k}: ${JSON.stringify(x.expr).slice(0, 200)}${x.mon ? `\n      mon: ${x.mon}` : ''}`);
  }
  console.log(`\n${report.seconds} s`);
}
