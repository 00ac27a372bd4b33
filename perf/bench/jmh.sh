#!/usr/bin/env bash
# Runs the JMH benchmarks (perf/target/benchmarks.jar) on a JDK >= 21, building the jar if it is missing.
#   perf/bench/jmh.sh -l                              list the benchmarks
#   perf/bench/jmh.sh TopicTree -p subscriptions=1000 run a subset by name (any JMH option works)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
. "$root/.mvn/find-jdk.sh"
weft_find_jdk
if [ ! -f "$root/perf/target/benchmarks.jar" ]; then
  (cd "$root" && ./mvnw -q -pl perf -am -DskipTests package)
fi
exec "$JAVA_HOME/bin/java" -Dchronicle.analytics.disable=true -jar "$root/perf/target/benchmarks.jar" "$@"
