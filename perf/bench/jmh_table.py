#!/usr/bin/env python3
"""Turns a JMH CSV result file (jmh.sh -rf csv -rff FILE) into the JMH table of PERFORMANCE.md.

Usage: jmh_table.py RESULTS.csv PERFORMANCE.md -- replaces the text between the jmh markers.
"""
import csv
import sys

BEGIN, END = "<!-- jmh:begin -->", "<!-- jmh:end -->"


def main():
    results_path, document_path = sys.argv[1], sys.argv[2]
    rows = []
    with open(results_path, encoding="utf-8") as results:
        for record in csv.DictReader(results):
            params = ", ".join(f"{key[7:]}={value}" for key, value in record.items()
                               if key.startswith("Param: ") and value)
            name = record["Benchmark"].removeprefix("io.weft.perf.jmh.")
            error = record.get("Score Error (99.9%)") or ""
            score = float(record["Score"])
            error_text = f" ± {float(error):,.3g}" if error and error != "NaN" else ""
            rows.append(f"| {name} | {params} | {score:,.4g}{error_text} | {record['Unit']} |")
    table = "\n".join(["Run with `perf/bench/jmh.sh -rf csv -rff jmh.csv` (defaults: one fork, 2 warm-up and 3 "
                       "measured iterations of 1 s), then `perf/bench/jmh_table.py jmh.csv PERFORMANCE.md`. "
                       "Errors are JMH's 99.9% intervals; with three iterations on two cores they are wide.", "",
                       "| Benchmark | Parameters | Score | Unit |", "|---|---|---|---|"] + rows)
    with open(document_path, encoding="utf-8") as document:
        text = document.read()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(document_path, "w", encoding="utf-8") as document:
        document.write(f"{head}{BEGIN}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()
