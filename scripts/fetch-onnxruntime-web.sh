#!/usr/bin/env bash
# Fetches onnxruntime-web (the pinned version that `rnn export --web` is tested with) from the npm
# registry with `npm pack`, and keeps the files the exported page needs, with the package's licence:
#   scripts/fetch-onnxruntime-web.sh [DIR]
# DIR defaults to $RNN_ORT_WEB, else ~/.cache/rnn/onnxruntime-web-VERSION, where `rnn export --web`
# looks. Not part of the Maven build: building rnn needs only a JDK and Maven.
set -euo pipefail
version=1.23.2   # keep equal to WebPage.ORT_WEB_VERSION
dest="${1:-${RNN_ORT_WEB:-$HOME/.cache/rnn/onnxruntime-web-$version}}"
files=(ort.wasm.min.js ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm)

if [[ -f $dest/ort-wasm-simd-threaded.wasm && -f $dest/LICENSE && -f $dest/package.json ]] \
   && grep -q "\"version\": \"$version\"" "$dest/package.json"; then
  echo "onnxruntime-web $version is already in $dest"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-onnxruntime-web: npm is not installed (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-web@$version" >/dev/null)
tar -xzf "$work/onnxruntime-web-$version.tgz" -C "$work"
grep -q "\"version\": \"$version\"" "$work/package/package.json" \
  || { echo "fetch-onnxruntime-web: npm pack did not give version $version" >&2; exit 1; }
grep -q '"license": "MIT"' "$work/package/package.json" \
  || { echo "fetch-onnxruntime-web: the package's licence is no longer MIT; review it before use" >&2; exit 1; }

stage="$work/stage"
mkdir -p "$stage"
for f in "${files[@]}"; do cp "$work/package/dist/$f" "$stage/"; done
cp "$work/package/package.json" "$stage/"
# The npm package declares "license": "MIT" and its files carry the notice, but ships no LICENSE
# file; this is ONNX Runtime's LICENSE (MIT, Copyright (c) Microsoft Corporation).
cat > "$stage/LICENSE" <<'LICENSE'
MIT License

Copyright (c) Microsoft Corporation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$stage" "$dest"
echo "onnxruntime-web $version -> $dest"
