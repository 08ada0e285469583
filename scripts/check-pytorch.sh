#!/usr/bin/env bash
# Checks that rnn checkpoints and PyTorch agree, both ways, for every cell type (and --layer-norm):
#  1. a checkpoint written by `rnn train` loads into torch.nn.LSTM/GRU/RNN (or scripts/ln_rnn.py's
#     LayerNormRNN) + Linear (the README's recipe) and PyTorch's loss on a text equals `rnn eval`'s to 1e-4 relative;
#  2. a model made by PyTorch and saved in the same layout is scored by `rnn eval` to the same precision.
# Needs Debian's python3-torch (apt-get install python3-torch). Without it: exits 0 with a note, or
# fails when CI=true (.ci/run installs it, so the check runs on every CI run instead of skipping).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
py=/usr/bin/python3
if ! "$py" -c "import torch" 2>/dev/null; then
  if [[ ${CI:-} == true ]]; then
    echo "check-pytorch: error: torch is not installed for $py and CI=true: install it (apt-get install python3-torch)" >&2
    exit 1
  fi
  echo "check-pytorch: torch is not installed (apt-get install python3-torch); nothing checked"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -c 20000 "$root/corpora/tinyshakespeare.txt" > "$work/train.txt"
"$py" -c "import sys; t = open(sys.argv[1], encoding=\"utf-8\").read(); open(sys.argv[2], \"w\", encoding=\"utf-8\").write(t[10000:14000])" "$work/train.txt" "$work/score.txt"
passed=0
failed=0
compare() { # label, rnn json, torch json
  if "$py" - "$2" "$3" <<'PY'
import json, sys
a, b = (json.loads(open(p).read().strip().splitlines()[-1]) for p in sys.argv[1:3])
rel = abs(a["nats_per_char"] - b["nats_per_char"]) / max(abs(a["nats_per_char"]), abs(b["nats_per_char"]))
print("  rnn %.8f  torch %.8f  relative difference %.2e" % (a["nats_per_char"], b["nats_per_char"], rel))
sys.exit(0 if rel <= 1e-4 and a["chars"] == b["chars"] else 1)
PY
  then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}
for spec in "lstm tanh" "gru tanh" "rnn tanh" "rnn relu" "lstm tanh ln" "gru tanh ln"; do
  read -r cell act ln <<<"$spec"
  layer_norm=false; [[ -n ${ln:-} ]] && layer_norm=true
  run="$work/$cell-$act${ln:+-ln}"
  "$root/scripts/rnn" train "$work/train.txt" --cell "$cell" --activation "$act" --hidden 32 --layers 2 \
    --layer-norm="$layer_norm" \
    --batch 8 --seq-len 32 --max-steps 30 --eval-every 30 --sample-len 0 --out "$run" --quiet 2>/dev/null
  "$root/scripts/rnn" eval --checkpoint "$run/last.safetensors" "$work/score.txt" --json > "$run/rnn.json"
  "$py" "$root/scripts/pytorch_interop.py" score "$run/last.safetensors" "$work/score.txt" > "$run/torch.json"
  compare "rnn train $cell/$act${ln:+ --layer-norm} -> PyTorch" "$run/rnn.json" "$run/torch.json"

  "$py" "$root/scripts/pytorch_interop.py" export "$run/torch-made.safetensors" "$work/train.txt" "$cell${ln:+-ln}" "$act"
  "$root/scripts/rnn" eval --checkpoint "$run/torch-made.safetensors" "$work/score.txt" --json > "$run/rnn2.json"
  "$py" "$root/scripts/pytorch_interop.py" score "$run/torch-made.safetensors" "$work/score.txt" > "$run/torch2.json"
  compare "PyTorch-made $cell/$act${ln:+ --layer-norm} -> rnn eval" "$run/rnn2.json" "$run/torch2.json"
done
# a vocabulary of 20 (19 characters and the unknown entry U+FFFD): PyTorch maps the rest to unk_id
# and charges each -log q(c) from the checkpoint's unk_counts, as rnn eval does
run="$work/max-vocab"
"$root/scripts/rnn" train "$work/train.txt" --max-vocab 20 --hidden 32 --layers 2 --batch 8 --seq-len 32 \
  --max-steps 30 --eval-every 30 --sample-len 0 --out "$run" --quiet 2>/dev/null
"$root/scripts/rnn" eval --checkpoint "$run/last.safetensors" "$work/score.txt" --json > "$run/rnn.json"
"$py" "$root/scripts/pytorch_interop.py" score "$run/last.safetensors" "$work/score.txt" > "$run/torch.json"
compare "rnn train --max-vocab 20 -> PyTorch" "$run/rnn.json" "$run/torch.json"
# a byte-level model: its vocabulary is byte values ("units": "bytes")
run="$work/bytes"
"$root/scripts/rnn" train "$work/train.txt" --units bytes --hidden 32 --layers 2 --batch 8 --seq-len 32 \
  --max-steps 30 --eval-every 30 --sample-len 0 --out "$run" --quiet 2>/dev/null
"$root/scripts/rnn" eval --checkpoint "$run/last.safetensors" "$work/score.txt" --json > "$run/rnn.json"
"$py" "$root/scripts/pytorch_interop.py" score "$run/last.safetensors" "$work/score.txt" > "$run/torch.json"
compare "rnn train --units bytes -> PyTorch" "$run/rnn.json" "$run/torch.json"
echo "check-pytorch: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
