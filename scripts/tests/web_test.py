#!/usr/bin/env python3
"""Browser test of `rnn export --web`: the exported page, served by a local static server and run in
headless Chromium (driven over WebDriver's HTTP protocol through chromedriver), writes at
temperature 0 exactly the text `rnn sample --temperature 0` writes for the same seed.

    scripts/tests/web_test.py --checkpoint FILE [--screenshot PAGE.png]

Needs chromium and chromium-driver (Debian) and onnxruntime-web (scripts/fetch-onnxruntime-web.sh).
Standard library only."""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RNN = os.path.join(ROOT, "scripts", "rnn")
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-quic", "--disable-sync", "--no-first-run",
               "--window-size=1000,900"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def webdriver(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]


def page_text(driver, session, url, timeout=120):
    """Opens url and waits for #status to say done; returns (status, output)."""
    webdriver(driver, "POST", f"/session/{session}/url", {"url": url})
    deadline = time.time() + timeout
    while True:
        status, output = webdriver(driver, "POST", f"/session/{session}/execute/sync", {
            "script": "return [document.getElementById('status').textContent,"
                      " document.getElementById('output').textContent];", "args": []})
        if status == "done" or status.startswith("error"):
            return status, output
        if time.time() > deadline:
            return "timed out with status " + repr(status), output
        time.sleep(0.25)


def readme_js_example():
    """The ```js block of the README's 'From JavaScript' paragraph."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    after = readme[readme.index("**From JavaScript**"):]
    start = after.index("```js\n") + len("```js\n")
    return after[start:after.index("```", start)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--screenshot", help="save a PNG of the page after the last sample")
    ap.add_argument("--len", type=int, default=200)
    ap.add_argument("--no-astral", action="store_true", help="skip training the small astral-plane model")
    args = ap.parse_args()
    for tool in ("chromium", "chromedriver"):
        if shutil.which(tool) is None:
            sys.exit(f"web_test: {tool} is not installed (apt-get install chromium chromium-driver)")

    work = tempfile.mkdtemp(prefix="rnn-web-")
    procs = []
    failed = 0
    cases = []
    try:
        site = os.path.join(work, "site")
        subprocess.run([RNN, "export", "--checkpoint", args.checkpoint, "--web", site], check=True)
        cases = [(args.checkpoint, "", "ROMEO:"), (args.checkpoint, "", "First Citizen:\nWe are")]
        if not args.no_astral:
            # a vocabulary beyond the BMP (one code point = two UTF-16 units in JavaScript)
            corpus = os.path.join(work, "astral.txt")
            with open(corpus, "w", encoding="utf-8") as f:
                f.write("𝔸𝔹 😀 sun ☀ moon 🌙 中文 𠀀 éa\n" * 200)
            subprocess.run([RNN, "train", corpus, "--hidden", "24", "--layers", "1", "--cell", "gru", "--batch", "4",
                            "--seq-len", "16", "--max-steps", "60", "--eval-every", "60", "--sample-len", "0",
                            "--threads", "1", "--out", os.path.join(work, "astral-run"), "--quiet"], check=True)
            astral = os.path.join(work, "astral-run", "best.safetensors")
            subprocess.run([RNN, "export", "--checkpoint", astral, "--web", os.path.join(site, "astral")], check=True)
            cases.append((astral, "astral/", "𝔸𝔹 😀"))
        http_port, driver_port = free_port(), free_port()
        procs.append(subprocess.Popen([sys.executable, "-m", "http.server", str(http_port), "--bind", "127.0.0.1",
                                       "--directory", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(["chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        page = f"http://127.0.0.1:{http_port}/index.html"
        driver = f"http://127.0.0.1:{driver_port}"
        wait_for(page)
        wait_for(driver + "/status")
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": shutil.which("chromium"),
            "args": CHROME_ARGS + ["--user-data-dir=" + os.path.join(work, "profile")]}}}}
        session = webdriver(driver, "POST", "/session", caps)["sessionId"]
        try:
            for checkpoint, folder, seed in cases:
                expected = subprocess.run([RNN, "sample", "--checkpoint", checkpoint, "--temperature", "0",
                                           "--seed", seed, "--len", str(args.len), "--random-seed", "1"],
                                          check=True, capture_output=True, encoding="utf-8").stdout
                expected = expected[:-1]  # rnn sample ends the text with a newline
                query = urllib.parse.urlencode({"seed": seed, "len": args.len, "temperature": 0, "run": 1})
                status, text = page_text(driver, session, page.replace("index.html", folder + "index.html") + "?" + query)
                if status == "done" and text == expected:
                    print(f"web: seed {seed!r}: the page's {len(text)} characters equal rnn sample's")
                else:
                    failed += 1
                    print(f"web: seed {seed!r}: FAILED ({status})\n  page: {text!r}\n  rnn:  {expected!r}", file=sys.stderr)
            # top-k 1 leaves only the most likely character, whatever the temperature
            query = urllib.parse.urlencode({"seed": "ROMEO:", "len": args.len, "temperature": 1.5, "topk": 1,
                                            "randomseed": 7, "run": 1})
            status, text = page_text(driver, session, page + "?" + query)
            greedy = subprocess.run([RNN, "sample", "--checkpoint", args.checkpoint, "--temperature", "0",
                                     "--seed", "ROMEO:", "--len", str(args.len), "--random-seed", "1"],
                                    check=True, capture_output=True, encoding="utf-8").stdout[:-1]
            if status == "done" and text == greedy:
                print("web: top-k 1 at temperature 1.5 wrote the temperature-0 text")
            else:
                failed += 1
                print(f"web: top-k 1: FAILED ({status})\n  page: {text!r}\n  rnn:  {greedy!r}", file=sys.stderr)
            # the README's JavaScript lines, run in the exported page; they leave the text in `text`
            expected = subprocess.run([RNN, "sample", "--checkpoint", args.checkpoint, "--temperature", "0",
                                       "--seed", "ROMEO:", "--len", "200", "--random-seed", "1"],
                                      check=True, capture_output=True, encoding="utf-8").stdout[:-1]
            webdriver(driver, "POST", f"/session/{session}/url", {"url": page})
            webdriver(driver, "POST", f"/session/{session}/timeouts", {"script": 120000})
            text = webdriver(driver, "POST", f"/session/{session}/execute/async", {
                "script": "const done = arguments[arguments.length - 1]; (async () => {\n" + readme_js_example()
                          + "\nreturn text; })().then(done, (e) => done('error: ' + e.message));", "args": []})
            if text == expected:
                print(f"web: the README's JavaScript example wrote rnn sample's {len(text)} characters")
            else:
                failed += 1
                print(f"web: README JavaScript example: FAILED\n  page: {text!r}\n  rnn:  {expected!r}", file=sys.stderr)
            if args.screenshot:
                query = urllib.parse.urlencode({"seed": "ROMEO:", "len": 300, "temperature": 0.8, "run": 1})
                page_text(driver, session, page + "?" + query)
                import base64
                with open(args.screenshot, "wb") as f:
                    f.write(base64.b64decode(webdriver(driver, "GET", f"/session/{session}/screenshot")))
        finally:
            webdriver(driver, "DELETE", f"/session/{session}")
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"web: {len(cases) + 2 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
