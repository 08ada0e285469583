#!/usr/bin/env python3
"""Side-by-side speed of `rnn bench` and a PyTorch reference trainer on this machine.

For each configuration and thread count, runs the two programs alternately --repeats times and
prints the medians and their ratio, plus OpenBLAS sgemm's GFLOP/s measured in the same sitting
(numpy) and the peak RSS of rnn's largest configuration. The reference is any script that takes
charrnn-style flags (--cell --layers --hidden --batch --seq --steps --threads --eval-chars
--sample-len) and prints one JSON line with train_chars_per_sec and sample_chars_per_sec.

  scripts/bench_vs_pytorch.py --reference PATH/charrnn.py [--repeats 3] [--threads 1,2]

Run it on an otherwise idle machine. Debian's OpenBLAS needs OPENBLAS_CORETYPE=SkylakeX on
recent Xeons to use its fast kernels; this script sets it.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = ["lstm:1:128", "lstm:2:128", "lstm:2:256", "gru:2:256", "lstm:2:512"]


def run_json(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def rnn(cell, layers, hidden, threads, steps, sample_len):
    cmd = [os.path.join(ROOT, "scripts", "rnn"), "bench", "--cell", cell, "--layers", str(layers),
           "--hidden", str(hidden), "--batch", "50", "--seq-len", "50", "--steps", str(steps),
           "--threads", str(threads), "--sample-len", str(sample_len), "--json"]
    return run_json(cmd)


def torch(reference, cell, layers, hidden, threads, steps, sample_len):
    env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX")
    cmd = ["/usr/bin/python3", reference, "--cell", cell, "--layers", str(layers), "--hidden", str(hidden),
           "--batch", "50", "--seq", "50", "--steps", str(steps), "--threads", str(threads),
           "--eval-chars", "0", "--sample-len", str(sample_len)]
    result = run_json(cmd, env)
    # Without OpenBLAS PyTorch falls back to the reference BLAS, ~8x slower: a void comparison.
    libs = result.get("blas", {}).get("libs", [])
    if not any("openblas" in lib for lib in libs):
        sys.exit(f"bench_vs_pytorch: PyTorch loaded {libs or 'no BLAS it names'}, not OpenBLAS; "
                 "install it (apt-get install libopenblas0-pthread) and run again")
    return result


def sgemm_gflops(threads):
    code = ("import numpy as np, time\n"
            "a = np.random.rand(2500, 512).astype(np.float32); b = np.random.rand(512, 2048).astype(np.float32)\n"
            "for _ in range(3): a @ b\n"
            "best = min((lambda t0: (a @ b, time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(20))\n"
            "print(2 * 2500 * 512 * 2048 / best / 1e9)\n")
    env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX", OPENBLAS_NUM_THREADS=str(threads))
    return float(subprocess.run(["/usr/bin/python3", "-c", code], check=True, capture_output=True, text=True,
                                env=env).stdout)


def peak_rss_mb(cell, layers, hidden, threads):
    cmd = ["/usr/bin/time", "-v", os.path.join(ROOT, "scripts", "rnn"), "bench", "--cell", cell, "--layers",
           str(layers), "--hidden", str(hidden), "--batch", "50", "--seq-len", "50", "--steps", "10",
           "--threads", str(threads), "--sample-len", "0"]
    err = subprocess.run(cmd, check=True, capture_output=True, text=True).stderr
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", required=True, help="the PyTorch reference trainer (charrnn.py)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--configs", default=",".join(CONFIGS), help="cell:layers:hidden,...")
    ap.add_argument("--sample-len", type=int, default=2000)
    args = ap.parse_args()
    subprocess.run([os.path.join(ROOT, "scripts", "rnn"), "--version"], check=True, capture_output=True)
    rows = []
    for threads in [int(t) for t in args.threads.split(",")]:
        for spec in args.configs.split(","):
            cell, layers, hidden = spec.split(":")
            layers, hidden = int(layers), int(hidden)
            # about 1.5e11 flops of timed training per run (2-6 s for either program here): 5
            # steps of a small model are 0.1 s, too short to time on a shared machine
            steps = max(5, min(300, int(1.5e11 / (50 * 50 * hidden * hidden * layers * 24))))
            sample_len = args.sample_len if cell == "lstm" and layers == 2 and hidden in (128, 512) else 0
            ours, theirs = [], []
            for _ in range(args.repeats):
                ours.append(rnn(cell, layers, hidden, threads, steps, sample_len))
                theirs.append(torch(args.reference, cell, layers, hidden, threads, steps, sample_len))
            med = lambda runs, key: statistics.median(r[key] for r in runs) if runs and runs[0].get(key) else float("nan")
            row = {"model": f"{cell} {layers}x{hidden}", "threads": threads, "steps": steps,
                   "rnn_train": med(ours, "train_chars_per_sec"), "torch_train": med(theirs, "train_chars_per_sec"),
                   "rnn_gflops": med(ours, "gflops")}
            if sample_len:
                row["rnn_sample"] = med(ours, "sample_chars_per_sec")
                row["torch_sample"] = med(theirs, "sample_chars_per_sec")
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        sgemm = statistics.median(sgemm_gflops(threads) for _ in range(3))
        rows.append({"sgemm_threads": threads, "openblas_sgemm_gflops": sgemm})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    rss = peak_rss_mb("lstm", 2, 512, max(int(t) for t in args.threads.split(",")))
    print(f"\nmedians of {args.repeats} alternating runs, N=50, T=50, {time.strftime('%Y-%m-%d')}\n")
    print("| model | threads | rnn train chars/s | PyTorch train chars/s | ratio | rnn sample chars/s | PyTorch sample chars/s | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "model" not in r:
            continue
        s = (f"{r['rnn_sample']:.0f} | {r['torch_sample']:.0f} | {r['rnn_sample'] / r['torch_sample']:.2f}x"
             if "rnn_sample" in r else " | | ")
        print(f"| {r['model']} | {r['threads']} | {r['rnn_train']:.0f} | {r['torch_train']:.0f} | "
              f"{r['rnn_train'] / r['torch_train']:.2f}x | {s} |")
    print()
    for r in rows:
        if "sgemm_threads" in r:
            big = [x for x in rows if x.get("model") == "lstm 2x512" and x["threads"] == r["sgemm_threads"]]
            share = f"; rnn's whole 2x512 training step: {big[0]['rnn_gflops']:.1f} GFLOP/s = " \
                    f"{100 * big[0]['rnn_gflops'] / r['openblas_sgemm_gflops']:.0f}%" if big else ""
            print(f"- OpenBLAS sgemm (2500x512 . 512x2048), {r['sgemm_threads']} thread(s): "
                  f"{r['openblas_sgemm_gflops']:.1f} GFLOP/s{share}")
    print(f"- peak RSS of rnn training lstm 2x512: {rss:.0f} MB")


if __name__ == "__main__":
    main()
