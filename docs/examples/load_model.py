#!/usr/bin/env python3
"""Run a RASP model file (safetensors, format "rasp-model-1") with numpy only.

Usage: load_model.py MODEL [--raw] "a b c" ["b a" ...]

Each input is a space-separated list of token labels; the BOS token is put in
front. For every input the script prints the decoded output of every position
(BOS position included) and, with --raw, the output vectors themselves.
The layout is described in docs/ModelFormat.md; the forward pass is the same
as the C++ one (lib/Model/Forward.cpp): no LayerNorm, explicit attention
scale, ReLU MLPs, BOS at position 0.
"""

import json
import struct
import sys

import numpy as np


def load(path):
    """Returns (config, tensors) of the model at path."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    meta = header.pop("__metadata__")
    assert meta["format"] == "rasp-model-1", meta["format"]
    config = json.loads(meta["rasp.config"])
    body = data[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", (name, entry["dtype"])
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype="<f4")
        tensors[name] = array.reshape(entry["shape"]).astype(np.float32)
    return config, tensors


def softmax_rows(s):
    s = np.exp(s - s.max(axis=1, keepdims=True))
    return s / s.sum(axis=1, keepdims=True)


def forward(config, t, ids):
    """Output vectors (one row per position) for token ids starting with BOS."""
    n = len(ids)
    x = t["embed.tokens"][ids] + t["embed.positions"][:n]
    heads, k, v = config["num_heads"], config["key_size"], config["value_size"]
    scale = np.float32(config["attn_scale"])
    zero = np.float32(0)
    for i, parts in enumerate(config["layers"]):
        p = "layers.%d." % i
        if parts["attention"]:
            q = x @ t[p + "attn.q"] + t.get(p + "attn.q_bias", zero)
            key = x @ t[p + "attn.k"] + t.get(p + "attn.k_bias", zero)
            val = x @ t[p + "attn.v"] + t.get(p + "attn.v_bias", zero)
            z = []
            for h in range(heads):
                s = scale * (q[:, h * k:(h + 1) * k] @ key[:, h * k:(h + 1) * k].T)
                if config["causal"]:
                    s[np.triu_indices(n, 1)] = -np.inf
                z.append(softmax_rows(s) @ val[:, h * v:(h + 1) * v])
            x = x + np.concatenate(z, axis=1) @ t[p + "attn.o"]
            x = x + t.get(p + "attn.o_bias", zero)
        if parts["mlp"]:
            hidden = np.maximum(x @ t[p + "mlp.w1"] + t[p + "mlp.b1"], zero)
            x = x + hidden @ t[p + "mlp.w2"] + t[p + "mlp.b2"]
    return x @ t["unembed"]


def decode(config, out):
    """Labels per position: argmax (ties to the lowest index) or the number."""
    if config["output"]["kind"] == "numerical":
        return ["%g" % value for value in out[:, 0]]
    labels = config["output"]["labels"]
    return [labels[int(np.argmax(row))] for row in out]


def main(argv):
    raw = "--raw" in argv
    args = [a for a in argv if a != "--raw"]
    if len(args) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    config, tensors = load(args[0])
    vocab = config["vocab"]
    for text in args[1:]:
        labels = text.split()
        ids = [config["bos"]] + [vocab.index(label) for label in labels]
        out = forward(config, tensors, ids)
        print("input: " + " ".join(vocab[i] for i in ids))
        print("output: " + " ".join(decode(config, out)))
        if raw:
            for pos, row in enumerate(out):
                print("raw %d: %s" % (pos, " ".join("%.9g" % x for x in row)))


if __name__ == "__main__":
    main(sys.argv[1:])
