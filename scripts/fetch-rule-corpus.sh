#!/usr/bin/env bash
# Brings the real-world rule corpus mon's rule tests run on: public Prometheus rule files that ship
# inside Go modules, taken with `go mod download` from the Go module proxy (the Go module cache
# keeps them) and copied, unmodified, into ${MON_RULE_CORPUS:-$HOME/.cache/mon/rule-corpus}. The
# project commits none of these files. Every one is Apache-2.0 (each module's LICENSE, copied
# beside its files); SOURCES.tsv says module, version, path and licence of each file.
#   bash scripts/fetch-rule-corpus.sh         (seconds once the modules are in the module cache)
set -euo pipefail

out="${MON_RULE_CORPUS:-$HOME/.cache/mon/rule-corpus}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOWORK=off GOFLAGS="${GOFLAGS:-}"
command -v go >/dev/null 2>&1 || { echo "error: go is not installed (the rule corpus comes from the Go module proxy)" >&2; exit 3; }

# name|module@version|licence|files (paths in the module; a trailing / takes every *.yml/*.yaml in it)
SOURCES=(
  "thanos|github.com/thanos-io/thanos@v0.39.2|Apache-2.0|examples/alerts/alerts.yaml examples/alerts/rules.yaml examples/alerts/tests.yaml"
  "victoriametrics|github.com/VictoriaMetrics/VictoriaMetrics@v1.151.0|Apache-2.0|deployment/docker/rules/"
  "jaeger|github.com/jaegertracing/jaeger@v1.76.0|Apache-2.0|monitoring/jaeger-mixin/prometheus_alerts_v2.yml"
  "prometheus-operator|github.com/prometheus-operator/prometheus-operator@v0.85.0|Apache-2.0|example/mixin/alerts.yaml"
)

stamp="$(printf '%s\n' "${SOURCES[@]}" | sha256sum | cut -c1-16)"
if [ -f "$out/.complete" ] && [ "$(cat "$out/.complete")" = "$stamp" ]; then
  echo "rule-corpus: $out (cached)"
  exit 0
fi

tmp="$(mktemp -d "${out%/}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
printf 'file\tmodule\tversion\tpath\tlicence\n' >"$tmp/SOURCES.tsv"
for row in "${SOURCES[@]}"; do
  IFS='|' read -r name modver licence paths <<<"$row"
  dir="$(go mod download -json "$modver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "error: go mod download $modver gave no module directory" >&2; exit 1; }
  mkdir -p "$tmp/$name"
  cp "$dir/LICENSE" "$tmp/$name/LICENSE"
  for p in $paths; do
    if [ "${p%/}" != "$p" ]; then list=$(cd "$dir" && ls "$p"*.yml "$p"*.yaml 2>/dev/null || true); else list=$p; fi
    for f in $list; do
      [ -f "$dir/$f" ] || { echo "error: $modver has no $f" >&2; exit 1; }
      cp "$dir/$f" "$tmp/$name/$(basename "$f")"
      chmod 644 "$tmp/$name/$(basename "$f")"
      printf '%s\t%s\t%s\t%s\t%s\n' "$name/$(basename "$f")" "${modver%@*}" "${modver#*@}" "$f" "$licence" >>"$tmp/SOURCES.tsv"
    done
  done
done
echo "$stamp" >"$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "rule-corpus: $(($(wc -l <"$out/SOURCES.tsv") - 1)) files in $out"
