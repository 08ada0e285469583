#!/usr/bin/env python3
"""Split a corpus for the quality sweep, by characters (code points), into OUTDIR:

  model.txt  the first 90 %: runs train on its first 8/9 and choose their best checkpoint on its
             last 1/9 (`rnn train --val-frac 0.111111`), i.e. the 10 % before the held-out part
  test.txt   the last 10 %, held out: only the final `rnn eval` of each best checkpoint reads it
  tune5.txt  the first half of test.txt: dynamic evaluation tunes its step size here
  test5.txt  the second half (the last 5 %): dynamic evaluation reports here

Characters of the held-out parts that model.txt never has are left out of them (and counted on
stderr): a model trained on model.txt has no id for them, and `rnn eval` refuses such a text.
Existing files with the same content are left alone (their modification times key the corpus
cache). Usage: split.py CORPUS OUTDIR
"""
import os
import sys


def write(path, text):
    data = text.encode("utf-8")
    if os.path.exists(path) and open(path, "rb").read() == data:
        return
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    text = open(sys.argv[1], encoding="utf-8").read()
    n = len(text)
    cut = n - n // 10
    half = cut + (n - cut) // 2
    os.makedirs(sys.argv[2], exist_ok=True)
    known = set(text[:cut])
    unseen = [c for c in text[cut:] if c not in known]
    if unseen:
        print(f"split.py: left {len(unseen)} characters ({len(set(unseen))} distinct) out of the held-out "
              f"10 %: model.txt never has them", file=sys.stderr)

    def held_out(part):
        return "".join(c for c in part if c in known) if unseen else part

    for name, part in (("model.txt", text[:cut]), ("test.txt", held_out(text[cut:])),
                       ("tune5.txt", held_out(text[cut:half])), ("test5.txt", held_out(text[half:]))):
        write(os.path.join(sys.argv[2], name), part)


if __name__ == "__main__":
    main()
