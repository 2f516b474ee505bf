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


def forward(config, t, ids, attention=None):
    """Output vectors (one row per position) for token ids starting with BOS.

    If attention is a dict, attention[(layer, head)] receives every head's
    weights (one row per query position)."""
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
                weights = softmax_rows(s)
                if attention is not None:
                    attention[(i, h)] = weights
                z.append(weights @ val[:, h * v:(h + 1) * v])
            x = x + np.concatenate(z, axis=1) @ t[p + "attn.o"]
            x = x + t.get(p + "attn.o_bias", zero)
        if parts["mlp"]:
            hidden = np.maximum(x @ t[p + "mlp.w1"] + t[p + "mlp.b1"], zero)
            x = x + hidden @ t[p + "mlp.w2"] + t[p + "mlp.b2"]
    return x @ t["unembed"]


def widths(config, attention):
    """Keys the output's width head selects at each position (None: unknown).

    A "mean" head attends BOS when it selects nothing and each of w keys
    with weight 1/w; a "width" head attends BOS and the w keys with 1/(w+1).
    """
    head = config["output"].get("width_head")
    if head is None:
        return None
    a = attention[(head["layer"], head["head"])]
    result = [None]
    for row in a[1:]:
        if head["reads"] == "width":
            result.append(int(round(1.0 / row[0] - 1.0)))
        elif row[0] > 0.5:
            result.append(0)
        else:
            result.append(int(round(1.0 / row[1:].max())))
    return result


def number_text(value, kind):
    """A numerical output as the interpreter prints its type: int, float
    (always with a point or exponent) or bool; %g if the type is unknown."""
    if kind == "int":
        return "%d" % int(round(value))
    if kind == "bool":
        return "True" if value > 0.5 else "False"
    text = "%g" % value
    if kind == "float" and not any(ch in text for ch in ".ein"):
        text += ".0"
    return text


def decode(config, out, attention=None):
    """Labels per position: argmax (ties to the lowest index) or the number,
    typed by output.value_types when the file has them."""
    output = config["output"]
    if output["kind"] == "numerical":
        types = output.get("value_types", [])
        by_width = widths(config, attention) if attention is not None else None
        texts = []
        for pos, value in enumerate(out[:, 0]):
            kind = ""
            if len(types) == 1:
                kind = types[0]
            elif by_width is not None and by_width[pos] is not None:
                if 0 <= by_width[pos] < len(types):
                    kind = types[by_width[pos]]
            texts.append(number_text(float(value), kind))
        return texts
    labels = output["labels"]
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
        attention = {}
        out = forward(config, tensors, ids, attention)
        print("input: " + " ".join(vocab[i] for i in ids))
        print("output: " + " ".join(decode(config, out, attention)))
        if raw:
            for pos, row in enumerate(out):
                print("raw %d: %s" % (pos, " ".join("%.9g" % x for x in row)))


if __name__ == "__main__":
    main(sys.argv[1:])
