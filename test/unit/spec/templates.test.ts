import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../src/spec/templates.js';

describe('alert template syntax', () => {
  it.each([
    'plain text',
    '{{ $labels.instance }} is {{ $value | humanize }}',
    '{{ if gt $value 0.5 }}high{{ else }}low{{ end }}',
    '{{ range query "up" }}{{ .Labels.instance }}{{ end }}',
    '{{ $x := $labels.job }}{{ $x }}',
    '{{- $value | printf "%.2f" -}}',
    '{{/* a comment */}}',
  ])('accepts %j', (t) => expect(checkTemplate(t)).toBeUndefined());

  it.each([
    ['{{ $labels.instance }', 0, 'unclosed action: "{{" without "}}"'],
    ['x {{ $valeu }}', 2, 'unknown variable $valeu; use $labels.<name>, $value or $externalLabels.<name>'],
    ['{{ $value | humanise }}', 0, 'unknown template function "humanise"'],
    ['{{ if $value }}x', 0, '"{{ if }}" has no "{{ end }}"'],
    ['a{{ end }}', 1, '"{{ end }}" without an open if, range or with'],
    ['{{ "open }}', 0, 'unterminated string in template action'],
  ])('refuses %j', (t, offset, message) => expect(checkTemplate(t)).toEqual({ offset, message }));
});
