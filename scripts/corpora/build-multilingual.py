#!/usr/bin/python3
"""Builds a multilingual UTF-8 corpus of tens of MB from what a Debian machine ships, in a stable
order (sorted paths), so the same packages give the same file:
  1. the translated messages of every program (/usr/share/locale/*/LC_MESSAGES/*.mo, read with
     Python's gettext; ~100 languages, Chinese, Japanese and Korean among them), at most
     PER_LANGUAGE_MB of each language;
  2. every manual page, translations first (/usr/share/man/<lang>/), then English, decompressed;
  3. documentation under /usr/share/doc (changelogs, READMEs, copyright files), until MAX_MB.
A piece that is not valid UTF-8 is left out.
  scripts/corpora/build-multilingual.py OUT.txt [MAX_MB]     (default 60)
"""
import gettext
import gzip
import os
import sys

PER_LANGUAGE_MB = 0.4


def files(root, keep):
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            if keep(p) and os.path.isfile(p):
                yield p


def text(path):
    try:
        raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return None


def main(out, max_mb=60):
    limit = max_mb * 1000 * 1000
    size = 0
    with open(out, "w", encoding="utf-8") as o:
        def put(t):
            nonlocal size
            b = len(t.encode("utf-8")) + 1
            if size + b > limit:
                return False
            o.write(t + "\n")
            size += b
            return True

        per_language = {}
        for p in files("/usr/share/locale", lambda p: p.endswith(".mo")):
            lang = os.path.relpath(p, "/usr/share/locale").split(os.sep)[0]
            if per_language.get(lang, 0) > PER_LANGUAGE_MB * 1000 * 1000:
                continue
            try:
                with open(p, "rb") as f:
                    catalog = gettext.GNUTranslations(f)._catalog
            except Exception:
                continue
            msgs = [v for k, v in sorted(catalog.items(), key=lambda kv: str(kv[0])) if k and isinstance(v, str)]
            if msgs:
                t = "\n".join(msgs)
                if not put(t):
                    break
                per_language[lang] = per_language.get(lang, 0) + len(t.encode("utf-8"))
        langs = sorted(d for d in os.listdir("/usr/share/man") if not d.startswith("man"))
        for root in [os.path.join("/usr/share/man", l) for l in langs] + ["/usr/share/man"]:
            skip_lang = root == "/usr/share/man"
            for p in files(root, lambda p: not (skip_lang and os.path.relpath(p, root).split(os.sep)[0] in langs)):
                t = text(p)
                if t is not None and not put(t):
                    break
        for p in files("/usr/share/doc", lambda p: p.endswith((".gz", "copyright", ".txt", ".md")) or "README" in p):
            t = text(p)
            if t is not None and not put(t):
                break
    with open(out, encoding="utf-8") as f:
        distinct = len(set(f.read()))
    print("%s: %d bytes, %d distinct code points" % (out, os.path.getsize(out), distinct))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60)
