#!/usr/bin/env bash
# Builds the Apache-licensed Go programs mon's tests run for real, from the Go module proxy, into a
# versioned cache that later runs reuse: Prometheus 3.x with promtool, Alertmanager 0.3x with amtool
# (its web UI built with npm), Jaeger v2, VictoriaMetrics (a remote-write receiver) and sloth.
#   bash scripts/build-go-tools.sh [name...]     (default: prometheus alertmanager victoria-metrics)
#   bash scripts/build-go-tools.sh all
# Cache: ${MON_GO_TOOLS:-$HOME/.cache/mon/go-tools}/<name>-<version>/bin. A tool is reused when its
# binaries are there and report the version (seconds); otherwise it is built in a scratch copy of
# the module's own source (its go.mod, go.sum and replace lines apply, as in upstream's `make
# build`), its binaries are checked to report the version, and only then is the directory moved
# into place: a failed or interrupted build leaves no half cache. The project commits no Go code.
set -euo pipefail

cache="${MON_GO_TOOLS:-$HOME/.cache/mon/go-tools}"
# GOWORK=off: a module zip may carry a go.work naming nested modules the zip leaves out (Prometheus does)
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-}" GOWORK=off
command -v go >/dev/null 2>&1 || { echo "error: go is not installed (Go >= 1.26 builds these tools)" >&2; exit 3; }

# name|module|version|label (what --version must say)|binaries (name=package dir)|ldflags (%V label, %R version, %D date)|tags|ui step
# ldflags follow each project's release build: Prometheus/Alertmanager .promu.yml; Jaeger
# scripts/makefiles/BuildInfo.mk; VictoriaMetrics Makefile GO_BUILDINFO; sloth scripts/build/bin/build-raw.sh.
COMMON='-X github.com/prometheus/common/version.Version=%V -X github.com/prometheus/common/version.Revision=%R -X github.com/prometheus/common/version.Branch=HEAD -X github.com/prometheus/common/version.BuildUser=mon-build-go-tools -X github.com/prometheus/common/version.BuildDate=%D'
TOOLS=(
  "prometheus|github.com/prometheus/prometheus|v0.316.0|3.16.0|prometheus=./cmd/prometheus promtool=./cmd/promtool|$COMMON|netgo|"
  "alertmanager|github.com/prometheus/alertmanager|v0.35.0|0.35.0|alertmanager=./cmd/alertmanager amtool=./cmd/amtool|$COMMON|netgo|am_ui"
  "victoria-metrics|github.com/VictoriaMetrics/VictoriaMetrics|v1.151.0|1.151.0|victoria-metrics=./app/victoria-metrics|-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-metrics-%D-tags-v%V-0-mon|netgo|"
  "jaeger|github.com/jaegertracing/jaeger|v1.76.0|2.13.0|jaeger=./cmd/jaeger|-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v%V -X github.com/jaegertracing/jaeger/internal/version.commitSHA=%R -X github.com/jaegertracing/jaeger/internal/version.date=%D||"
  "sloth|github.com/slok/sloth|v0.16.0|0.16.0|sloth=./cmd/sloth|-X github.com/slok/sloth/internal/info.Version=v%V||"
)
DEFAULT=(prometheus alertmanager victoria-metrics)

# How each binary reports its version (all of its output: sloth logs a line first); never fails.
version_of() {
  case "$1" in
    jaeger | sloth) "$2" version 2>&1 || true ;;
    victoria-metrics) "$2" -version 2>&1 || true ;;
    *) "$2" --version 2>&1 || true ;;
  esac
}
# The line of that output that names the label, or nothing.
reports() { version_of "$1" "$2" | grep -F -m1 -- "$3" || true; }

# Alertmanager embeds ui/app/dist (go:embed: `go build` of its source fails without it): the Elm UI
# (served at /) and the Mantine UI (at /ui/), each built with npm as upstream's ui/app/Makefile and
# ui/mantine-ui/Makefile do (the Mantine UI's generated protobuf code ships in the module). If one
# cannot be built, the build fails with npm's exact error, unless MON_AM_UI=skip: then a page that
# says why stands in for that UI (the API is unaffected), and bin/.built records it.
am_ui() {
  local src=$1 dir log notes="" failed=""
  command -v npm >/dev/null 2>&1 || { echo "error: npm is needed to build Alertmanager's web UI" >&2; return 3; }
  for dir in app:elm mantine-ui:mantine; do
    log="$src/npm-${dir#*:}.log"
    echo "go-tools:   alertmanager ${dir#*:} UI: npm ci && npm run build in ui/${dir%%:*}"
    if (cd "$src/ui/${dir%%:*}" && npm ci --no-audit --no-fund --loglevel=error && npm run build) >"$log" 2>&1 &&
      { [ -f "$src/ui/app/dist/${dir#*:}/index.html.gz" ] || [ -f "$src/ui/app/dist/${dir#*:}/index.html" ]; }; then
      notes="$notes${dir#*:} UI built; "
      continue
    fi
    local why
    why=$(grep -o 'host name: Just "[^"]*".*' "$log" | head -1 | sed -E 's/host name: Just "([^"]*)".*\): (.*)$/the Elm compiler cannot reach \1: \2/' || true)
    [ -n "$why" ] || why=$(grep -m1 -E '^npm error 404 Not Found' "$log" | sed 's/^npm error //' || true)
    [ -n "$why" ] || why=$(grep -m1 -E '^npm error|error TS|Error:' "$log" | cut -c1-300 || true)
    [ -n "$why" ] || why="npm failed, see the end of its log"
    echo "go-tools:   alertmanager ${dir#*:} UI failed: $why" >&2
    if [ "${MON_AM_UI:-}" != skip ]; then failed="$failed ${dir#*:}"; tail -20 "$log" | sed 's/^/    /' >&2; continue; fi
    rm -rf "$src/ui/app/dist/${dir#*:}"; mkdir -p "$src/ui/app/dist/${dir#*:}"
    printf '<!doctype html><meta charset="utf-8"><title>Alertmanager</title><p>This Alertmanager was built by mon without its %s web UI: %s. The API is at ./api/v2/.</p>\n' "${dir#*:}" "$(echo "$why" | sed 's/[<>&]//g')" | gzip -9 >"$src/ui/app/dist/${dir#*:}/index.html.gz"
    notes="$notes${dir#*:} UI NOT built ($why), a page says so; "
  done
  if [ -n "$failed" ]; then
    echo "error: Alertmanager's web UI (${failed# }) could not be built; MON_AM_UI=skip builds Alertmanager without it" >&2
    return 1
  fi
  echo "ui: $notes" >"$src/UI"
  case "$notes" in *"NOT built"*) echo "go-tools:   WARNING: alertmanager built with MON_AM_UI=skip: $notes" >&2 ;; esac
  return 0
}

build_one() { # name module version label bins ldflags tags ui
  local name=$1 mod=$2 ver=$3 label=$4 bins=$5 ld=$6 tags=$7 ui=$8
  local dir="$cache/$name-$label" start src stage b out
  start=$(date +%s)
  echo "go-tools: building $name $label from $mod@$ver"
  src=$(go mod download -json "$mod@$ver" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "error: go mod download $mod@$ver gave no source directory" >&2; return 1; }
  mkdir -p "$cache"
  stage=$(mktemp -d "$cache/.$name-$label.XXXXXX") && chmod 755 "$stage"
  STAGES+=("$stage")
  cp -r "$src" "$stage/src" && chmod -R u+w "$stage/src"
  [ -z "$ui" ] || "$ui" "$stage/src"
  ld="-s -w ${ld//%V/$label}"; ld="${ld//%R/$ver}"; ld="${ld//%D/$(date -u +%Y%m%d-%H:%M:%S)}"
  mkdir -p "$stage/bin"
  for b in $bins; do
    (cd "$stage/src" && go build -trimpath -buildvcs=false ${tags:+-tags "$tags"} -ldflags "$ld" -o "$stage/bin/${b%%=*}" "${b#*=}")
  done
  for b in $bins; do
    out=$(reports "$name" "$stage/bin/${b%%=*}" "$label")
    [ -n "$out" ] || { echo "error: $name: ${b%%=*} does not report version $label: $(version_of "$name" "$stage/bin/${b%%=*}" | head -3)" >&2; return 1; }
    echo "go-tools:   ${b%%=*}: $out"
  done
  { echo "$mod@$ver built $(date -u +%FT%TZ) with $(go version | cut -d' ' -f3) in $(( $(date +%s) - start )) s"; cat "$stage/src/UI" 2>/dev/null || true; } >"$stage/bin/.built"
  rm -rf "$stage/src"
  # the complete directory replaces the old one in one rename (same filesystem)
  rm -rf "$dir.old"; [ -e "$dir" ] && mv "$dir" "$dir.old"
  mv "$stage" "$dir" && rm -rf "$dir.old"
  echo "go-tools: built $name $label in $(( $(date +%s) - start )) s ($dir/bin)"
}

STAGES=()
cleanup() { local s; for s in "${STAGES[@]}"; do [ -d "$s" ] && rm -rf "$s"; done; return 0; }
trap cleanup EXIT
trap 'exit 130' INT TERM

want=("$@")
[ ${#want[@]} -eq 0 ] && want=("${DEFAULT[@]}")
[ "${want[0]}" = all ] && want=(prometheus alertmanager victoria-metrics jaeger sloth)
for w in "${want[@]}"; do
  printf '%s\n' "${TOOLS[@]}" | grep -q "^$w|" || { echo "error: unknown tool $w (known: prometheus alertmanager victoria-metrics jaeger sloth, or all)" >&2; exit 2; }
done

for w in "${want[@]}"; do
  row=$(printf '%s\n' "${TOOLS[@]}" | grep "^$w|")
  IFS='|' read -r name mod ver label bins ld tags ui <<<"$row"
  dir="$cache/$name-$label" ok=1
  for b in $bins; do
    if [ ! -x "$dir/bin/${b%%=*}" ]; then ok=0; continue; fi
    [ -n "$(reports "$name" "$dir/bin/${b%%=*}" "$label")" ] || ok=0
  done
  if [ $ok -eq 1 ]; then echo "go-tools: $name $label cached ($dir/bin)"; continue; fi
  build_one "$name" "$mod" "$ver" "$label" "$bins" "$ld" "$tags" "$ui"
done

# Go modules whose files the tests read, not built: prometheus-operator's example PrometheusRule
# manifests (test/unit/import/roundtrip.test.ts, with the Prometheus and Alertmanager modules above).
# kube-prometheus is not served by the module proxy (403), so its manifests are not among them.
TEST_MODULES=(github.com/prometheus-operator/prometheus-operator@v0.85.0)
for m in "${TEST_MODULES[@]}"; do
  if [ -d "$(go env GOMODCACHE)/$m" ]; then
    echo "go-tools: module $m cached"
  else
    dir=$(go mod download -json "$m" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [ -d "$dir" ] || { echo "error: go mod download $m gave no source directory" >&2; exit 1; }
    echo "go-tools: downloaded module $m ($dir)"
  fi
done
