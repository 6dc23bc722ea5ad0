#!/usr/bin/env bash
# Runs one stats-service benchmark main once: bash stats-service/bench.sh MemoryIngestBench|InfluxIngestBench|ApiLatencyBench [arg]
# BENCH_JAVA_OPTS adds JVM options (e.g. a profiler agent).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bench="${1:?usage: stats-service/bench.sh MemoryIngestBench|InfluxIngestBench|ApiLatencyBench [arg]}"
shift
mvn -q -B -pl stats-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test -Djacoco.skip=true
cp="stats-service/target/test-classes:stats-service/target/classes:$(cat stats-service/target/bench-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:-} -Xmx3g -XX:+UseParallelGC -Dlogback.configurationFile=stats-service/src/test/resources/logback-test.xml \
  -cp "$cp" "io.sitewatch.stats.bench.$bench" "$@"
