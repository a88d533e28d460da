#!/usr/bin/env bash
# A real API server's word on the kubernetes target's custom resources, on a machine without a
# cluster: Debian's etcd and the apiextensions API server (k8s.io/apiextensions-apiserver, built
# from the Go module proxy, Apache-2.0) with prometheus-operator's CRDs (its Go module's
# example/prometheus-operator-crd, the version the @kubernetes-models validators are built from),
# then every Prometheus, Alertmanager, PrometheusRule, ServiceMonitor, PodMonitor and ScrapeConfig
# under DIR/kubernetes/ created with ?dryRun=All&fieldValidation=Strict (unknown fields refused).
# That server serves no core kinds (ConfigMap, StatefulSet, ...): those are counted, not checked.
#   bash scripts/kube-dryrun.sh OUT_DIR        (OUT_DIR from `mon generate -t kubernetes -o OUT_DIR`)
# Exit 0 when every resource is accepted, 1 when one is refused (its error printed), 3 when a tool is missing.
set -euo pipefail
out=${1:?usage: kube-dryrun.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
APIEXT_VERSION=v0.32.4
OPERATOR_VERSION=v0.90.1
cache="${MON_GO_TOOLS:-$HOME/.cache/mon/go-tools}/apiextensions-apiserver-${APIEXT_VERSION#v}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 GOWORK=off

command -v kubectl >/dev/null || { echo "error: kubectl is needed (the client only)" >&2; exit 3; }
command -v etcd >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y etcd-server >/dev/null; } || true
command -v etcd >/dev/null || { echo "error: etcd is needed: apt-get install etcd-server" >&2; exit 3; }
if [ ! -x "$cache/bin/apiextensions-apiserver" ]; then
  command -v go >/dev/null || { echo "error: go is needed to build apiextensions-apiserver" >&2; exit 3; }
  echo "building k8s.io/apiextensions-apiserver@$APIEXT_VERSION (minutes, once)" >&2
  mkdir -p "$cache.tmp" && GOBIN="$cache.tmp/bin" go install "k8s.io/apiextensions-apiserver@$APIEXT_VERSION"
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
crds=$(GOFLAGS=-mod=mod go mod download -json "github.com/prometheus-operator/prometheus-operator@$OPERATOR_VERSION" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')/example/prometheus-operator-crd

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
etcd_port=$(free_port) peer_port=$(free_port) api_port=$(free_port)
etcd --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" >"$work/etcd.log" 2>&1 &
pids+=($!)
# a client certificate in group system:masters: the delegating authorizer allows that group without a core API server
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out "$work/ca.crt" -days 1 -subj /CN=mon-dryrun-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$work/client.key" -out "$work/client.csr" -subj "/O=system:masters/CN=mon" 2>/dev/null
openssl x509 -req -in "$work/client.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -out "$work/client.crt" -days 1 2>/dev/null
cat >"$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: dryrun, cluster: {server: "https://127.0.0.1:$api_port", insecure-skip-tls-verify: true}}]
users: [{name: mon, user: {client-certificate: $work/client.crt, client-key: $work/client.key}}]
contexts: [{name: dryrun, context: {cluster: dryrun, user: mon}}]
current-context: dryrun
EOF
"$cache/bin/apiextensions-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" --secure-port="$api_port" --bind-address=127.0.0.1 \
  --cert-dir="$work/certs" --client-ca-file="$work/ca.crt" --authentication-kubeconfig="$work/kubeconfig" \
  --authorization-kubeconfig="$work/kubeconfig" --kubeconfig="$work/kubeconfig" --authentication-skip-lookup \
  --authentication-tolerate-lookup-failure --enable-priority-and-fairness=false \
  --disable-admission-plugins=NamespaceLifecycle,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy \
  >"$work/apiserver.log" 2>&1 &
pids+=($!)
k() { kubectl --kubeconfig "$work/kubeconfig" "$@"; }
for _ in $(seq 1 120); do k get --raw /apis/apiextensions.k8s.io/v1 >/dev/null 2>&1 && break; sleep 0.5; done
k get --raw /apis/apiextensions.k8s.io/v1 >/dev/null || { tail -20 "$work/apiserver.log" >&2; exit 1; }
MON_ROOT="$root" MON_OUT="$out" MON_DRYRUN_KUBECTL="kubectl --kubeconfig $work/kubeconfig" MON_DRYRUN_CRDS="$crds" MON_DRYRUN_WORK="$work" \
  node --input-type=module -e "$(cat <<'EOF'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
const { parse, parseAllDocuments } = createRequire(process.env.MON_ROOT + '/package.json')('yaml');
const [kubectl, ...kargs] = process.env.MON_DRYRUN_KUBECTL.split(' ');
const work = process.env.MON_DRYRUN_WORK;
const k = (args) => execFileSync(kubectl, [...kargs, ...args], { stdio: 'pipe' });
const crds = process.env.MON_DRYRUN_CRDS;
const plural = {};
for (const f of readdirSync(crds).filter((f) => f.endsWith('.yaml'))) {
  const crd = parse(readFileSync(join(crds, f), 'utf8'));
  plural[crd.spec.names.kind] = crd.spec.names.plural;
  writeFileSync(join(work, 'crd.json'), JSON.stringify(crd));
  k(['create', '--raw', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', '-f', join(work, 'crd.json')]);
}
// the CRDs become servable a moment after they are created
for (let i = 0; i < 60; i++) { try { k(['get', '--raw', '/apis/monitoring.coreos.com/v1alpha1']); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
let ok = 0, refused = 0, core = 0;
for (const f of walk(join(process.env.MON_OUT, 'kubernetes')).filter((f) => f.endsWith('.yaml') && !f.endsWith('-values.yaml')).sort()) {
  for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
    const o = doc.toJS();
    if (!o) continue;
    if (!o.apiVersion.startsWith('monitoring.coreos.com/')) { core++; continue; }
    writeFileSync(join(work, 'obj.json'), JSON.stringify(o));
    try {
      k(['create', '--raw', `/apis/${o.apiVersion}/namespaces/${o.metadata.namespace}/${plural[o.kind]}?dryRun=All&fieldValidation=Strict`, '-f', join(work, 'obj.json')]);
      ok++;
    } catch (e) {
      refused++;
      console.log(`refused: ${f} ${o.kind}/${o.metadata.name}: ${String(e.stderr).trim()}`);
    }
  }
}
console.log(`server dry run, fieldValidation=Strict: ${ok} accepted, ${refused} refused; ${core} core-kind resources not served by this API server`);
process.exit(refused ? 1 : 0);
EOF
)"
