#!/usr/bin/env bash
# Cold start of the built application: seconds from running the launcher with --open PROJECT until
# the project's canvas is painted. The application reports that moment itself: with
# -J-Dlayercanvas.firstPaintLog=FILE, app-core's FirstPaintProbe writes "painted <ms> jvmStart <ms>"
# after the first Swing paint pass that ends with the editor on screen.
# Each round starts a new JVM; "fresh" gets a new user folder (and so a new cache folder), "reused"
# the same one each time (prepared by one unmeasured start). The OS file cache is warm for both.
#
# Needs `mvn -B -o verify -DskipTests` (or package) first, Xvfb and openbox.
# Usage: bench/cold-start.sh [rounds=5] [project=examples/xor/xor.lcproj.json]
# DISPLAY defaults to :91; an Xvfb (with openbox) is started there when none runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
PROJECT=$(realpath "${2:-examples/xor/xor.lcproj.json}")
APP=application/target/layercanvas/bin/layercanvas
[ -x "$APP" ] || { echo "build the application first: $APP is missing" >&2; exit 2; }
export DISPLAY=${DISPLAY_BENCH:-:91}
WORK=$(mktemp -d /tmp/layercanvas-cold-start.XXXXXX)
STARTED=()
cleanup() {
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
if ! xdpyinfo >/dev/null 2>&1; then
  Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & STARTED+=($!)
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  openbox >/dev/null 2>&1 & STARTED+=($!)
  sleep 1
fi

# one start: prints milliseconds launch -> canvas painted, and launch -> JVM started
start_once() {
  local userdir=$1 log=$WORK/paint.log
  rm -f "$log"
  local t0
  t0=$(date +%s%3N)
  "$APP" --userdir "$userdir" --open "$PROJECT" -J-Dlayercanvas.firstPaintLog="$log" >>"$WORK/app.out" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do [ -s "$log" ] && break; sleep 0.05; done
  [ -s "$log" ] || { echo "no paint within 30 s; application output:" >&2; tail -30 "$WORK/app.out" >&2; exit 1; }
  read -r _ painted _ jvm <"$log"
  "$APP" --userdir "$userdir" --shutdown >>"$WORK/app.out" 2>&1 || true
  wait "$pid" || true
  echo "$((painted - t0)) $((jvm - t0))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_once "$WORK/warm-up" >/dev/null   # brings the jars into the OS file cache for both series
start_once "$WORK/reused" >/dev/null    # prepares the reused user folder
for kind in fresh reused; do
  : >"$WORK/$kind.ms"
  for i in $(seq "$ROUNDS"); do
    if [ "$kind" = fresh ]; then userdir=$WORK/fresh-$i; else userdir=$WORK/reused; fi
    read -r total jvm < <(start_once "$userdir")
    echo "$kind $i: ${total} ms to the painted canvas (JVM started after ${jvm} ms)"
    echo "$total" >>"$WORK/$kind.ms"
  done
done
for kind in fresh reused; do
  echo "median $kind: $(median <"$WORK/$kind.ms") ms over $ROUNDS starts"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
