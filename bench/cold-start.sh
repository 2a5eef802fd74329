#!/usr/bin/env bash
# Cold start of the built application: milliseconds from running the launcher with --open PROJECT
# until the project's canvas is painted. The application reports that moment itself: with
# -J-Dlayercanvas.firstPaintLog=FILE, app-core's FirstPaintProbe writes "painted <ms> jvmStart <ms>
# cpu <ms>" after the first Swing paint pass that ends with the editor on screen.
# Each start is a new JVM; "fresh" gets a new user folder and a new home folder (so new caches and
# no class archive, as for a new user), "reused" the same ones each time (prepared by one unmeasured
# start). The OS file cache is warm for both.
# Wall time suffers from other load on the machine; the JVM's processor time up to the paint
# ("cpu") much less, so compare builds by both, and run them interleaved: APPS="old/bin/layercanvas
# application/target/layercanvas/bin/layercanvas" alternates the launchers start by start.
#
# Needs `mvn -B -o package -DskipTests` first, Xvfb and openbox.
# Usage: [APPS="launcher…"] bench/cold-start.sh [rounds=5] [project=examples/xor/xor.lcproj.json]
# DISPLAY defaults to :91; an Xvfb (with openbox) is started there when none runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
PROJECT=$(realpath "${2:-examples/xor/xor.lcproj.json}")
read -r -a LAUNCHERS <<<"${APPS:-application/target/layercanvas/bin/layercanvas}"
for app in "${LAUNCHERS[@]}"; do
  [ -x "$app" ] || { echo "build the application first: $app is missing" >&2; exit 2; }
done
export DISPLAY=${DISPLAY:-:91}
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

# one start of launcher $1 with user folder $2: prints "wall-ms cpu-ms jvm-start-ms"
start_once() {
  local app=$1 userdir=$2 log=$WORK/paint.log
  rm -f "$log"
  local t0
  t0=$(date +%s%3N)
  mkdir -p "$userdir/home"
  HOME=$userdir/home "$app" --userdir "$userdir" --open "$PROJECT" -J-Dlayercanvas.firstPaintLog="$log" >>"$WORK/app.out" 2>&1 &
  local pid=$!
  for _ in $(seq 1200); do [ -s "$log" ] && break; sleep 0.05; done
  [ -s "$log" ] || { echo "no paint within 60 s; application output:" >&2; tail -30 "$WORK/app.out" >&2; exit 1; }
  read -r _ painted _ jvm _ cpu <"$log"
  HOME=$userdir/home "$app" --userdir "$userdir" --shutdown >>"$WORK/app.out" 2>&1 || true
  wait "$pid" || true
  echo "$((painted - t0)) $cpu $((jvm - t0))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for a in "${!LAUNCHERS[@]}"; do
  start_once "${LAUNCHERS[$a]}" "$WORK/warm-up-$a" >/dev/null   # jars into the OS file cache
  start_once "${LAUNCHERS[$a]}" "$WORK/reused-$a" >/dev/null    # prepares the reused user folder
done
for i in $(seq "$ROUNDS"); do
  for kind in fresh reused; do
    for a in "${!LAUNCHERS[@]}"; do
      if [ "$kind" = fresh ]; then userdir=$WORK/fresh-$a-$i; else userdir=$WORK/reused-$a; fi
      read -r wall cpu jvm < <(start_once "${LAUNCHERS[$a]}" "$userdir")
      echo "${LAUNCHERS[$a]} $kind $i: ${wall} ms to the painted canvas, ${cpu} ms processor time (JVM started after ${jvm} ms)"
      echo "$wall" >>"$WORK/$a-$kind.wall"
      echo "$cpu" >>"$WORK/$a-$kind.cpu"
    done
  done
done
for a in "${!LAUNCHERS[@]}"; do
  for kind in fresh reused; do
    echo "median ${LAUNCHERS[$a]} $kind: $(median <"$WORK/$a-$kind.wall") ms wall, $(median <"$WORK/$a-$kind.cpu") ms processor, $ROUNDS starts"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
