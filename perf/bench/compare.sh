#!/usr/bin/env bash
# Regenerates the results table in PERFORMANCE.md: Weft and Eclipse Mosquitto (Debian package) measured in
# the same run, interleaved (the order alternates each round), repeated, broker pinned to core 0 and the
# load generator to core 1. Raw result lines go to perf/bench/results.jsonl; perf/bench/table.py turns them
# into the table. Everything runs on 127.0.0.1 and stops by itself.
#
#   perf/bench/compare.sh [--rounds N] [--duration 10s] [--warmup 3s] [--only SCENARIO[,SCENARIO...]]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
cd "$root"
rounds=3 duration=10s warmup=3s only=
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

. .mvn/find-jdk.sh
weft_find_jdk
if ! command -v mosquitto >/dev/null 2>&1; then
  echo "compare: installing mosquitto (Debian package)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto >/dev/null
fi
[ "$(nproc)" -ge 2 ] || { echo "compare: needs two cores (broker on one, generator on the other)" >&2; exit 1; }
./mvnw -q -DskipTests package
bench=distribution/target/weft/bin/weft-bench
work=$(mktemp -d /tmp/weft-compare.XXXXXX)
results=perf/bench/results.jsonl
: > "$results"
broker_pid=

stop_broker() {
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  broker_pid=
}
trap 'stop_broker; rm -rf "$work"' EXIT

wait_for_port() { # $1 port
  for _ in $(seq 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "compare: broker did not open port $1" >&2; return 1
}

# $1 broker (weft|mosquitto), $2 port, $3 cpus for taskset ("" = unpinned)
start_broker() {
  local name=$1 port=$2 cpus=$3 data="$work/$1-data" pin=()
  rm -rf "$data"; mkdir -p "$data"
  [ -z "$cpus" ] || pin=(taskset -c "$cpus")
  case $name in
    weft)
      # Same limits as the Mosquitto configuration below: 64 in flight per client, deep queues.
      "${pin[@]}" distribution/target/weft/bin/weft --port "$port" --data-dir "$data" \
        --mqtt.inflight-window 64 --mqtt.max-queued-messages 1000000 >"$work/weft.log" 2>&1 &
      ;;
    mosquitto)
      cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 64
max_queued_messages 1000000
log_type error
CONF
      "${pin[@]}" mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
      ;;
  esac
  broker_pid=$!
  wait_for_port "$port"
}

# name | generator arguments | broker pinned?
scenarios=(
  "fan-in-qos0|fan-in --qos 0 --publishers 100 --payload 64|pinned"
  "fan-in-qos1|fan-in --qos 1 --publishers 100 --window 64 --payload 64|pinned"
  "fan-out-qos0|fan-out --qos 0 --subscribers 100 --payload 64|pinned"
  "latency-qos1|latency --qos 1 --rate 5000 --publishers 100 --payload 64 --warmup 15s|pinned"
  "shared-qos1|shared --qos 1 --publishers 10 --subscribers 4 --payload 64|pinned"
  "idle-connections|connections --connections 10000|pinned"
  "backlog-qos1|backlog --qos 1 --messages 100000 --payload 64|pinned"
  "fan-in-qos0-unpinned|fan-in --qos 0 --publishers 100 --payload 64|unpinned"
)

port=18900
for round in $(seq "$rounds"); do
  for entry in "${scenarios[@]}"; do
    IFS='|' read -r name arguments placement <<<"$entry"
    if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
    order=(weft mosquitto)
    [ $((round % 2)) -eq 1 ] || order=(mosquitto weft)
    for broker in "${order[@]}"; do
      port=$((port + 1))
      broker_cpus=0 generator_cpus=1
      [ "$placement" = pinned ] || { broker_cpus=; generator_cpus=; }
      start_broker "$broker" "$port" "$broker_cpus"
      generator=("$bench")
      [ -z "$generator_cpus" ] || generator=(taskset -c "$generator_cpus" "$bench")
      echo "compare: round $round/$rounds $name on $broker" >&2
      # shellcheck disable=SC2086 # the scenario's arguments are split on purpose
      # A scenario may set its own warm-up: at 5,000 msg/s the JIT is still compiling after 3 s.
      timing=(--warmup "$warmup")
      [[ " $arguments " != *" --warmup "* ]] || timing=()
      line=$("${generator[@]}" $arguments --port "$port" --pid "$broker_pid" "${timing[@]}" \
        --duration "$duration" --label "$broker" --timeout 180s 2>>"$work/bench.log" | tail -n 1) || true
      if [ -z "$line" ]; then
        line="{\"scenario\":\"${arguments%% *}\",\"label\":\"$broker\",\"error\":\"no result (see the generator's log)\"}"
        tail -n 5 "$work/bench.log" >&2
      fi
      echo "{\"name\":\"$name\",\"round\":$round,\"placement\":\"$placement\",\"result\":$line}" >>"$results"
      stop_broker
    done
  done
done

python3 perf/bench/table.py "$results" PERFORMANCE.md
echo "compare: table updated in PERFORMANCE.md from $results" >&2
