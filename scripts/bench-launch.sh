#!/usr/bin/env bash
# App launch to the first usable screen (the sign-in page): starts the release app on the demo database under Xvfb
# RUNS times (default 5) and prints, per run, the wall time from starting the process to the
# app's log line saying its first usable screen is shown (the sign-in page; the UI reports it after rendering).
# Run 1 uses a new user profile (WebKit caches empty), later runs the same profile, as a user's PC.
# Usage: scripts/bench-launch.sh [TARGET_DIR]
set -euo pipefail

target=${1:-target}
app="$target/release/xiaoqi-desktop"
cli="$target/release/xiaoqi"
runs=${RUNS:-5}
for bin in "$app" "$cli"; do
  [[ -x $bin ]] || { echo "missing $bin: build the release app first (make bench-launch)" >&2; exit 2; }
done

tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$cli" --db "$tmp/demo.db" demo >/dev/null
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache"

# A display of our own; -displayfd tells us which number the server took.
Xvfb -displayfd 1 -screen 0 1440x900x24 -nolisten tcp >"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [[ -s $tmp/display ]] && break; sleep 0.05; done
[[ -s $tmp/display ]] || { echo "Xvfb did not start: $(cat "$tmp/xvfb.log")" >&2; exit 2; }
export DISPLAY=":$(head -1 "$tmp/display")"

for run in $(seq "$runs"); do
  log="$tmp/run$run.log"
  start=$(date +%s%N)
  XIAOQI_DB="$tmp/demo.db" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
    XDG_CACHE_HOME="$tmp/cache" RUST_LOG=xiaoqi_desktop=info NO_COLOR=1 \
    "$app" >"$log" 2>&1 &
  app_pid=$!
  shown=
  for _ in $(seq 3000); do
    if grep -q 'startup: first screen shown' "$log"; then shown=$(date +%s%N); break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.01
  done
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  if [[ -z $shown ]]; then
    echo "run $run: the app never showed the graduate list; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  [[ -n ${VERBOSE:-} ]] && grep startup "$log" | sed "s/^.*INFO //" >&2
  inside=$(grep 'first screen shown' "$log" | grep -o 'ms=[0-9]*' | head -1)
  profile=$([[ $run == 1 ]] && echo "new profile" || echo "same profile")
  echo "launch to a usable graduate list, run $run ($profile): $(((shown - start) / 1000000)) ms (app's own clock: ${inside#ms=} ms)"
done
