#!/usr/bin/env bash
# Training speed with and without the live dashboard (DashboardOverheadBench); needs `mvn install` first,
# Xvfb and dataset-fashion-mnist. Usage: bench/dashboard-overhead.sh [rounds] [epochs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl modules/dashboard test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
CP="modules/dashboard/target/test-classes:modules/dashboard/target/classes:$(cat modules/dashboard/target/bench.cp)"
xvfb-run -a -s "-screen 0 1400x900x24" java --add-modules=jdk.incubator.vector -Xmx4g -cp "$CP" \
  org.layercanvas.dashboard.bench.DashboardOverheadBench examples/fashion-mlp/fashion-mlp.lcproj.json "${1:-3}" "${2:-2}"
