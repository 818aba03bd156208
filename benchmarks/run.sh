#!/usr/bin/env bash
# benchmarks/run.sh [quick|full]: prints every figure of docs/performance.md in one run.
#   figures 1 and 5  Figures          warm open vs Jackson parsing the same bytes; scale (JMH, then paired)
#   figures 2 and 3  ProviderFigures  provider round trips and repeated opens against esc-testkit
#   figure 4         ColdStart        bin/esc cold start vs a bare JVM and a minimal AWS SDK program
# quick (default) takes about 6 minutes on 2 cores; full measures longer.
# Builds what is missing (BENCH_REBUILD=1 rebuilds); ESC_SHARED points at the shared folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-quick}"
shared="${ESC_SHARED:-$here/../shared}"
jar="benchmarks/target/benchmarks.jar"

if [ ! -f "$jar" ] || [ ! -f esc-cli/target/esc.jar ] || [ -n "${BENCH_REBUILD:-}" ]; then
  echo "run.sh: building..." >&2
  mvn -q -B install -DskipTests -DskipITs -pl esc-bom,esc-core,esc-aws,esc-testkit,esc-cli >&2
  mvn -q -B package -pl benchmarks >&2
fi
# run from a copy: a build running meanwhile must not change the classes under the benchmark
copy="$(mktemp -d)/benchmarks.jar"
trap 'rm -rf "$(dirname "$copy")"' EXIT
cp "$jar" "$copy"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "== Machine"
echo "nproc: $(nproc)"
free -h | sed -n 1,2p
"$java" -version 2>&1 | sed -n 1,2p
uptime
echo "mode: $mode, commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

"$java" "-Desc.shared=$shared" -cp "$copy" io.esc4j.bench.Figures "$mode"
"$java" -cp "$copy" io.esc4j.bench.ProviderFigures "$mode" 2>&1 | grep -v '^SLF4J'
"$java" "-Desc.root=$here" -cp "$copy" io.esc4j.bench.ColdStart "$mode" 2>&1 | grep -v '^SLF4J'
