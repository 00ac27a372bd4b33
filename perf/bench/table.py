#!/usr/bin/env python3
"""Turns perf/bench/results.jsonl (written by compare.sh) into the results table of PERFORMANCE.md.

Usage: table.py RESULTS.jsonl PERFORMANCE.md -- replaces the text between the results markers.
Each cell is the median over the rounds with the range [min-max]; the ratio is Weft's median over
Mosquitto's. A target is met when the ratio (or, for absolute targets, Weft's median) is within it.
"""
import json
import platform
import statistics
import subprocess
import sys
from collections import defaultdict

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

# name -> list of (label, value function, unit, target kind, target value); kinds: ratio-max, max, min
METRICS = {
    "fan-in-qos0": [("broker CPU per message", lambda r: r.get("cpu_us_per_msg"), "µs", "ratio-max", 0.5),
                    ("delivered rate", lambda r: r.get("rate"), "msg/s", None, None)],
    "fan-in-qos1": [("broker CPU per message", lambda r: r.get("cpu_us_per_msg"), "µs", "ratio-max", 0.75),
                    ("delivered rate", lambda r: r.get("rate"), "msg/s", None, None)],
    "fan-out-qos0": [("broker CPU per delivered message", lambda r: r.get("cpu_us_per_msg"), "µs", "ratio-max", 0.5),
                     ("delivered rate", lambda r: r.get("rate"), "msg/s", None, None)],
    "latency-qos1": [("latency p50", lambda r: r.get("p50_us"), "µs", "ratio-max", 1.0),
                     ("latency p99", lambda r: r.get("p99_us"), "µs", "ratio-max", 1.0),
                     ("latency p99.9", lambda r: r.get("p999_us"), "µs", None, None),
                     ("broker CPU per message", lambda r: r.get("cpu_us_per_msg"), "µs", None, None)],
    "shared-qos1": [("broker CPU per message", lambda r: r.get("cpu_us_per_msg"), "µs", None, None),
                    ("delivered rate", lambda r: r.get("rate"), "msg/s", None, None)],
    "idle-connections": [("resident memory per connection", lambda r: r.get("rss_per_connection_bytes"), "B", "max", 4096),
                         ("connect rate", lambda r: r.get("connect_rate"), "conn/s", None, None)],
    "backlog-qos1": [("drain time of 100,000 messages", lambda r: r.get("drain_s"), "s", None, None),
                     ("drain rate", lambda r: r.get("rate"), "msg/s", None, None)],
    "fan-in-qos0-unpinned": [("broker cores used", lambda r: cores(r), "cores", "min", 1.0),
                             ("delivered rate", lambda r: r.get("rate"), "msg/s", None, None)],
}
BROKERS = ["weft", "mosquitto"]


def cores(result):
    if result.get("broker_cpu_s") is None or not result.get("duration_s"):
        return None
    return result["broker_cpu_s"] / result["duration_s"]


def fmt(value):
    if value is None:
        return "–"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def cell(values):
    if not values:
        return "–"
    median = statistics.median(values)
    if len(values) == 1:
        return fmt(median)
    return f"{fmt(median)} [{fmt(min(values))}–{fmt(max(values))}]"


def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def build_table(lines):
    runs = defaultdict(list)  # (name, label) -> results
    for line in lines:
        record = json.loads(line)
        runs[(record["name"], record["result"].get("label"))].append(record["result"])
    rounds = max((len(v) for v in runs.values()), default=0)
    out = [f"Measured {command_output(['date', '-u', '+%Y-%m-%d %H:%M UTC'])} on {platform.machine()} with "
           f"{command_output(['nproc'])} cores, Linux {platform.release()}, "
           f"{command_output(['mosquitto', '-h']).splitlines()[0] if command_output(['mosquitto', '-h']) else 'mosquitto'}; "
           f"{rounds} rounds; median [min–max].", "",
           "| Scenario | Figure | Weft | Mosquitto | Weft / Mosquitto | Target | Met | Missing / duplicates (Weft; Mosquitto) |",
           "|---|---|---|---|---|---|---|---|"]
    for name, metrics in METRICS.items():
        if not any((name, b) in runs for b in BROKERS):
            continue
        losses = []
        errors = []
        for broker in BROKERS:
            results = runs.get((name, broker), [])
            missing = sum(r.get("missing", 0) or 0 for r in results)
            duplicates = sum(r.get("duplicates", 0) or 0 for r in results)
            losses.append(f"{missing} / {duplicates}")
            errors += sorted({f"{broker}: {r['error']}" for r in results if r.get("error")})
        for index, (figure, extract, unit, kind, target) in enumerate(metrics):
            medians = {}
            cells = []
            for broker in BROKERS:
                values = [v for v in (extract(r) for r in runs.get((name, broker), [])) if v is not None]
                cells.append(cell(values))
                medians[broker] = statistics.median(values) if values else None
            ratio = None
            if medians["weft"] is not None and medians["mosquitto"]:
                ratio = medians["weft"] / medians["mosquitto"]
            target_text, met = "", ""
            if kind == "ratio-max":
                target_text = f"≤ {target}× Mosquitto"
                met = "–" if ratio is None else ("yes" if ratio <= target else "no")
            elif kind == "max":
                target_text = f"< {fmt(target)} {unit}"
                met = "–" if medians["weft"] is None else ("yes" if medians["weft"] < target else "no")
            elif kind == "min":
                target_text = f"> {target} {unit}"
                met = "–" if medians["weft"] is None else ("yes" if medians["weft"] > target else "no")
            out.append(f"| {name if index == 0 else ''} | {figure} ({unit}) | {cells[0]} | {cells[1]} | "
                       f"{'–' if ratio is None else f'{ratio:.2f}'} | {target_text} | {met} | "
                       f"{'; '.join(losses) if index == 0 else ''} |")
        for error in errors:
            out.append(f"| | error | {error} | | | | | |")
    return "\n".join(out)


def main():
    results_path, document_path = sys.argv[1], sys.argv[2]
    with open(results_path, encoding="utf-8") as results:
        table = build_table([line for line in results if line.strip()])
    with open(document_path, encoding="utf-8") as document:
        text = document.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"table.py: {document_path} has no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(document_path, "w", encoding="utf-8") as document:
        document.write(f"{head}{BEGIN}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()
