#!/usr/bin/env bash
# Measures the journal across broker restarts (issue 4), all on 127.0.0.1, broker pinned to core 0 and the
# load generator to core 1; every broker gets a fresh data directory and stops by itself.
#   a  a backlog of 100,000 QoS 1 messages (64 bytes): fill, kill the broker (SIGKILL and SIGTERM rounds),
#      restart it, drain. Time from the kill to the ready line, the broker's "recovery took" ms, drain time.
#   b  the same with 1,000,000 messages, SIGKILL only: also the broker's resident memory after recovery.
#   c  bounded disk: fan-in QoS 1 into a persistent subscriber for --disk-duration with a journal that rolls
#      every second; du -sb of the journal and its file count every 5 s must level off.
# Raw result lines go to perf/bench/restart.jsonl, a summary to stdout.
#
#   perf/bench/restart.sh [--no-build] [--only a,b,c] [--rounds N] [--big-rounds N] [--disk-duration 60]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
cd "$root"
build=1 only=a,b,c rounds=3 big_rounds=1 disk_duration=60
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0; shift ;;
    --only) only=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --big-rounds) big_rounds=$2; shift 2 ;;
    --disk-duration) disk_duration=$2; shift 2 ;;
    *) echo "restart.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

. .mvn/find-jdk.sh
weft_find_jdk
[ "$(nproc)" -ge 2 ] || { echo "restart: needs two cores (broker on one, generator on the other)" >&2; exit 1; }
[ "$build" = 0 ] || ./mvnw -q -DskipTests package
weft=distribution/target/weft/bin/weft
bench=(taskset -c 1 distribution/target/weft/bin/weft-bench)
work=$(mktemp -d /tmp/weft-restart.XXXXXX)
results=perf/bench/restart.jsonl
: > "$results"
port=18950
broker_pid= generator_pid= launches=0 data= log=

stop_pid() { # $1 pid: SIGTERM, up to 10 s, then SIGKILL
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { stop_pid "$generator_pid"; stop_pid "$broker_pid"; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts a broker on $data (extra options in "$@"); log=$work/broker-N, stdout in $log.out, stderr in $log.err.
launch() {
  launches=$((launches + 1))
  log="$work/broker-$launches"
  # 64 in flight per client, as in compare.sh: the drain times compare with PERFORMANCE.md's backlog row.
  taskset -c 0 "$weft" --port "$port" --data-dir "$data" --mqtt.max-queued-messages 2000000 \
    --mqtt.inflight-window 64 "$@" >"$log.out" 2>"$log.err" &
  broker_pid=$!
}

wait_ready() { # up to 10 minutes for "Weft listening on" on the broker's stdout
  for _ in $(seq 60000); do
    grep -q "Weft listening on" "$log.out" 2>/dev/null && return 0
    kill -0 "$broker_pid" 2>/dev/null || { echo "restart: the broker exited:" >&2; tail -n 20 "$log.err" >&2; return 1; }
    sleep 0.01
  done
  echo "restart: the broker was not ready within 10 minutes" >&2; return 1
}

fresh_broker() { # a new data directory, a new broker, ready
  data="$work/data-$((launches + 1))"
  mkdir -p "$data"
  launch "$@"
  wait_ready
}

generator() { # runs weft-bench against the broker; prints its result line (or an error object)
  local line
  line=$("${bench[@]}" "$@" --port "$port" --pid "$broker_pid" --timeout 600s 2>>"$work/bench.log" | tail -n 1) || true
  if [ -z "$line" ]; then
    tail -n 5 "$work/bench.log" >&2
    line='{"error":"no result (see the generator log)"}'
  fi
  echo "$line"
}

loadavg() { cut -d' ' -f1 /proc/loadavg; } # other work on the machine shows up here

rss_kib() { local kib; kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true); echo "${kib:-null}"; }

# One restart: fill, kill with $2, start on the same data, drain. $1 part, $2 KILL|TERM, $3 round, $4 messages.
restart_round() {
  local part=$1 signal=$2 round=$3 messages=$4 fill drain killed stopped ready recovery recovered rss
  fresh_broker
  echo "restart: part $part, $messages messages, SIG$signal, round $round: filling" >&2
  fill=$(generator backlog --phase fill --qos 1 --messages "$messages" --payload 64 --label "fill-$part-$round")
  killed=$(now_ms)
  kill "-$signal" "$broker_pid"
  wait "$broker_pid" 2>/dev/null || true
  stopped=$(now_ms)
  launch
  wait_ready
  ready=$(now_ms)
  rss=$(rss_kib "$broker_pid")
  recovery=$(sed -n 's/.*recovery took \([0-9,]*\) ms.*/\1/p' "$log.err" | tr -d , | head -n 1 || true)
  recovered=$(grep -o 'recovered .*' "$log.err" | head -n 1 | sed 's/\\/\\\\/g; s/"/\\"/g' || true)
  echo "restart: ready $((ready - killed)) ms after SIG$signal (recovery ${recovery:-?} ms); draining" >&2
  drain=$(generator backlog --phase drain --qos 1 --messages "$messages" --payload 64 --label "drain-$part-$round")
  echo "{\"part\":\"$part\",\"signal\":\"$signal\",\"round\":$round,\"messages\":$messages,\"stop_ms\":$((stopped - killed)),\"start_ms\":$((ready - stopped)),\"kill_to_ready_ms\":$((ready - killed)),\"recovery_ms\":${recovery:-null},\"recovered\":\"$recovered\",\"rss_kib_after_recovery\":$rss,\"loadavg\":$(loadavg),\"fill\":$fill,\"drain\":$drain}" >>"$results"
  stop_pid "$broker_pid"; broker_pid=
  rm -rf "$data"
}

# Bounded disk: fan-in QoS 1 into a persistent subscriber; journal size and file count every 5 s.
disk_run() {
  fresh_broker --storage.roll secondly
  local journal="$data/journal" start sample=0 size files progress
  echo "restart: part c, fan-in QoS 1 into a persistent subscriber for ${disk_duration} s" >&2
  "${bench[@]}" fan-in --qos 1 --publishers 10 --payload 64 --window 64 --subscriber-session persistent \
    --warmup 0s --duration "${disk_duration}s" --port "$port" --pid "$broker_pid" --timeout 600s --label disk \
    >"$work/disk.out" 2>"$work/disk.err" &
  generator_pid=$!
  start=$(now_ms)
  while kill -0 "$generator_pid" 2>/dev/null; do
    [ -d "$journal" ] || journal=$data # the journal's own directory if it has one, else the whole data directory
    size=$(du -sb "$journal" 2>/dev/null | cut -f1)
    files=$(find "$journal" -type f 2>/dev/null | wc -l)
    progress=$(grep -o 'sent [0-9,]*' "$work/disk.err" | tail -n 1 | tr -dc 0-9 || true)
    echo "{\"part\":\"c\",\"sample\":$sample,\"t_s\":$(( ($(now_ms) - start) / 1000 )),\"path\":\"${journal#"$work"/}\",\"bytes\":${size:-null},\"files\":$files,\"sent\":${progress:-0},\"loadavg\":$(loadavg)}" >>"$results"
    sample=$((sample + 1))
    for _ in $(seq 50); do kill -0 "$generator_pid" 2>/dev/null || break; sleep 0.1; done
  done
  wait "$generator_pid" 2>/dev/null || true
  generator_pid=
  local result
  result=$(tail -n 1 "$work/disk.out")
  echo "{\"part\":\"c\",\"result\":${result:-null}}" >>"$results"
  stop_pid "$broker_pid"; broker_pid=
}

if [[ ",$only," == *",a,"* ]]; then
  for round in $(seq "$rounds"); do
    for signal in KILL TERM; do restart_round a "$signal" "$round" 100000; done
  done
fi
if [[ ",$only," == *",b,"* ]]; then
  for round in $(seq "$big_rounds"); do restart_round b KILL "$round" 1000000; done
fi
if [[ ",$only," == *",c,"* ]]; then
  disk_run
fi

python3 - "$results" <<'PY'
import json, statistics, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
for part, signal in [("a", "KILL"), ("a", "TERM"), ("b", "KILL")]:
    rows = [r for r in lines if r.get("part") == part and r.get("signal") == signal]
    if not rows:
        continue
    drains = [r["drain"] for r in rows]
    print(f"{part} {rows[0]['messages']:,} messages, SIG{signal}, {len(rows)} rounds (medians):"
          f" kill->ready {median([r['kill_to_ready_ms'] for r in rows])} ms,"
          f" recovery {median([r['recovery_ms'] for r in rows])} ms,"
          f" drain {median([d.get('drain_s') for d in drains])} s,"
          f" missing {sum(d.get('missing', 0) or 0 for d in drains)},"
          f" duplicates {sum(d.get('duplicates', 0) or 0 for d in drains)},"
          f" RSS after recovery {median([r['rss_kib_after_recovery'] for r in rows])} KiB,"
          f" load average {median([r.get('loadavg') for r in rows])}"
          + ("" if all("error" not in d and "error" not in r["fill"] for r, d in zip(rows, drains)) else " (errors: see restart.jsonl)"))
samples = [r for r in lines if r.get("part") == "c" and "sample" in r]
if samples:
    print("c journal samples (t s, sent, bytes, files):")
    for r in samples:
        print(f"  {r['t_s']:4d}  {r['sent']:>12,}  {r['bytes'] or 0:>14,}  {r['files']:5d}  {r['path']}")
    result = next((r["result"] for r in lines if r.get("part") == "c" and "result" in r), None)
    if result:
        print(f"  fan-in: rate {result.get('rate')} msg/s, missing {result.get('missing')}, error {result.get('error')}")
PY
echo "restart: raw lines in $results" >&2
