#!/bin/bash
# Generates a spec with mon and gives the output to the real promtool and amtool on PATH:
#   scripts/probe-spec.sh spec.yaml            (this checkout's bin/mon.js)
#   MON=/old/checkout/bin/mon.js scripts/probe-spec.sh spec.yaml   (e.g. a build before a fix)
# Prints mon's exit code and diagnostics, then every tool that refuses the output.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
mon=${MON:-$here/bin/mon.js}
spec=$(realpath "$1"); out=$(mktemp -d); logs=$(mktemp -d)
trap 'rm -rf "$out" "$logs"' EXIT
node "$mon" generate -f "$spec" -o "$out" >"$logs/gen.out" 2>"$logs/gen.err"; rc=$?
echo "mon generate: $rc"; grep -v '^\s*hint\|no notification receivers\|^Wrote' "$logs/gen.err" | head -5
[ $rc = 0 ] || exit 0
cd "$out/prometheus"
promtool check config prometheus.yml >"$logs/p1" 2>&1 || { echo "promtool check config: FAIL"; grep -i "fail\|error" "$logs/p1" | head -3; }
if ls rules/*.yml >/dev/null 2>&1; then
  promtool check rules rules/*.yml >"$logs/p2" 2>&1 || { echo "promtool check rules: FAIL"; grep -iv "^checking\|^$" "$logs/p2" | head -3; }
  (cd tests && promtool test rules *.yml >"$logs/p3" 2>&1) || { echo "promtool test rules: FAIL"; grep -i -A3 "fail\|error" "$logs/p3" | head -8; }
fi
if [ -f "$out/alertmanager/alertmanager.yml" ]; then
  amtool check-config "$out/alertmanager/alertmanager.yml" >"$logs/a1" 2>&1 || { echo "amtool check-config: FAIL"; grep -i "fail" "$logs/a1" | head -3; }
fi
