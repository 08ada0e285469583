#!/usr/bin/env python3
"""The issue-13 goals, measured: batched sampling and rnn serve's latency and endurance.

  scripts/bench_modeluse.py samples [--checkpoint FILE] [--repeats 3]
      rnn sample --num-samples 32 against one sample at batch 1 (LSTM 2x256): characters per
      second of each, medians, and the ratio (goal: >= 3x).

  scripts/bench_modeluse.py latency [--checkpoint FILE] [--requests 200]
      a warm rnn serve; time from sending POST /api/sample (200-character seed) to its first
      sampled character, p50 and p95 (goal: p95 <= 50 ms).

  scripts/bench_modeluse.py endurance [--checkpoint FILE] [--clients 32] [--minutes 5]
      32 clients streaming at once for 5 minutes: errors (goal: 0), every client's first text
      against rnn sample with the same random seed (goal: all equal), and the server's heap after
      a full GC at the start and at the end (goal: no growth).

Without --checkpoint, an untrained LSTM 2x256 over tinyshakespeare's vocabulary is made first
(rnn train for one step; speed does not depend on the weights). Run on an otherwise idle machine.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RNN = [os.path.join(ROOT, "scripts", "rnn")]
SEED = ("First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n"
        "First Citizen:\nYou are all resolved rather to die than to famish?\n\nAll:\nResolved. resolved.\n\n"
        "First Citizen:\nFirst, you know Caius Marcius is chief enemy to the people.\n")[:200]


def checkpoint(args, tmp):
    if args.checkpoint:
        return args.checkpoint
    out = os.path.join(tmp, "run")
    subprocess.run(RNN + ["train", os.path.join(ROOT, "corpora", "tinyshakespeare.txt"), "--layers", "2",
                          "--hidden", "256", "--max-steps", "1", "--eval-every", "1000", "--sample-len", "0",
                          "--out", out, "--quiet"], check=True)
    return os.path.join(out, "last.safetensors")


def samples(args, ckpt):
    def rate(n, length):
        t = time.perf_counter()
        subprocess.run(RNN + ["sample", "--checkpoint", ckpt, "--seed", "A", "--len", str(length),
                              "--num-samples", str(n), "--random-seed", "1"], check=True, stdout=subprocess.DEVNULL)
        return n * length / (time.perf_counter() - t)
    single = [rate(1, args.len) for _ in range(args.repeats)]
    batch = [rate(32, args.len // 4) for _ in range(args.repeats)]
    s, b = statistics.median(single), statistics.median(batch)
    print(f"batch 1:  {s:,.0f} chars/s (median of {args.repeats}, --len {args.len}, JVM start included)")
    print(f"batch 32: {b:,.0f} chars/s (median of {args.repeats}, --len {args.len // 4} x 32)")
    print(f"ratio: {b / s:.2f}x (goal >= 3x)")


def start_server(ckpt, extra=()):
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    p = subprocess.Popen(RNN + ["serve", "--checkpoint", ckpt, "--port", "0", *extra], stderr=log, stdout=log)
    deadline = time.time() + 120
    while time.time() < deadline:
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", open(log.name).read())
        if m:
            return p, int(m.group(1))
        if p.poll() is not None:
            sys.exit("rnn serve ended: " + open(log.name).read())
        time.sleep(0.05)
    sys.exit("rnn serve did not start")


def stream(port, body, on_first=None):
    """POST /api/sample; returns the generated text. on_first(t) gets the time of the first character."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/api/sample", json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse()
    if r.status != 200:
        raise RuntimeError(f"HTTP {r.status}: {r.read()[:200]!r}")
    text, event = [], "message"
    while True:
        line = r.readline()
        if not line:
            break
        line = line.decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            if event == "message":
                if on_first and not text:
                    on_first(time.perf_counter())
                text.append(json.loads(line[6:])["text"])
        elif line == "":
            if event == "done":
                break
            event = "message"
    c.close()
    return "".join(text)


def latency(args, ckpt):
    p, port = start_server(ckpt)
    try:
        for i in range(50):  # warm-up: the JIT compiles the kernels
            stream(port, {"seed": SEED, "len": 20, "random_seed": i})
        times = []
        for i in range(args.requests):
            t0 = time.perf_counter()
            first = []
            stream(port, {"seed": SEED, "len": 5, "random_seed": i}, first.append)
            times.append((first[0] - t0) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"first character after the request: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"
              f" over {len(times)} requests (goal: p95 <= 50 ms)")
    finally:
        p.terminate()
        p.wait()


def heap_used_kb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    return sum(int(k) for k in re.findall(r"used (\d+)K", out.split("Metaspace")[0]))


def java_pid(launcher):
    # scripts/rnn execs java, so the launcher's pid is the JVM's
    return launcher.pid


def endurance(args, ckpt):
    length = 300
    expected = {}
    for i in range(args.clients):
        out = subprocess.run(RNN + ["sample", "--checkpoint", ckpt, "--seed", SEED, "--len", str(length),
                                    "--temperature", "0.9", "--random-seed", str(1000 + i)],
                             check=True, capture_output=True, text=True).stdout
        expected[i] = out[len(SEED):-1]
    p, port = start_server(ckpt, ["--max-generations", str(args.clients)])
    errors, mismatches, done = [], [], [0]
    lock = threading.Lock()
    try:
        for i in range(20):
            stream(port, {"seed": SEED, "len": 50, "random_seed": i})
        before = heap_used_kb(java_pid(p))
        stop = time.time() + args.minutes * 60

        def client(i):
            n = 0
            while time.time() < stop:
                seed = 1000 + i if n == 0 else 10_000 + i * 100_000 + n
                try:
                    text = stream(port, {"seed": SEED, "len": length, "temperature": 0.9, "random_seed": seed})
                    if n == 0 and text != expected[i]:
                        with lock:
                            mismatches.append(i)
                    with lock:
                        done[0] += 1
                except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                    with lock:
                        errors.append(f"client {i}: {e}")
                n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = heap_used_kb(java_pid(p))
        print(f"{args.clients} clients x {args.minutes} min: {done[0]} streams of {length} characters,"
              f" {len(errors)} errors, {len(mismatches)} texts unlike rnn sample's")
        for e in errors[:5]:
            print("  " + e)
        print(f"heap used after a full GC: {before / 1024:.1f} MB at the start, {after / 1024:.1f} MB at the end")
    finally:
        p.terminate()
        p.wait()
    if errors or mismatches:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["samples", "latency", "endurance"])
    ap.add_argument("--checkpoint")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--len", type=int, default=20000, help="samples: characters of the batch-1 run")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--minutes", type=float, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = checkpoint(args, tmp)
        {"samples": samples, "latency": latency, "endurance": endurance}[args.what](args, ckpt)


if __name__ == "__main__":
    main()
