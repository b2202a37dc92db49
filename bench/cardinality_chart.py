#!/usr/bin/env python3
"""Draws the cardinality sweep from bench-peers' stored runs.

Reads <runs>/<label>.json for each data set label given (bench-peers'
results/runs; labels like h4000_1d_10s_s123), and writes <out>.md (a table
of each query's median per target and host count) and <out>.png (latency
against hosts, log scales, one panel per query plus the geomean).
"""
import argparse
import json
import math
from pathlib import Path

QUERY_ORDER = [
    "single-groupby-1-1-1", "single-groupby-1-1-12", "single-groupby-1-8-1",
    "single-groupby-5-1-1", "single-groupby-5-1-12", "single-groupby-5-8-1",
    "cpu-max-all-1", "cpu-max-all-8", "double-groupby-1", "double-groupby-5",
    "double-groupby-all", "high-cpu-1", "high-cpu-all", "lastpoint", "groupby-orderby-limit",
]
TARGET_NAMES = {
    "ours": "Sundial", "clickhouse": "ClickHouse 18.16", "duckdb": "DuckDB",
    "chdb": "chDB (ClickHouse 26.7)", "postgres": "PostgreSQL 15",
}


def load(runs_dir, labels):
    """{hosts: {target: {query: median_ms}}} and {hosts: {target: load_rows_per_s}}."""
    medians, loads, rows = {}, {}, {}
    for label in labels:
        path = Path(runs_dir) / (label + ".json")
        if not path.exists():
            print("missing %s: skipped" % path)
            continue
        run = json.loads(path.read_text())
        hosts = int(run["dataset"]["hosts"])
        rows[hosts] = run["dataset"]["rows"]
        for target, result in run["targets"].items():
            if target == "postgres":
                continue
            queries = result.get("queries", {})
            per_query = {q: r["median_ms"] for q, r in queries.items() if "median_ms" in r}
            if per_query:
                medians.setdefault(hosts, {})[target] = per_query
            if result.get("load_rows_per_s"):
                loads.setdefault(hosts, {})[target] = result["load_rows_per_s"]
    return medians, loads, rows


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def with_geomean(medians):
    for per_target in medians.values():
        for per_query in per_target.values():
            values = [per_query[q] for q in QUERY_ORDER if q in per_query]
            if len(values) == len(QUERY_ORDER):
                per_query["geomean"] = geomean(values)


def write_table(medians, loads, rows, out, note):
    hosts_list = sorted(medians)
    targets = [t for t in TARGET_NAMES if any(t in medians[h] for h in hosts_list)]
    lines = ["# Cardinality sweep: TSBS cpu-only, about 35M rows per host count", "",
             "Medians in ms (bench-peers, psql/HTTP/node clients as the harness times them).", ""]
    if note:
        lines += [note, ""]
    lines.append("| hosts | rows | " + " | ".join(TARGET_NAMES[t] + " load rows/s" for t in targets) + " |")
    lines.append("| ---: | ---: |" + " ---: |" * len(targets))
    for h in hosts_list:
        cells = ["%d" % loads.get(h, {}).get(t, 0) if loads.get(h, {}).get(t) else "-" for t in targets]
        lines.append("| %d | %d | %s |" % (h, rows[h], " | ".join(cells)))
    for q in QUERY_ORDER + ["geomean"]:
        lines += ["", "## " + q, "", "| hosts | " + " | ".join(TARGET_NAMES[t] for t in targets) + " |",
                  "| ---: |" + " ---: |" * len(targets)]
        for h in hosts_list:
            cells = []
            for t in targets:
                v = medians[h].get(t, {}).get(q)
                cells.append("-" if v is None else "%.2f" % v)
            lines.append("| %d | %s |" % (h, " | ".join(cells)))
    Path(out + ".md").write_text("\n".join(lines) + "\n")


def draw(medians, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    hosts_list = sorted(medians)
    targets = [t for t in TARGET_NAMES if any(t in medians[h] for h in hosts_list)]
    panels = QUERY_ORDER + ["geomean"]
    fig, axes = plt.subplots(4, 4, figsize=(16, 14))
    for ax, q in zip(axes.flat, panels):
        for t in targets:
            xs = [h for h in hosts_list if q in medians[h].get(t, {})]
            ys = [medians[h][t][q] for h in xs]
            if xs:
                ax.plot(xs, ys, marker="o", label=TARGET_NAMES[t], linewidth=2 if t == "ours" else 1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(q, fontsize=10)
        ax.set_xticks(hosts_list)
        ax.set_xticklabels([str(h) for h in hosts_list], fontsize=7)
        ax.grid(True, which="both", alpha=0.3)
    axes.flat[0].set_ylabel("median ms (log)")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(targets))
    fig.suptitle("TSBS cpu-only at about 35M rows: query latency against hosts (log scales)")
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    fig.savefig(out + ".png", dpi=80)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", required=True, help="bench-peers results/runs folder")
    parser.add_argument("--out", required=True, help="output path without extension")
    parser.add_argument("--note", default="", help="a paragraph placed under the table's title")
    parser.add_argument("labels", nargs="+")
    args = parser.parse_args()
    medians, loads, rows = load(args.runs, args.labels)
    if not medians:
        raise SystemExit("no runs found")
    with_geomean(medians)
    write_table(medians, loads, rows, args.out, args.note)
    draw(medians, args.out)
    print("wrote %s.md and %s.png" % (args.out, args.out))


if __name__ == "__main__":
    main()
