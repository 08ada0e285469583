#!/usr/bin/python3
"""Builds a source-code corpus from the Python standard library a Debian machine ships
(/usr/lib/python3.X, the newest found; its test suites, idlelib and lib2to3 left out), in a
stable order (sorted paths), so the same python3 package gives the same file. Each file is
preceded by a line "# file: RELATIVE/PATH.py". Files that are not valid UTF-8 are left out.
This is the quality sweep's second corpus, of another kind than tinyshakespeare.
  scripts/corpora/build-source.py OUT.txt [MAX_MB]     (default 5; the stdlib holds ~13 MB)
"""
import glob
import os
import re
import sys

SKIP = {"test", "tests", "idlelib", "lib2to3", "site-packages", "dist-packages", "__pycache__"}


def stdlib():
    found = sorted(glob.glob("/usr/lib/python3.[0-9]*"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    if not found:
        sys.exit("build-source.py: error: no /usr/lib/python3.X here; install python3 (apt-get install python3)")
    return found[-1]


def main(out, max_mb=5.0):
    root = stdlib()
    limit = int(max_mb * 1000 * 1000)
    size = 0
    with open(out, "w", encoding="utf-8", newline="\n") as o:
        for d, dirs, names in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x not in SKIP)
            for n in sorted(names):
                if not n.endswith(".py"):
                    continue
                p = os.path.join(d, n)
                try:
                    body = open(p, "rb").read().decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                piece = "# file: %s\n%s%s" % (os.path.relpath(p, root), body, "" if body.endswith("\n") else "\n")
                n_bytes = len(piece.encode("utf-8"))
                if size + n_bytes > limit:
                    print("%s: %d bytes from %s" % (out, size, root))
                    return
                o.write(piece)
                size += n_bytes
    print("%s: %d bytes from %s (all of it)" % (out, size, root))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) == 3 else 5.0)
