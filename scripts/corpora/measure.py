#!/usr/bin/env python3
"""The README's table of training on a large multilingual corpus: speed, validation cost and
bits per character of every character as its own id, of --max-vocab 512 and of --units bytes.

Each configuration trains `rnn train CORPUS --max-time BUDGET` (LSTM 2x256, the defaults
otherwise) in OUTDIR/run-NAME, one after the other. From each run it reads the median training
speed (metrics.csv), the seconds of its validation passes (the log), and its peak RSS
(/usr/bin/time); then `rnn eval` scores the run's last checkpoint on OUTDIR/heldout.txt, 50,000
characters taken from ten evenly spaced places of the corpus's validation split (its last 10 %),
which no run trained on. The validation share is what a default run (--eval-every 500 steps of
32 x 64 characters) would spend validating at the measured speeds.

  scripts/corpora/build-multilingual.py multi.txt 60
  scripts/corpora/measure.py multi.txt /tmp/measure [--budget 150s] [--only full,vocab512,bytes]

Run it on an otherwise idle machine: the speeds are the point.
"""
import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RNN = os.path.join(ROOT, "scripts", "rnn")
CONFIGS = {"full": [], "vocab512": ["--max-vocab", "512"], "bytes": ["--units", "bytes"]}
DEFAULT_EVAL_CHARS = 500 * 32 * 64


def heldout(corpus, path, chars=50_000, places=10):
    text = open(corpus, encoding="utf-8").read()
    tail = text[len(text) - len(text) // 10:]
    each = chars // places
    step = (len(tail) - each) // (places - 1)
    sample = "".join(tail[i * step:i * step + each] for i in range(places))
    with open(path, "w", encoding="utf-8") as f:
        f.write(sample)


def run(name, corpus, outdir, budget):
    run_dir = os.path.join(outdir, "run-" + name)
    log = run_dir + ".log"
    if not os.path.exists(os.path.join(run_dir, "last.safetensors")):
        cmd = ["/usr/bin/time", "-v", "-o", run_dir + ".time", RNN, "train", corpus, "--out", run_dir,
               "--max-time", budget, "--eval-every", "100", "--sample-len", "0", "--quiet", *CONFIGS[name]]
        with open(log, "w") as f:
            subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.STDOUT)
    rows = list(csv.DictReader(open(os.path.join(run_dir, "metrics.csv"))))
    speed = statistics.median(float(r["chars_per_sec"]) for r in rows[len(rows) // 4:])
    val_secs = [float(s) for s in re.findall(r"validation .* in ([0-9.]+) s", open(log).read())]
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(run_dir + ".time").read()).group(1))
    out = subprocess.run([RNN, "eval", "--checkpoint", os.path.join(run_dir, "last.safetensors"),
                          os.path.join(outdir, "heldout.txt"), "--json", "--threads", "2"],
                         check=True, capture_output=True, text=True).stdout
    score = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    info = subprocess.run([RNN, "info", os.path.join(run_dir, "last.safetensors")],
                          check=True, capture_output=True, text=True).stdout
    return {"name": name, "speed": speed, "steps": int(rows[-1]["step"]), "val": val_secs, "rss": rss,
            "score": score, "info": info}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus")
    p.add_argument("outdir")
    p.add_argument("--budget", default="150s")
    p.add_argument("--only", default=",".join(CONFIGS))
    args = p.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    heldout(args.corpus, os.path.join(args.outdir, "heldout.txt"))
    results = [run(name, args.corpus, args.outdir, args.budget) for name in args.only.split(",")]
    base = results[0]["speed"]
    print("| run | vocabulary | training speed | steps | validation pass | validation share at --eval-every 500 "
          "| bits/char on heldout.txt | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        vocab = re.search(r"vocabulary +([^\n(]*)", r["info"])
        val = statistics.median(r["val"]) if r["val"] else float("nan")
        share = val / (val + DEFAULT_EVAL_CHARS / r["speed"])
        s = r["score"]
        unit = "bytes" if r["name"] == "bytes" else "chars"
        bpc = s["bits_per_char"]
        extra = f" ({s['unknown_chars']:,} unknown)" if s.get("unknown_chars") else ""
        print(f"| {r['name']} | {vocab.group(1).strip() if vocab else ''} | {r['speed']:,.0f} {unit}/s "
              f"({r['speed'] / base:.1f}x) | {r['steps']} | {val:.1f} s | {100 * share:.1f} % | {bpc:.3f}{extra} "
              f"| {r['rss'] / 1e6:.2f} GB |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
