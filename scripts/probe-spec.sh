#!/bin/bash
spec=$(realpath $1); out=$(mktemp -d); L=/tmp/rb/o; rm -rf $L; mkdir -p $L
node ${MON:-/work/wt/robust/bin/mon.js} generate -f "$spec" -o "$out" >$L/gen.out 2>$L/gen.err; rc=$?
echo "mon generate: $rc"; grep -v '^\s*hint\|no notification receivers\|^Wrote' $L/gen.err | head -5
if [ $rc = 0 ]; then
  cd $out/prometheus
  promtool check config prometheus.yml >$L/p1 2>&1 || { echo "promtool check config: FAIL"; grep -i "fail\|error" $L/p1 | head -3; }
  if ls rules/*.yml >/dev/null 2>&1; then
    promtool check rules rules/*.yml >$L/p2 2>&1 || { echo "promtool check rules: FAIL"; grep -iv "^checking\|^$" $L/p2 | head -3; }
    (cd tests && promtool test rules *.yml >$L/p3 2>&1) || { echo "promtool test rules: FAIL"; grep -i -A3 "fail\|error" $L/p3 | head -8; }
  fi
  if [ -f $out/alertmanager/alertmanager.yml ]; then amtool check-config $out/alertmanager/alertmanager.yml >$L/a1 2>&1 || { echo "amtool check-config: FAIL"; grep -i "fail" $L/a1|head -3; }; fi
fi
rm -rf $out
