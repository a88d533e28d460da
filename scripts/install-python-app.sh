#!/usr/bin/env bash
# Sets up the MyStocks example backend's Python environment: a venv with the pinned packages of
# examples/mystocks/app/requirements.txt (prometheus_client, the OpenTelemetry SDK and its OTLP
# exporters), from PyPI. Reused while the requirements are unchanged.
#   bash scripts/install-python-app.sh        venv: ${MON_PY_VENV:-$HOME/.cache/mon/mystocks-venv}
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${MON_PY_VENV:-$HOME/.cache/mon/mystocks-venv}"
req=examples/mystocks/app/requirements.txt
py="${MON_PYTHON_BASE:-}"
if [ -z "$py" ]; then
  for c in python3.11 python3.12 python3.13 python3; do command -v "$c" >/dev/null 2>&1 && { py=$c; break; }; done
fi
[ -n "$py" ] || { echo "error: no python3 found (the MyStocks example backend needs Python >= 3.9)" >&2; exit 3; }
stamp="$venv/.mon-requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "python-app: $venv up to date ($("$venv/bin/python" --version 2>&1))"
  exit 0
fi
if ! "$py" -m venv "$venv" 2>/dev/null; then
  # Debian's python3 has venv in a separate package
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    "$py" -m venv "$venv"
  else
    echo "error: $py cannot create a venv: install python3-venv" >&2; exit 3
  fi
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
echo "python-app: installed $(grep -cv '^#' "$req") packages into $venv ($("$venv/bin/python" --version 2>&1))"
