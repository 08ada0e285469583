#!/usr/bin/python3
"""Load an rnn checkpoint into PyTorch, or write a PyTorch model as an rnn checkpoint.

  pytorch_interop.py score CHECKPOINT TEXTFILE   mean cross-entropy of TEXTFILE (one stream from a
                                                 zero state, as `rnn eval`), one JSON line
  pytorch_interop.py export OUT TEXTFILE CELL [NONLINEARITY]
                                                 a randomly initialised PyTorch model over TEXTFILE's
                                                 characters, saved in rnn's checkpoint layout; CELL
                                                 lstm-ln or gru-ln for a --layer-norm model (ln_rnn.py)

Needs only torch (Debian: apt-get install python3-torch). The load code is the README's recipe.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ln_rnn import LayerNormRNN  # noqa: E402  the --layer-norm cells (metadata layer_norm = "true")


def load_checkpoint(path):
    """(tensors, metadata) of a safetensors file; tensors as float32 torch tensors."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        if info["dtype"] == "F32":
            b, e = info["data_offsets"]
            tensors[name] = torch.frombuffer(bytearray(data[b:e]), dtype=torch.float32).reshape(info["shape"])
    return tensors, meta


def build_model(tensors, meta):
    """torch.nn.LSTM/GRU/RNN (or ln_rnn.LayerNormRNN with layer_norm) + Linear with the checkpoint's weights, and the vocabulary."""
    vocab = json.loads(meta["vocab"])
    V, H, L = len(vocab), int(meta["hidden_size"]), int(meta["num_layers"])
    if meta.get("layer_norm") == "true":
        rnn = LayerNormRNN(meta["cell"], V, H, L)
    else:
        cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[meta["cell"]]
        kw = {"nonlinearity": meta.get("nonlinearity", "tanh")} if meta["cell"] == "rnn" else {}
        rnn = cls(V, H, L, batch_first=True, **kw)
    decoder = nn.Linear(H, V)
    rnn.load_state_dict({k[len("rnn."):]: v for k, v in tensors.items() if k.startswith("rnn.")})
    decoder.load_state_dict({k[len("decoder."):]: v for k, v in tensors.items() if k.startswith("decoder.")})
    return rnn, decoder, vocab


@torch.no_grad()
def score(path, text_path):
    rnn, decoder, vocab = build_model(*load_checkpoint(path))
    meta = load_checkpoint(path)[1]
    stoi = {c: i for i, c in enumerate(vocab)}
    text = open(text_path, encoding="utf-8").read()
    if meta.get("units") == "bytes":  # a byte-level model: the vocabulary is byte values
        data = text.encode("utf-8")
        ids = torch.tensor([stoi[b] for b in data])
        out, _ = rnn(F.one_hot(ids[:-1], len(vocab)).float().unsqueeze(0))
        total = F.cross_entropy(decoder(out)[0].double(), ids[1:], reduction="sum").item()
        chars = len(text) - 1
        print(json.dumps({"bytes": len(data) - 1, "nats_per_byte": total / (len(data) - 1),
                          "bits_per_byte": total / (len(data) - 1) / math.log(2), "chars": chars,
                          "nats_per_char": total / chars, "bits_per_char": total / chars / math.log(2)}))
        return
    unk = int(meta["unk_id"]) if "unk_id" in meta else None  # U+FFFD, standing for every other character
    ids = torch.tensor([stoi[c] if unk is None else stoi.get(c, unk) for c in text])
    x = F.one_hot(ids[:-1], len(vocab)).float().unsqueeze(0)  # (1, n-1, V)
    out, _ = rnn(x)
    total = F.cross_entropy(decoder(out)[0].double(), ids[1:], reduction="sum").item()
    unknown = [c for c in text[1:] if c not in stoi or (unk is not None and stoi[c] == unk)]
    if unknown:
        # an unknown character also costs -log q(c): its share of the unknown characters in training,
        # with 1/(n+1) left for the Unicode scalar values never seen there
        counts = {chr(cp): k for cp, k in json.loads(meta.get("unk_counts", "[]"))}
        n, scalars = sum(counts.values()), 0x110000 - 0x800
        unseen = scalars - len(counts) - (len(vocab) - 1)
        total += sum(-math.log(counts[c] / (n + 1)) if c in counts else math.log(n + 1) + math.log(unseen)
                     for c in unknown)
    loss = total / (len(text) - 1)
    print(json.dumps({"chars": len(text) - 1, "nats_per_char": loss, "bits_per_char": loss / math.log(2),
                      "unknown_chars": len(unknown)}))


def save_checkpoint(path, tensors, meta):
    """Writes tensors (name -> float32 tensor) and string metadata in the safetensors layout."""
    header, blobs, offset = {"__metadata__": meta}, [], 0
    for name in sorted(tensors):
        raw = tensors[name].detach().float().contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, ensure_ascii=False).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def export(out, text_path, cell, nonlinearity="tanh"):
    torch.manual_seed(3)
    vocab = sorted(set(open(text_path, encoding="utf-8").read()))
    V, H, L = len(vocab), 24, 2
    layer_norm = cell.endswith("-ln")
    cell = cell.removesuffix("-ln")
    if layer_norm:
        rnn = LayerNormRNN(cell, V, H, L)
        rnn.reset_parameters()
        with torch.no_grad():  # gains and biases away from 1 and 0, so a mix-up of names shows
            for name, p in rnn.named_parameters():
                if name.startswith("ln_"):
                    p.add_(torch.empty_like(p).uniform_(-0.3, 0.3))
    else:
        cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        kw = {"nonlinearity": nonlinearity} if cell == "rnn" else {}
        rnn = cls(V, H, L, batch_first=True, **kw)
    decoder = nn.Linear(H, V)
    tensors = {"rnn." + k: v for k, v in rnn.state_dict().items()}
    tensors.update({"decoder." + k: v for k, v in decoder.state_dict().items()})
    meta = {"vocab": json.dumps(vocab, ensure_ascii=False), "cell": cell, "hidden_size": str(H), "num_layers": str(L)}
    if cell == "rnn":
        meta["nonlinearity"] = nonlinearity
    if layer_norm:
        meta["layer_norm"] = "true"
    save_checkpoint(out, tensors, meta)


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "export":
        export(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
