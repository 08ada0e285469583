#!/usr/bin/env python3
"""Before/after speed of two builds of rnn: `rnn bench` from jar A and jar B, alternated.

For each configuration and thread count, runs A then B (then A, B, ...) --repeats times and
prints the medians of training and batch-1 sampling characters per second and their ratios
B/A, as a Markdown table. Each run times about 1.5e11 flops of training (times --scale), as
scripts/bench_vs_pytorch.py does.

  scripts/bench_ab.py --a OLD.jar --b target/rnn-cli.jar [--repeats 5] [--threads 1,2]

Keep a copy of the old jar (cp target/rnn-cli.jar /tmp/before.jar) before building the new one, and
run it on an otherwise idle machine.
"""
import argparse
import json
import statistics
import subprocess
import sys

CONFIGS = ["lstm:1:128", "lstm:2:128", "lstm:2:256", "gru:2:256", "lstm:2:512"]
JAVA = ["java", "-XX:+UseParallelGC", "-Xmn64m", "--add-modules", "jdk.incubator.vector", "-jar"]


def bench(jar, cell, layers, hidden, threads, steps, sample_len):
    cmd = JAVA + [jar, "bench", "--cell", cell, "--layers", str(layers), "--hidden", str(hidden),
                  "--batch", "50", "--seq-len", "50", "--steps", str(steps), "--threads", str(threads),
                  "--sample-len", str(sample_len), "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--a", required=True, help="the jar before")
    p.add_argument("--b", required=True, help="the jar after")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--configs", default=",".join(CONFIGS), help="cell:layers:hidden,...")
    p.add_argument("--sample-len", type=int, default=5000)
    p.add_argument("--scale", type=float, default=1.0,
                   help="time this many times 1.5e11 flops per run (longer runs even out this VM's bursts)")
    args = p.parse_args()
    print("| model | threads | A train | B train | B/A | A sample | B sample | B/A |")
    print("|---|---|---|---|---|---|---|---|")
    for threads in [int(t) for t in args.threads.split(",")]:
        for config in args.configs.split(","):
            cell, layers, hidden = config.split(":")
            layers, hidden = int(layers), int(hidden)
            steps = max(5, min(int(300 * args.scale), int(args.scale * 1.5e11 / (50 * 50 * hidden * hidden * layers * 24))))
            runs = {"a": [], "b": []}
            for _ in range(args.repeats):
                for side in ("a", "b"):
                    jar = args.a if side == "a" else args.b
                    runs[side].append(bench(jar, cell, layers, hidden, threads, steps, args.sample_len))
                    print(f"{cell} {layers}x{hidden} threads {threads} {side}: "
                          f"{runs[side][-1]['train_chars_per_sec']:,.0f} train, "
                          f"{runs[side][-1]['sample_chars_per_sec']:,.0f} sample", file=sys.stderr, flush=True)
            med = {s: {k: statistics.median(r[k] for r in runs[s])
                       for k in ("train_chars_per_sec", "sample_chars_per_sec")} for s in runs}
            a, b = med["a"], med["b"]
            print(f"| {cell} {layers}x{hidden} | {threads} | {a['train_chars_per_sec']:,.0f} | "
                  f"{b['train_chars_per_sec']:,.0f} | {b['train_chars_per_sec'] / a['train_chars_per_sec']:.3f} | "
                  f"{a['sample_chars_per_sec']:,.0f} | {b['sample_chars_per_sec']:,.0f} | "
                  f"{b['sample_chars_per_sec'] / a['sample_chars_per_sec']:.3f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
