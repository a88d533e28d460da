#!/usr/bin/env bash
# Installs the external tools mon's checks and tests run for real, from Debian's packages:
# promtool + prometheus (prometheus), amtool + alertmanager (prometheus-alertmanager),
# node_exporter (prometheus-node-exporter), docker-compose (checks Compose files without an
# engine), chromium (headless, for `mon dashboards render`), the blackbox, redis, mysqld and postgres exporters
# and redis-server, mariadb-server, postgresql (their e2e tests run them for real). Does nothing when they are all present. Then the current lines the e2e suite also runs,
# built from the Go module proxy into ~/.cache/mon/go-tools (reused when built): Prometheus 3.16
# with promtool, Alertmanager 0.35 with amtool, VictoriaMetrics (a remote-write receiver), Jaeger v2 and
# sloth 0.16.0 (the SLO tests compare mon's SLO rules with its).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
go_tools() {
  # Alertmanager's web UI needs package.elm-lang.org and npm packages the registry here lacks: the
  # build says exactly what failed and, with MON_AM_UI=skip, puts a page saying so in its place (the
  # API, all mon uses, is unaffected). Unset it to make a missing UI fail the install.
  MON_AM_UI="${MON_AM_UI-skip}" bash "$here/build-go-tools.sh" prometheus alertmanager victoria-metrics jaeger sloth
  # the real-world rule files the rule tests run on (Apache-2.0 files inside Go modules; not committed)
  bash "$here/fetch-rule-corpus.sh"
}

# the MyStocks example backend's venv (prometheus_client, OpenTelemetry SDK from PyPI): its e2e tests run it
bash "$(dirname "$0")/install-python-app.sh"

need=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# the Compose secrets test runs the generated copy script under busybox, reading as each image's user (setpriv)
command -v busybox >/dev/null 2>&1 || need+=(busybox)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
# the managed exporters, and the real datastores their e2e tests (and examples/platform) start
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || need+=(prometheus-blackbox-exporter)
command -v prometheus-redis-exporter >/dev/null 2>&1 || need+=(prometheus-redis-exporter)
command -v prometheus-mysqld-exporter >/dev/null 2>&1 || need+=(prometheus-mysqld-exporter)
command -v prometheus-postgres-exporter >/dev/null 2>&1 || need+=(prometheus-postgres-exporter)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/mariadbd ] || command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server mariadb-client)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && { echo "tools: promtool, amtool, prometheus, alertmanager, node_exporter, the exporters, redis-server, mariadb, postgresql, docker-compose, chromium, busybox present"; go_tools; exit 0; }

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${need[*]} and this is not a Debian/Ubuntu machine: install Prometheus, Alertmanager and node_exporter yourself, or set MON_PROMTOOL" >&2
  exit 3
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: installing ${need[*]} needs root (or sudo)" >&2; exit 3; }
  sudo="sudo"
fi
echo "tools: installing ${need[*]} from Debian's packages"
# Debian starts no services in containers without systemd; make sure it does not try elsewhere.
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
for t in promtool amtool chromium; do command -v "$t" >/dev/null || { echo "error: $t still missing after install" >&2; exit 3; }; done
echo "tools: $(promtool --version 2>&1 | head -1)"
go_tools
