#!/usr/bin/env bash
# Property-based tests of the sync server against its own OpenAPI document (schemathesis, pinned in
# scripts/schemathesis/requirements.txt and installed from PyPI into a venv under the target dir).
# Seeds a small demo province in a temporary data dir, serves it on a free loopback port, then runs
# schemathesis over every operation of /v1/openapi.json twice: with a college's token and with the
# province's. Fails on any 5xx, any status, content type, header or body the document does not
# describe, and any invalid request the server accepts. Builds nothing: `make build` makes the binary.
# Usage: scripts/schemathesis.sh [TARGET_DIR]
#   SCHEMATHESIS_EXAMPLES  test cases per operation and phase (default 100)
#   SCHEMATHESIS_SEED      the generator's seed (default fixed, so a failure reproduces)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=${1:-target}
server="$target/debug/xiaoqi-server"
[[ -x $server ]] || { echo "missing $server: build it first (make build)" >&2; exit 2; }
examples=${SCHEMATHESIS_EXAMPLES:-100}
seed=${SCHEMATHESIS_SEED:-20250507}
requirements=scripts/schemathesis/requirements.txt

# The venv, made again whenever the pinned requirements change.
venv="$target/schemathesis-venv"
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  echo "== schemathesis: installing $(grep -m1 '^schemathesis==' "$requirements") into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A small province (148 colleges, a few hundred graduates) with a token per college and the province's.
"$server" --data "$tmp/data" demo --scale 0.002 --tokens >"$tmp/tokens.json" 2>"$tmp/demo.log" ||
  { cat "$tmp/demo.log" >&2; exit 2; }
read -r college_token province_token < <(python3 -c \
  'import json,sys; t=json.load(open(sys.argv[1])); print(t["colleges"][0]["token"], t["province"])' "$tmp/tokens.json")

# Port 0: the server takes a free port and says which on stderr. No rate limit: schemathesis is
# one client sending as fast as it can, and the limiter has its own tests.
XIAOQI_LOG=warn "$server" --data "$tmp/data" serve --listen 127.0.0.1:0 --rate 0 2>"$tmp/server.log" &
server_pid=$!
base=
for _ in $(seq 100); do
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/server.log" | head -1 || true)
  [[ -n $base ]] && curl -fs "$base/health" >/dev/null && break
  base=
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $base ]] || { echo "the server did not start:" >&2; cat "$tmp/server.log" >&2; exit 2; }
echo "== schemathesis: server at $base, $examples examples per operation, seed $seed"

status=0
run() {
  local who=$1 token=$2
  echo "== schemathesis: every operation with the $who token"
  # not_a_server_error, the conformance checks and negative_data_rejection; not the stateful
  # checks (use_after_free, ensure_resource_availability): the API has no resource links.
  "$venv/bin/schemathesis" run "$base/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,ignored_auth \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" --seed "$seed" --workers 2 \
    --generation-database none --request-timeout 30 --no-color \
    --report junit --report-junit-path "$target/schemathesis/$who.junit.xml" || status=1
}
mkdir -p "$target/schemathesis"
run college "$college_token"
run province "$province_token"

if grep -q -E 'ERROR|panicked' "$tmp/server.log"; then
  echo "== schemathesis: the server logged errors:" >&2
  grep -E 'ERROR|panicked' "$tmp/server.log" | head -20 >&2
  status=1
fi
exit $status
