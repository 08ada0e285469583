#!/usr/bin/env python3
"""The results table of a quality sitting (scripts/quality/sitting.sh), best first, as Markdown.

For each run of the plan (OUTDIR/NAME-sSEED) it scores best.safetensors on OUTDIR/data/test.txt
with `rnn eval` once (the result is kept in the run's test_eval.json) and reads the run's own
summary from `rnn runs --json`. A configuration run with several seeds gets a row per seed and
then a row of their median, and configurations are ordered by that median. Usage: report.py OUTDIR PLAN
"""
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RNN = os.path.join(ROOT, "scripts", "rnn")


def rnn(*args):
    out = subprocess.run([RNN, *args], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(("{", "[")))
    return json.loads("\n".join(lines[first:]))


def test_score(run, test):
    cached = os.path.join(run, "test_eval.json")
    if os.path.exists(cached) and os.path.getmtime(cached) >= os.path.getmtime(os.path.join(run, "best.safetensors")):
        return json.load(open(cached))
    score = rnn("eval", "--checkpoint", os.path.join(run, "best.safetensors"), test, "--json", "--threads", "2")
    json.dump(score, open(cached, "w"))
    return score


def main():
    outdir, plan = sys.argv[1], sys.argv[2]
    test = os.path.join(outdir, "data", "test.txt")
    groups = []  # per configuration: its seeds' rows, then a row of their median
    for line in open(plan, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, opts = (part.strip() for part in line.split(":", 1))
        runs = sorted(d for d in os.listdir(outdir) if re.fullmatch(re.escape(name) + r"-s\d+", d))
        rows = []
        for d in runs:
            run = os.path.join(outdir, d)
            if not os.path.exists(os.path.join(run, "best.safetensors")):
                continue
            summary = rnn("runs", run, "--json")[0]
            rows.append((test_score(run, test)["nats_per_char"], d, opts, summary))
        if not rows:
            continue
        rows.sort(key=lambda r: r[0])
        key = statistics.median(r[0] for r in rows)
        if len(rows) > 1:
            rows.append((key, name + " (median of %d)" % len(rows), opts, None))
        groups.append((key, rows))
    groups.sort(key=lambda g: g[0])  # best configuration first
    rows = [row for _, group in groups for row in group]
    print("| run | options | test nats/char | test bits/char | choice-set bits/char | best step | chars/s |")
    print("|---|---|---|---|---|---|---|")
    for nats, d, opts, s in rows:
        bpc = nats / 0.6931471805599453
        if s is None:
            print(f"| **{d}** | `{opts}` | **{nats:.4f}** | **{bpc:.4f}** | | | |")
        else:
            print(f"| {d} | `{opts}` | {nats:.4f} | {bpc:.4f} | {s.get('best_val_bpc') or 0:.4f} | "
                  f"{s.get('best_step')} | {s.get('chars_per_sec') or 0:,.0f} |")


if __name__ == "__main__":
    main()
