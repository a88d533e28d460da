import { parseDocument, LineCounter } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { promqlProblems } from '../../../src/promql/index.js';
import { type Diagnostic, DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { SpecDocument } from '../../../src/spec/document.js';
import { loadSpec } from '../../../src/spec/load.js';
import { semanticDiagnostics } from '../../../src/spec/rules.js';
import type { Spec } from '../../../src/spec/types.js';
import { promtoolOf, promtoolVerdicts, type Verdict } from '../../helpers/promtool-oracle.js';

/**
 * Every mistake class of the PromQL gate, each confirmed against real promtool: (a) promtool
 * (Debian's 2.42 and/or 3.16) rejects it, (b) mon names it at the rule's line in the spec with
 * its exact message. Keys: the version lines whose promtool rejects the expression.
 */
type Case = [name: string, expr: string, messages: { '2'?: string; '3'?: string }];
const MISTAKES: Case[] = [
  [
    'range vector missing',
    'rate(http_requests_total)',
    {
      '2': 'rate() takes a range vector as its first argument, got an instant vector: write rate(http_requests_total[5m])',
      '3': 'rate() takes a range vector as its first argument, got an instant vector: write rate(http_requests_total[5m])',
    },
  ],
  [
    'range vector missing, with offset',
    'rate(http_requests_total offset 5m)',
    {
      '2': 'rate() takes a range vector as its first argument, got an instant vector: write rate(http_requests_total[5m] offset 5m)',
      '3': 'rate() takes a range vector as its first argument, got an instant vector: write rate(http_requests_total[5m] offset 5m)',
    },
  ],
  [
    'range vector of an expression',
    'rate(sum(http_requests_total))',
    {
      '2': 'rate() takes a range vector as its first argument, got an instant vector; for an expression use a subquery: write rate((sum(http_requests_total))[5m:])',
      '3': 'rate() takes a range vector as its first argument, got an instant vector; for an expression use a subquery: write rate((sum(http_requests_total))[5m:])',
    },
  ],
  [
    'instant vector expected',
    'abs(http_requests_total[5m])',
    {
      '2': 'abs() takes an instant vector as its first argument, got a range vector; drop the range: write abs(http_requests_total), or turn it into an instant vector with rate() or *_over_time()',
      '3': 'abs() takes an instant vector as its first argument, got a range vector; drop the range: write abs(http_requests_total), or turn it into an instant vector with rate() or *_over_time()',
    },
  ],
  [
    'scalar expected',
    'round(http_requests_total, precision)',
    {
      '2': 'round() takes a scalar as its second argument, got an instant vector: write round(http_requests_total, scalar(precision)) or a number',
      '3': 'round() takes a scalar as its second argument, got an instant vector: write round(http_requests_total, scalar(precision)) or a number',
    },
  ],
  [
    'scalar given where a vector is needed',
    'abs(1)',
    {
      '2': 'abs() takes an instant vector as its first argument, got a scalar: write abs(vector(1))',
      '3': 'abs() takes an instant vector as its first argument, got a scalar: write abs(vector(1))',
    },
  ],
  [
    'string expected',
    'label_join(up, dst, ",", "instance")',
    {
      '2': 'label_join() takes a string as its second argument, got an instant vector: quote it, write label_join(up, "dst", ",", "instance")',
      '3': 'label_join() takes a string as its second argument, got an instant vector: quote it, write label_join(up, "dst", ",", "instance")',
    },
  ],
  [
    'too many arguments',
    'rate(http_requests_total[5m], 1)',
    {
      '2': 'rate() takes 1 argument: rate(range vector), got 2: write rate(http_requests_total[5m])',
      '3': 'rate() takes 1 argument: rate(range vector), got 2: write rate(http_requests_total[5m])',
    },
  ],
  [
    'dropped argument: label_replace with 4',
    'label_replace(up, "host", "$1", "instance")',
    {
      '2': 'label_replace() takes 5 arguments: label_replace(instant vector, string, string, string, string), got 4: write label_replace(up, "host", "$1", "instance", "(.*)")',
      '3': 'label_replace() takes 5 arguments: label_replace(instant vector, string, string, string, string), got 4: write label_replace(up, "host", "$1", "instance", "(.*)")',
    },
  ],
  [
    'dropped argument: histogram_quantile',
    'histogram_quantile(rate(http_request_duration_seconds_bucket[5m]))',
    {
      '2': 'histogram_quantile() takes 2 arguments: histogram_quantile(scalar, instant vector), got 1: write histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
      '3': 'histogram_quantile() takes 2 arguments: histogram_quantile(scalar, instant vector), got 1: write histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
    },
  ],
  [
    'optional argument out of range',
    'day_of_week(up, up)',
    {
      '2': 'day_of_week() takes at most 1 argument: day_of_week([instant vector]), got 2: write day_of_week(up)',
      '3': 'day_of_week() takes at most 1 argument: day_of_week([instant vector]), got 2: write day_of_week(up)',
    },
  ],
  [
    'arguments swapped',
    'histogram_quantile(rate(http_request_duration_seconds_bucket[5m]), 0.9)',
    {
      '2': 'histogram_quantile() takes a scalar first and an instant vector second: write histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
      '3': 'histogram_quantile() takes a scalar first and an instant vector second: write histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
    },
  ],
  [
    'no arguments allowed',
    'time(1)',
    { '2': 'time() takes no arguments, got 1: write time()', '3': 'time() takes no arguments, got 1: write time()' },
  ],
  [
    'unknown function',
    'rat(http_requests_total[5m])',
    { '2': 'unknown function rat(): did you mean rate()?', '3': 'unknown function rat(): did you mean rate()?' },
  ],
  [
    'function names are case-sensitive',
    'Rate(http_requests_total[5m])',
    { '2': 'unknown function Rate(): did you mean rate()?', '3': 'unknown function Rate(): did you mean rate()?' },
  ],
  [
    'holt_winters on 3.x',
    'holt_winters(node_load1[10m], 0.5, 0.5)',
    {
      '3': 'holt_winters() was renamed double_exponential_smoothing() in Prometheus 3, where it is experimental and needs --enable-feature=promql-experimental-functions, which mon does not set',
    },
  ],
  [
    'double_exponential_smoothing on 2.x',
    'double_exponential_smoothing(node_load1[10m], 0.5, 0.5)',
    {
      '2': "double_exponential_smoothing() is Prometheus 3's name; Prometheus 2.42 (the 2.x line mon targets) calls it holt_winters(): rename it, the arguments are the same",
      '3': 'double_exponential_smoothing() is experimental in Prometheus 3 and needs --enable-feature=promql-experimental-functions, which mon does not set',
    },
  ],
  [
    'experimental function',
    'sort_by_label(up, "instance")',
    {
      '2': 'sort_by_label() is not in Prometheus 2.42 (the 2.x line mon targets): it needs Prometheus 3',
      '3': 'sort_by_label() is experimental in Prometheus 3 and needs --enable-feature=promql-experimental-functions, which mon does not set',
    },
  ],
  [
    'function missing in 2.42',
    'first_over_time(up[5m])',
    { '2': 'first_over_time() is not in Prometheus 2.42 (the 2.x line mon targets): it needs Prometheus 3' },
  ],
  [
    'info()',
    'info(up)',
    {
      '2': 'info() is not in Prometheus 2.42 (the 2.x line mon targets): it needs Prometheus 3',
      '3': 'info() is experimental in Prometheus 3 and needs --enable-feature=promql-experimental-functions, which mon does not set',
    },
  ],
  [
    'limitk',
    'limitk(2, up)',
    {
      '2': 'limitk() is not in Prometheus 2.42 (the 2.x line mon targets): it needs Prometheus 3; topk() keeps a fixed number of series',
      '3': 'limitk() is experimental in Prometheus 3 and needs --enable-feature=promql-experimental-functions, which mon does not set; topk() keeps a fixed number of series',
    },
  ],
  [
    'aggregation parameter missing',
    'topk(up)',
    {
      '2': 'topk() takes a parameter and an instant vector, got 1 argument: write topk(5, up)',
      '3': 'topk() takes a parameter and an instant vector, got 1 argument: write topk(5, up)',
    },
  ],
  [
    'aggregation parameter swapped',
    'topk(up, 5)',
    {
      '2': 'topk() takes a scalar count first, got an instant vector: write topk(5, up)',
      '3': 'topk() takes a scalar count first, got an instant vector: write topk(5, up)',
    },
  ],
  [
    'count_values label not a string',
    'count_values(5, up)',
    {
      '2': 'count_values() takes the output label\'s name (a string) first, got a scalar: write count_values("value", up)',
      '3': 'count_values() takes the output label\'s name (a string) first, got a scalar: write count_values("value", up)',
    },
  ],
  [
    'quantile parameter missing',
    'quantile(up)',
    {
      '2': 'quantile() takes a parameter and an instant vector, got 1 argument: write quantile(0.9, up)',
      '3': 'quantile() takes a parameter and an instant vector, got 1 argument: write quantile(0.9, up)',
    },
  ],
  [
    'aggregation of a range vector',
    'sum(up[5m])',
    {
      '2': 'sum() aggregates an instant vector, got a range vector: write sum(up), or sum_over_time(up[5m]) to aggregate over time',
      '3': 'sum() aggregates an instant vector, got a range vector: write sum(up), or sum_over_time(up[5m]) to aggregate over time',
    },
  ],
  [
    'aggregation of a scalar',
    'sum(1)',
    {
      '2': 'sum() aggregates an instant vector, got a scalar: write sum(vector(1))',
      '3': 'sum() aggregates an instant vector, got a scalar: write sum(vector(1))',
    },
  ],
  [
    'aggregation without argument',
    'sum()',
    {
      '2': 'sum() needs an instant vector to aggregate: write sum(http_requests_total)',
      '3': 'sum() needs an instant vector to aggregate: write sum(http_requests_total)',
    },
  ],
  [
    'aggregation with two vectors',
    'sum(up, up)',
    {
      '2': 'sum() takes one instant vector, got 2 arguments: write sum(up)',
      '3': 'sum() takes one instant vector, got 2 arguments: write sum(up)',
    },
  ],
  [
    'quoted grouping label on 2.x',
    'sum by ("instance") (up)',
    {
      '2': 'quoted names ("instance") need Prometheus 3; Prometheus 2.42 (the 2.x line mon targets) takes only names of letters, digits, _ and : (metric names)',
    },
  ],
  [
    'set operator with a scalar',
    'up or 0',
    {
      '2': '"or" needs instant vectors on both sides; the right side is a scalar: write up or vector(0)',
      '3': '"or" needs instant vectors on both sides; the right side is a scalar: write up or vector(0)',
    },
  ],
  [
    'scalar on the left of a set operator',
    '0 unless up',
    {
      '2': '"unless" needs instant vectors on both sides; the left side is a scalar: write vector(0) unless up',
      '3': '"unless" needs instant vectors on both sides; the left side is a scalar: write vector(0) unless up',
    },
  ],
  [
    'comparison of two scalars without bool',
    '1 == 1',
    {
      '2': 'a comparison between two scalars needs bool (it returns 0 or 1): write 1 == bool 1',
      '3': 'a comparison between two scalars needs bool (it returns 0 or 1): write 1 == bool 1',
    },
  ],
  [
    'bool on arithmetic',
    'up + bool up',
    {
      '2': 'bool applies only to comparisons (==, !=, >, <, >=, <=), not to "+": remove it',
      '3': 'bool applies only to comparisons (==, !=, >, <, >=, <=), not to "+": remove it',
    },
  ],
  [
    'vector matching with a scalar',
    '1 + on(job) up',
    {
      '2': 'on(job) matches series of two instant vectors, but one side is a scalar: remove it',
      '3': 'on(job) matches series of two instant vectors, but one side is a scalar: remove it',
    },
  ],
  [
    'grouping on a set operator',
    'up and on(job) group_left up',
    {
      '2': '"and" matches many-to-many and takes no group_left(): remove group_left',
      '3': '"and" matches many-to-many and takes no group_left(): remove group_left',
    },
  ],
  [
    'label in on() and group_left()',
    'up * on(job) group_left(job) up',
    {
      '2': 'label job must not be in both on(...) and group_left(...): remove it from group_left(...)',
      '3': 'label job must not be in both on(...) and group_left(...): remove it from group_left(...)',
    },
  ],
  [
    'range vector in a binary expression',
    'up + up[5m]',
    {
      '2': '"+" needs instant vectors or scalars on both sides; the right side is a range vector: drop the range (up) or take a rate (rate(up[5m]))',
      '3': '"+" needs instant vectors or scalars on both sides; the right side is a range vector: drop the range (up) or take a rate (rate(up[5m]))',
    },
  ],
  [
    'string in a binary expression',
    '"a" + 1',
    {
      '2': '"+" needs instant vectors or scalars on both sides; the left side is a string',
      '3': '"+" needs instant vectors or scalars on both sides; the left side is a string',
    },
  ],
  [
    'range on an expression needs a subquery',
    '(up == 0)[5m]',
    {
      '2': 'a range [5m] applies only to a metric selector; for an expression use a subquery: write (up == 0)[5m:]',
      '3': 'a range [5m] applies only to a metric selector; for an expression use a subquery: write (up == 0)[5m:]',
    },
  ],
  [
    'range on a function needs a subquery',
    'max_over_time(rate(http_requests_total[5m])[1h])',
    {
      '2': 'a range [1h] applies only to a metric selector; for an expression use a subquery: write (rate(http_requests_total[5m]))[1h:]',
      '3': 'a range [1h] applies only to a metric selector; for an expression use a subquery: write (rate(http_requests_total[5m]))[1h:]',
    },
  ],
  [
    'subquery of a range vector',
    'up[5m][10m:]',
    {
      '2': 'a subquery [10m:] needs an instant vector, got a range vector: drop the inner range, e.g. up[10m:]',
      '3': 'a subquery [10m:] needs an instant vector, got a range vector: drop the inner range, e.g. up[10m:]',
    },
  ],
  [
    'offset after a function',
    'rate(http_requests_total[5m]) offset 5m',
    {
      '2': 'offset applies to a selector or a subquery, not to rate(...): write rate(http_requests_total[5m] offset 5m)',
      '3': 'offset applies to a selector or a subquery, not to rate(...): write rate(http_requests_total[5m] offset 5m)',
    },
  ],
  [
    'offset after an aggregation',
    'sum(up) offset 5m',
    {
      '2': 'offset applies to a selector or a subquery, not to sum(...): write sum(up offset 5m)',
      '3': 'offset applies to a selector or a subquery, not to sum(...): write sum(up offset 5m)',
    },
  ],
  [
    'offset twice',
    'up offset 1m offset 2m',
    { '2': 'offset is set twice on up: keep one', '3': 'offset is set twice on up: keep one' },
  ],
  [
    '@ after an aggregation',
    'sum(up) @ end()',
    {
      '2': '@ applies to a selector or a subquery, not to sum(...): write sum(up @ end())',
      '3': '@ applies to a selector or a subquery, not to sum(...): write sum(up @ end())',
    },
  ],
  ['@ twice', 'up @ 100 @ 200', { '2': '@ is set twice on up: keep one', '3': '@ is set twice on up: keep one' }],
  [
    '@ timestamp out of bounds',
    'up @ 1e19',
    {
      '2': '@ 1e19 is out of bounds for a timestamp: write a Unix time in seconds such as 1700000000, or @ start() / @ end()',
      '3': '@ 1e19 is out of bounds for a timestamp: write a Unix time in seconds such as 1700000000, or @ start() / @ end()',
    },
  ],
  [
    '@ Inf',
    'up @ Inf',
    {
      '2': '@ Inf is out of bounds for a timestamp: write a Unix time in seconds such as 1700000000, or @ start() / @ end()',
      '3': '@ Inf is out of bounds for a timestamp: write a Unix time in seconds such as 1700000000, or @ start() / @ end()',
    },
  ],
  [
    'offset before the range',
    'rate(up offset 1m [5m])',
    {
      '2': 'the range [5m] must come right after the selector, before offset: write up[5m] offset 1m',
      '3': 'the range [5m] must come right after the selector, before offset: write up[5m] offset 1m',
    },
  ],
  [
    'zero range',
    'rate(up[0s])',
    { '2': 'a range must be greater than 0: write 5m', '3': 'a range must be greater than 0: write 5m' },
  ],
  [
    'zero subquery step',
    'max_over_time(up[5m:0s])',
    {
      '2': 'a subquery step must be greater than 0: write 5m',
      '3': 'a subquery step must be greater than 0: write 5m',
    },
  ],
  [
    'range in plain seconds on 2.x',
    'rate(up[300])',
    {
      '2': 'a range in plain seconds (300) needs Prometheus 3; Prometheus 2.42 (the 2.x line mon targets) takes a duration: write 5m',
    },
  ],
  [
    'offset in plain seconds on 2.x',
    'up offset 300',
    {
      '2': 'an offset in plain seconds (300) needs Prometheus 3; Prometheus 2.42 (the 2.x line mon targets) takes a duration: write 5m',
    },
  ],
  [
    'duration expression on 2.x',
    'rate(up[5m+1m])',
    {
      '2': 'duration expressions (5m+1m) need Prometheus 3; Prometheus 2.42 (the 2.x line mon targets) takes a single duration such as 5m',
    },
  ],
  [
    'duration as a number on 2.x',
    'time() - up > 5m',
    { '2': 'a duration used as a number (5m) needs Prometheus 3: write 300 (seconds)' },
  ],
  [
    '@ with a duration on 2.x',
    'up @ 5m',
    {
      '2': '@ takes a Unix timestamp in seconds; a duration used as a number (5m) needs Prometheus 3: write 300 (seconds)',
    },
  ],
  ['digit separators on 2.x', 'up > 1_000', { '2': 'digit separators (1_000) need Prometheus 3: write 1000' }],
  [
    'unary minus on a range vector',
    '-up[5m]',
    {
      '2': 'unary - applies to a scalar or an instant vector, not to a range vector',
      '3': 'unary - applies to a scalar or an instant vector, not to a range vector',
    },
  ],
  [
    'smoothed on an aggregation',
    'sum(up) smoothed',
    {
      '2': 'the smoothed modifier needs Prometheus 3: remove it',
      '3': 'the smoothed modifier applies only to a selector or a range selector such as x[5m] smoothed',
    },
  ],
  ['anchored on 2.x', 'increase(up[5m] anchored)', { '2': 'the anchored modifier needs Prometheus 3: remove it' }],
  ['trim operator on 2.x', 'up </ up', { '2': 'the trim operator </ needs Prometheus 3' }],
  [
    'fill modifier',
    'up + fill(0) up',
    {
      '2': 'fill modifiers need Prometheus 3',
      '3': 'fill modifiers are experimental in Prometheus 3 and not enabled by mon: remove it',
    },
  ],
  [
    'every series selected',
    '{job=""}',
    {
      '2': '{job=""} selects every series: name a metric (up{job=""}) or add a matcher that does not match the empty string, such as job=~".+"',
      '3': '{job=""} selects every series: name a metric (up{job=""}) or add a matcher that does not match the empty string, such as job=~".+"',
    },
  ],
  [
    'every series selected by a regex',
    '{job=~".*"}',
    {
      '2': '{job=~".*"} selects every series: name a metric (up{job=~".*"}) or add a matcher that does not match the empty string, such as job=~".+"',
      '3': '{job=~".*"} selects every series: name a metric (up{job=~".*"}) or add a matcher that does not match the empty string, such as job=~".+"',
    },
  ],
  [
    'empty selector',
    '{}',
    {
      '2': '{} selects every series: name a metric (up{}) or add a matcher that does not match the empty string, such as job=~".+"',
      '3': '{} selects every series: name a metric (up{}) or add a matcher that does not match the empty string, such as job=~".+"',
    },
  ],
  [
    'metric name set twice',
    'up{__name__="node_load1"}',
    {
      '2': 'the metric name is set twice: up and __name__="node_load1"; keep one',
      '3': 'the metric name is set twice: up and __name__="node_load1"; keep one',
    },
  ],
  [
    'quoted metric name on 2.x',
    '{"my.metric"}',
    {
      '2': 'quoted names ("my.metric") need Prometheus 3; Prometheus 2.42 (the 2.x line mon targets) takes only names of letters, digits, _ and : (metric names)',
    },
  ],
  [
    'regex lookahead',
    'up{job=~"(?!tmp).*"}',
    {
      '2': 'invalid regex in job=~"(?!tmp).*": lookahead (?!...) is not supported by Prometheus\'s Go regular expressions (RE2)',
      '3': 'invalid regex in job=~"(?!tmp).*": lookahead (?!...) is not supported by Prometheus\'s Go regular expressions (RE2)',
    },
  ],
  [
    'regex lookbehind',
    'up{job=~"(?<=a)b"}',
    {
      '2': 'invalid regex in job=~"(?<=a)b": lookbehind (?<=...) is not supported by Prometheus\'s Go regular expressions (RE2)',
      '3': 'invalid regex in job=~"(?<=a)b": lookbehind (?<=...) is not supported by Prometheus\'s Go regular expressions (RE2)',
    },
  ],
  [
    'regex backreference',
    'up{job=~"(a)\\\\1"}',
    {
      '2': 'invalid regex in job=~"(a)\\\\1": backreferences (\\1) are not supported by Prometheus\'s Go regular expressions (RE2)',
      '3': 'invalid regex in job=~"(a)\\\\1": backreferences (\\1) are not supported by Prometheus\'s Go regular expressions (RE2)',
    },
  ],
  [
    'regex possessive quantifier',
    'up{job=~"a++"}',
    {
      '2': 'invalid regex in job=~"a++": invalid nested repetition operator ++ in the regex (Go RE2 has no possessive quantifiers)',
      '3': 'invalid regex in job=~"a++": invalid nested repetition operator ++ in the regex (Go RE2 has no possessive quantifiers)',
    },
  ],
  [
    'regex repeat count over 1000',
    'up{job=~"a{1001}"}',
    {
      '2': 'invalid regex in job=~"a{1001}": invalid repeat count {1001} in the regex (Go RE2 allows at most 1000)',
      '3': 'invalid regex in job=~"a{1001}": invalid repeat count {1001} in the regex (Go RE2 allows at most 1000)',
    },
  ],
  [
    'regex unknown character class',
    'up{job=~"[[:word2:]]"}',
    {
      '2': 'invalid regex in job=~"[[:word2:]]": invalid character class range [:word2:] in the regex (Go RE2)',
      '3': 'invalid regex in job=~"[[:word2:]]": invalid character class range [:word2:] in the regex (Go RE2)',
    },
  ],
  [
    'regex unbalanced parenthesis',
    'up{job=~"(api"}',
    {
      '2': 'invalid regex in job=~"(api": missing closing ) in the regex',
      '3': 'invalid regex in job=~"(api": missing closing ) in the regex',
    },
  ],
  [
    'regex unbalanced bracket',
    'up{job=~"[api"}',
    {
      '2': 'invalid regex in job=~"[api": missing closing ] in the regex',
      '3': 'invalid regex in job=~"[api": missing closing ] in the regex',
    },
  ],
  [
    'regex \\Z',
    'up{job=~"api\\\\Z"}',
    {
      '2': 'invalid regex in job=~"api\\\\Z": \\Z is not supported by Prometheus\'s Go regular expressions (RE2): use $ (the regex is anchored anyway)',
      '3': 'invalid regex in job=~"api\\\\Z": \\Z is not supported by Prometheus\'s Go regular expressions (RE2): use $ (the regex is anchored anyway)',
    },
  ],
  [
    'regex named group on 2.x',
    'up{job=~"(?<name>api)"}',
    {
      '2': 'invalid regex in job=~"(?<name>api)": named groups (?<name>...) need Prometheus 3 (Go 1.22); Prometheus 2 takes (?P<name>...)',
    },
  ],
  [
    'regex nothing to repeat',
    'up{job=~"*api"}',
    {
      '2': 'invalid regex in job=~"*api": missing argument to repetition operator * in the regex',
      '3': 'invalid regex in job=~"*api": missing argument to repetition operator * in the regex',
    },
  ],
  [
    'regex reversed class range',
    'up{job=~"[z-a]"}',
    {
      '2': 'invalid regex in job=~"[z-a]": invalid character class range z-a in the regex (Go RE2)',
      '3': 'invalid regex in job=~"[z-a]": invalid character class range z-a in the regex (Go RE2)',
    },
  ],
  [
    'unknown escape in a string',
    'up{job=~"\\d+"}',
    {
      '2': 'unknown escape sequence "\\d" in a double-quoted string: write \\\\d (a backslash is written \\\\), or use a raw string in backticks',
      '3': 'unknown escape sequence "\\d" in a double-quoted string: write \\\\d (a backslash is written \\\\), or use a raw string in backticks',
    },
  ],
  [
    'short hex escape in a string',
    'up{job="\\x4"}',
    {
      '2': 'invalid escape sequence "\\x4": \\x takes 2 hex digits',
      '3': 'invalid escape sequence "\\x4": \\x takes 2 hex digits',
    },
  ],
  [
    'trailing comma in a call',
    'sum(up,)',
    {
      '2': 'invalid PromQL: trailing comma before ")" at column 7 of the expression: remove it',
      '3': 'invalid PromQL: trailing comma before ")" at column 7 of the expression: remove it',
    },
  ],
  [
    'atan2 as a function',
    'atan2(up, up)',
    {
      '2': 'invalid PromQL: atan2 is a binary operator, not a function: write y atan2 x',
      '3': 'invalid PromQL: atan2 is a binary operator, not a function: write y atan2 x',
    },
  ],
  [
    'syntax error',
    'sum(rate(x[5m]) by (q)',
    {
      '2': 'invalid PromQL: unexpected "by" at column 17 of the expression',
      '3': 'invalid PromQL: unexpected "by" at column 17 of the expression',
    },
  ],
];

/** Accepted by mon and by promtool, on the version lines listed (both when no list). */
const VALID: Array<[expr: string, only?: '3']> = [
  ['up == 0'],
  ['sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05'],
  ['histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m]))) > 1'],
  ['rate(http_requests_total[5m] offset 1h)'],
  ['a + b offset 5m'],
  ['max_over_time((up == 0)[10m:1m])'],
  ['max_over_time(rate(http_requests_total[5m])[1h:])'],
  ['absent(up{job="api"})'],
  ['absent_over_time(up[10m])'],
  ['up and on(instance) node_load1 > 1'],
  ['node_filesystem_avail_bytes / on(instance, device) group_left(mountpoint) node_filesystem_size_bytes < 0.1'],
  ['count_values("version", build_info)'],
  ['topk(5, rate(http_requests_total[5m]))'],
  ['quantile(0.9, up)'],
  ['sum without (instance) (up)'],
  ['sum(up) by (job)'],
  ['up > bool 0'],
  ['1 == bool 1'],
  ['vector(1)'],
  ['scalar(up) > bool 1'],
  ['label_replace(up, "host", "$1", "instance", "(.*):.*")'],
  ['label_join(up, "id", "-", "job", "instance")'],
  ['predict_linear(node_filesystem_free_bytes[6h], 4 * 3600) < 0'],
  ['clamp_min(up, 0)'],
  ['round(up, 0.1)'],
  ['day_of_week()'],
  ['time() - process_start_time_seconds > 86400'],
  ['up @ start()'],
  ['rate(http_requests_total[5m] @ end())'],
  ['up offset -5m'],
  ['-up'],
  ['up{job=~"(?i)API"}'],
  ['up{job=~"(?P<name>api)"}'],
  ['up{job=~"\\\\d+"}'],
  ['up{job=~`\\d+`}'],
  ['up{job=~"a|"}'],
  ['up{job=~"\\\\012"}'],
  ['up{job!=""}'],
  ['{job=~".+"}'],
  ['{__name__=~"node_.*"}'],
  ['up{job="a",}'],
  ['sum(up) > 0 unless on() vector(1)'],
  ['0x1f < up'],
  ['up > -Inf'],
  ['changes(up[1h]) > 3'],
  ['resets(http_requests_total[1h]) > 0'],
  ['deriv(node_load1[10m]) > 0'],
  ['idelta(up[5m]) != 0'],
  ['sort_desc(up)'],
  ['sgn(up)'],
  ['timestamp(up) < time() - 300'],
  ['first_over_time(up[5m])', '3'],
  ['rate(up[300])', '3'],
  ['up offset 300', '3'],
  ['rate(up[5m+1m])', '3'],
  ['rate(up[step()])', '3'],
  ['time() - up > 5m', '3'],
  ['up @ 5m', '3'],
  ['up > 1_000', '3'],
  ['{"my.metric"}', '3'],
  ['{"my.metric", job="a"}', '3'],
  ['sum by ("instance") (up)', '3'],
  ['up{job=~"(?<name>api)"}', '3'],
  ['up </ up', '3'],
  ['increase(up[5m] anchored)', '3'],
  ['rate(up[5m] smoothed)', '3'],
];
// holt_winters is valid on 2.x only
const VALID_2_ONLY = ['holt_winters(node_load1[10m], 0.5, 0.5)'];

const VERSIONS = ['2', '3'] as const;

/** A spec with one custom alert per expression; the line of each rule's `expr:`. */
function specWith(exprs: string[]): { source: string; lines: number[] } {
  const head = [
    'apiVersion: mon/v1',
    'project: shop',
    'services:',
    '  - name: api',
    '    targets: ["127.0.0.1:8080"]',
    'alerts:',
    '  rules:',
  ];
  const lines: number[] = [];
  const body = exprs.flatMap((e, i) => {
    lines.push(head.length + 3 * i + 2);
    return [`    - alert: Mistake${i}`, `      expr: ${JSON.stringify(e)}`, '      severity: warning'];
  });
  return { source: `${[...head, ...body].join('\n')}\n`, lines };
}

/** The spec's diagnostics, for the default (3.x) line through loadSpec, for 2.x with `prometheus.version` set. */
function diagnostics(source: string, version: '2' | '3'): Diagnostic[] {
  if (version === '3') {
    try {
      return loadSpec(source, 'monitoring.yaml').warnings;
    } catch (e) {
      if (e instanceof DiagnosticsError) return e.diagnostics;
      throw e;
    }
  }
  // the versions work adds prometheus.version to the schema; the dialect follows it through specPromqlVersion
  const lines = new LineCounter();
  const parsed = parseDocument(source, { lineCounter: lines });
  const spec = { ...(parsed.toJS() as Spec), prometheus: { version: '2.42.0' } } as Spec;
  return semanticDiagnostics(spec, new SpecDocument(parsed, lines, source), 'monitoring.yaml');
}

describe('the PromQL gate against real promtool', () => {
  const verdicts = {} as Record<'2' | '3', { mistakes: Verdict[]; valid: Verdict[]; only2: Verdict[] }>;
  beforeAll(() => {
    for (const v of VERSIONS) {
      const bin = promtoolOf(v);
      verdicts[v] = {
        mistakes: promtoolVerdicts(
          bin,
          MISTAKES.map((m) => m[1]),
        ),
        valid: promtoolVerdicts(
          bin,
          VALID.map((x) => x[0]),
        ),
        only2: promtoolVerdicts(bin, VALID_2_ONLY),
      };
    }
  }, 60_000);

  for (const v of VERSIONS) {
    describe(`Prometheus ${v}.x`, () => {
      it.each(MISTAKES.filter((m) => m[2][v] !== undefined).map((m) => [m[0], m[1], m[2][v]!] as const))(
        '%s: %s',
        (_name, expr, message) => {
          const i = MISTAKES.findIndex((m) => m[1] === expr);
          const verdict = verdicts[v].mistakes[i]!;
          expect(verdict.ok, `promtool ${v} should reject ${expr}`).toBe(false);
          const { source, lines } = specWith([expr]);
          const mine = diagnostics(source, v).filter(
            (d) => d.severity === 'error' && d.path === 'alerts.rules[0].expr',
          );
          expect(mine.map((d) => d.message)).toContain(message);
          for (const d of mine) expect(d.line).toBe(lines[0]);
        },
      );

      it('names every mistake in one pass, each at its own rule', () => {
        const cases = MISTAKES.filter((m) => m[2][v] !== undefined);
        const { source, lines } = specWith(cases.map((m) => m[1]));
        const errors = diagnostics(source, v).filter((d) => d.severity === 'error');
        cases.forEach((m, i) => {
          const at = errors.filter((d) => d.path === `alerts.rules[${i}].expr`);
          expect(
            at.map((d) => d.message),
            m[1],
          ).toContain(m[2][v]);
          expect(new Set(at.map((d) => d.line))).toEqual(new Set([lines[i]]));
        });
      });

      it('accepts what promtool accepts (no false errors)', () => {
        const valid = VALID.filter((x) => x[1] === undefined || x[1] === v).map((x) => x[0]);
        const exprs = v === '2' ? [...valid, ...VALID_2_ONLY] : valid;
        exprs.forEach((expr) => {
          const i = VALID.findIndex((x) => x[0] === expr);
          const verdict = i >= 0 ? verdicts[v].valid[i]! : verdicts[v].only2[VALID_2_ONLY.indexOf(expr)]!;
          expect(verdict, `promtool ${v} on ${expr}`).toEqual({ ok: true });
          expect(promqlProblems(expr, { prometheus: v, as: 'alert' }), expr).toEqual([]);
        });
        const { source } = specWith(exprs);
        expect(diagnostics(source, v).filter((d) => d.severity === 'error')).toEqual([]);
      });

      it('refuses the 3.x-only syntax the 2.x line rejects, and the reverse', () => {
        // every VALID entry marked 3 is rejected by promtool 2.42 and by mon for 2.x (named in MISTAKES or here)
        const three = VALID.filter((x) => x[1] === '3').map((x) => x[0]);
        const other = v === '2' ? three : VALID_2_ONLY;
        const bin = promtoolOf(v);
        promtoolVerdicts(bin, other).forEach((verdict, i) => {
          expect(verdict.ok, `promtool ${v} on ${other[i]}`).toBe(false);
          expect(promqlProblems(other[i]!, { prometheus: v }).length, other[i]).toBeGreaterThan(0);
        });
      });
    });
  }
});
