#!/usr/bin/env bash
# Two builds of Weft side by side, to see what a change costs: the same weft-bench scenarios as compare.sh
# against build A and build B (each a runnable layout, e.g. distribution/target/weft of two checkouts),
# broker pinned to core 0 and the generator to core 1. By default one build at a time, the order alternating
# each round. With --together both run at once, both brokers on core 0 and both generators on core 1, so
# that whatever else runs on the machine weighs on both alike: use it on a shared machine.
# Extra broker arguments per build; while a build prints a metrics line, its /metrics is fetched every
# --scrape seconds (as a Prometheus server would, more often than its default 15 s).
#
#   perf/bench/ab.sh --a DIR --b DIR [--a-args "..."] [--b-args "..."] [--rounds 3] [--duration 10s]
#                    [--warmup 3s] [--scrape 5] [--together] [--only fan-in-qos0,fan-in-qos1,fan-out-qos0]
# Raw result lines go to perf/bench/ab.jsonl; a table of medians [min-max] is printed at the end.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
cd "$root"
declare -A home=() extra=() broker_pid=() scraper_pid=()
rounds=3 duration=10s warmup=3s scrape=5 together= only=fan-in-qos0,fan-in-qos1,fan-out-qos0
while [ $# -gt 0 ]; do
  case $1 in
    --a) home[a]=$2; shift 2 ;;
    --b) home[b]=$2; shift 2 ;;
    --a-args) extra[a]=$2; shift 2 ;;
    --b-args) extra[b]=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --scrape) scrape=$2; shift 2 ;;
    --together) together=1; shift ;;
    --only) only=$2; shift 2 ;;
    *) echo "ab.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for label in a b; do
  [ -x "${home[$label]:-}/bin/weft" ] || { echo "ab.sh: --$label must be a Weft layout (bin/weft)" >&2; exit 2; }
done
bench="${home[b]}/bin/weft-bench"
work=$(mktemp -d /tmp/weft-ab.XXXXXX)
results=perf/bench/ab.jsonl
: > "$results"

stop_broker() { # $1 label
  local label=$1 pid=${broker_pid[$1]:-} scraper=${scraper_pid[$1]:-}
  [ -z "$scraper" ] || { kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; }
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  broker_pid[$label]= scraper_pid[$label]=
}
trap 'stop_broker a; stop_broker b; rm -rf "$work"' EXIT

start_broker() { # $1 label, $2 port
  local label=$1 port=$2 data="$work/data-$1" log="$work/broker-$1.log" url
  rm -rf "$data"; mkdir -p "$data"
  # shellcheck disable=SC2086 # the extra arguments are split on purpose
  taskset -c 0 "${home[$label]}/bin/weft" --port "$port" --data-dir "$data" --mqtt.inflight-window 64 \
    --mqtt.max-queued-messages 1000000 ${extra[$label]:-} >"$log" 2>&1 &
  broker_pid[$label]=$!
  for _ in $(seq 1200); do grep -q "Weft listening" "$log" && break; sleep 0.1; done
  grep -q "Weft listening" "$log" || echo "ab: build $label did not start within 120 s (see $log)" >&2
  url=$(sed -n 's/^Weft metrics on \(http:[^ ]*\)$/\1/p' "$log")
  if [ -n "$url" ]; then
    (while sleep "$scrape"; do curl -s -o /dev/null "$url" || true; done) &
    scraper_pid[$label]=$!
  fi
}

run_generator() { # $1 label, $2 scenario name, $3 port: prints one result line
  local line
  # shellcheck disable=SC2086
  line=$(taskset -c 1 "$bench" ${arguments[$2]} --port "$3" --pid "${broker_pid[$1]}" --warmup "$warmup" \
    --duration "$duration" --label "$1" --timeout 180s 2>>"$work/bench.log" | tail -n 1) || true
  [ -n "$line" ] || line="{\"label\":\"$1\",\"error\":\"no result\"}"
  echo "{\"name\":\"$2\",\"round\":$round,\"build\":\"$1\",\"together\":${together:-0},\"result\":$line}"
}

declare -A arguments=(
  [fan-in-qos0]="fan-in --qos 0 --publishers 100 --payload 64"
  [fan-in-qos1]="fan-in --qos 1 --publishers 100 --window 64 --payload 64"
  [fan-out-qos0]="fan-out --qos 0 --subscribers 100 --payload 64"
)
port=19400
IFS=',' read -r -a names <<<"$only"
for round in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    echo "ab: round $round/$rounds $name (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    if [ -n "$together" ]; then
      start_broker a $((port + 1)); start_broker b $((port + 2))
      run_generator a "$name" $((port + 1)) >"$work/a.json" &
      generator_a=$!
      run_generator b "$name" $((port + 2)) >>"$results"
      wait "$generator_a" || true
      cat "$work/a.json" >>"$results"
      stop_broker a; stop_broker b
      port=$((port + 2))
    else
      order=(a b)
      [ $((round % 2)) -eq 1 ] || order=(b a)
      for label in "${order[@]}"; do
        port=$((port + 1))
        start_broker "$label" "$port"
        run_generator "$label" "$name" "$port" >>"$results"
        stop_broker "$label"
      done
    fi
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
from collections import defaultdict
cells, pairs = defaultdict(list), defaultdict(dict)
for line in open(sys.argv[1]):
    row = json.loads(line)
    result = row["result"]
    for figure in ("cpu_us_per_msg", "rate"):
        if result.get(figure) is not None:
            cells[(row["name"], figure, row["build"])].append(result[figure])
            pairs[(row["name"], figure, row["round"])][row["build"]] = result[figure]
print("| scenario | figure | A | B | B / A (medians) | B / A (median of the rounds' ratios) |")
print("|---|---|---|---|---|---|")
for name, figure in sorted({(key[0], key[1]) for key in cells}):
    a, b = cells.get((name, figure, "a"), []), cells.get((name, figure, "b"), [])
    show = lambda v: f"{statistics.median(v):.4g} [{min(v):.4g}-{max(v):.4g}]" if v else "-"
    ratio = f"{statistics.median(b) / statistics.median(a):.3f}" if a and b else "-"
    ratios = [p["b"] / p["a"] for (n, f, _), p in pairs.items() if (n, f) == (name, figure) and len(p) == 2]
    paired = f"{statistics.median(ratios):.3f} [{min(ratios):.3f}-{max(ratios):.3f}]" if ratios else "-"
    print(f"| {name} | {figure} | {show(a)} | {show(b)} | {ratio} | {paired} |")
PY
