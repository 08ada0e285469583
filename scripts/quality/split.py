#!/usr/bin/env python3
"""Split a corpus for the quality sweep, by characters (code points), into OUTDIR:

  model.txt  the first 90 %: runs train on its first 8/9 and choose their best checkpoint on its
             last 1/9 (`rnn train --val-frac 0.111111`), i.e. the 10 % before the held-out part
  test.txt   the last 10 %, held out: only the final `rnn eval` of each best checkpoint reads it
  tune5.txt  the first half of test.txt: dynamic evaluation tunes its step size here
  test5.txt  the second half (the last 5 %): dynamic evaluation reports here

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
    for name, part in (("model.txt", text[:cut]), ("test.txt", text[cut:]),
                       ("tune5.txt", text[cut:half]), ("test5.txt", text[half:])):
        write(os.path.join(sys.argv[2], name), part)


if __name__ == "__main__":
    main()
