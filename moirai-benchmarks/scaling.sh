#!/usr/bin/env bash
# Runs the benchmarks whose result depends on the number of cores (external submission,
# fork/join, Mutex, the SPSC and MPSC queues) on a machine with more cores than the one the
# report in docs/benchmarks.md comes from, and writes a report of their own.
#
# usage: moirai-benchmarks/scaling.sh <java of a JDK 25> <benchmarks.jar> <output dir> [JMH options]
#
# The output dir receives results/<run>.json and .properties (one run per class group),
# benchmarks.md and benchmarks/*.svg (the report generator's output, with that machine's
# description), <run>.log (JMH's output) and machine.txt. JMH options given after the output dir
# are added to every run (e.g. "-f 1 -w 100ms -r 100ms" to check that everything works).
# About 7 minutes on an idle machine; each run has a time limit, so one that hangs cannot hold
# up the others.
set -u
if [ $# -lt 3 ]; then
  sed -n 6p "$0" >&2
  exit 2
fi
java=$1 jar=$2 out=$3
shift 3
extra="$*"
results=$out/results
mkdir -p "$results"
{ nproc; grep -m1 'model name' /proc/cpuinfo; grep MemTotal /proc/meminfo; "$java" -version 2>&1 | head -1; } > "$out/machine.txt"

run() {
  local name=$1 limit=$2 args=$3
  echo "== $name: $args $extra ($(date -u +%T))"
  # shellcheck disable=SC2086 # the JMH arguments are words on purpose
  timeout "$limit" "$java" -jar "$jar" $args $extra -rf json -rff "$results/$name.json" > "$out/$name.log" 2>&1
  echo "exit $? ($(date -u +%T))"
  grep -E '^[A-Z][A-Za-z]+Benchmark\.[A-Za-z]+ ' "$out/$name.log" | tail -12
  [ -f "$results/$name.json" ] && "$java" -cp "$jar" io.moirai.benchmarks.report.ReportGenerator \
      --out "$out" --results "$results" --record "$name" --jmh-args "$args" > "$out/$name.report.txt" 2>&1
}

run scaling-submit 220 "ExternalSubmitBenchmark -p impl=moirai,fjp,tpe -wi 2 -i 3"
run scaling-forkjoin 90 "ForkJoinBenchmark -p impl=moirai,fjp -p n=22 -p threshold=1"
run scaling-sync 150 "MutexBenchmark -p impl=moirai,reentrant-lock"
run scaling-queues 110 "(Spsc|Mpsc)QueueBenchmark -p impl=moirai,jctools -wi 2 -i 3"
grep -E '^(✅|❌)' "$out/scaling-queues.report.txt" 2>/dev/null
