#!/usr/bin/env python3
"""Regenerates the seed corpora in fuzz/corpus/<target>/ from the test tree.

  parse    every .rasp file under test/, examples/ and bench/programs/
  session  every test/Transcripts/Inputs/*/session.txt
  interp   for each program FuzzInterp.cpp builds in, one input per encoding
  model    small valid model files (safetensors, docs/ModelFormat.md)
  learn    the parse seeds, each behind a line naming its last top-level
           s-op assignment (what `rasp-learn --from FILE --sop NAME` takes)

Run from anywhere: fuzz/make-seeds.py. Deterministic; the output is
committed, so fuzzing needs no generation step. Seeds are named after their
source, so a diff shows which test a seed came from.
"""

import json
import os
import random
import re
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def reset(target):
    path = os.path.join(CORPUS, target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def seed_name(rel):
    return rel.replace(os.sep, "_")


def parse_seeds():
    out = reset("parse")
    for top in ("test", "examples", os.path.join("bench", "programs")):
        for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, top))):
            for f in sorted(files):
                if f.endswith(".rasp"):
                    src = os.path.join(dirpath, f)
                    shutil.copy(src, os.path.join(
                        out, seed_name(os.path.relpath(src, ROOT))))


def session_seeds():
    out = reset("session")
    inputs = os.path.join(ROOT, "test", "Transcripts", "Inputs")
    for name in sorted(os.listdir(inputs)):
        src = os.path.join(inputs, name, "session.txt")
        if os.path.exists(src):
            shutil.copy(src, os.path.join(out, name + ".txt"))


def interp_seeds():
    """Byte 0 picks the program (bench/programs/*.rasp sorted, then the
    ExtraPrograms of FuzzInterp.cpp), byte 1 the encoding."""
    out = reset("interp")
    bench = sorted(f for f in os.listdir(os.path.join(ROOT, "bench", "programs"))
                   if f.endswith(".rasp"))
    count = len(bench) + 3
    texts = [b"hello", b"(()())", b"abcab", b"3142"]
    for p in range(count):
        seeds = {
            "text": bytes([p, 0]) + texts[p % len(texts)],
            "ints": bytes([p, 1, 3, 1, 2, 0, 255]),
            "mixed": bytes([p, 2, 0, 5, 1, 12, 2, 1, 3, 2, 0, 7]),
            "list": bytes([p, 3]) + b"1, 2, 3, -4]",
            "list-floats": bytes([p, 3]) + b"0.5, 2.25, 1]",
            "list-strings": bytes([p, 3]) + b'"a", "b", "a"]',
        }
        for name, data in seeds.items():
            with open(os.path.join(out, "p%d-%s" % (p, name)), "wb") as f:
                f.write(data)


def safetensors(config, tensors):
    """The bytes of a rasp-model-1 file (see lib/Model/ModelIO.cpp)."""
    header = {"__metadata__": {"format": "rasp-model-1",
                               "rasp.config": json.dumps(config)}}
    data = b""
    for name in sorted(tensors):
        shape, values = tensors[name]
        raw = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def model(rng, kind, causal, layers, biases):
    vocab, n, heads, k, v, m, d = ["BOS", "a", "b", "c"], 4, 2, 2, 2, 3, 6
    labels = ["x", "y"] if kind == "categorical" else []
    config = {
        "vocab": vocab, "bos": 0, "max_seq_len": n, "num_layers": len(layers),
        "num_heads": heads, "key_size": k, "value_size": v, "mlp_hidden": m,
        "d_model": d, "residual_labels": ["r%d" % i for i in range(d)],
        "output": {"kind": kind, "name": "out", "labels": labels},
        "causal": causal, "attn_scale": 2.5, "activation": "relu",
        "layers": [{"attention": a, "mlp": b} for a, b in layers],
    }

    def t(*shape):
        size = 1
        for s in shape:
            size *= s
        return [list(shape), [round(rng.uniform(-1, 1), 3) for _ in range(size)]]

    tensors = {"embed.tokens": t(len(vocab), d), "embed.positions": t(n + 1, d),
               "unembed": t(d, max(len(labels), 1))}
    for i, (attn, mlp) in enumerate(layers):
        p = "layers.%d." % i
        if attn:
            tensors[p + "attn.q"] = t(d, heads * k)
            tensors[p + "attn.k"] = t(d, heads * k)
            tensors[p + "attn.v"] = t(d, heads * v)
            tensors[p + "attn.o"] = t(heads * v, d)
            if biases:
                tensors[p + "attn.q_bias"] = t(heads * k)
                tensors[p + "attn.k_bias"] = t(heads * k)
                tensors[p + "attn.v_bias"] = t(heads * v)
                tensors[p + "attn.o_bias"] = t(d)
        if mlp:
            tensors[p + "mlp.w1"] = t(d, m)
            tensors[p + "mlp.b1"] = t(m)
            tensors[p + "mlp.w2"] = t(m, d)
            tensors[p + "mlp.b2"] = t(d)
    return safetensors(config, tensors)


def learn_seeds():
    """FuzzLearn.cpp reads the s-op's name from the first line."""
    out = reset("learn")
    assign = re.compile(r"^([A-Za-z_][A-Za-z_0-9]*)\s*=[^=]", re.M)
    for top in ("test", "examples", os.path.join("bench", "programs")):
        for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, top))):
            for f in sorted(files):
                if not f.endswith(".rasp"):
                    continue
                src = os.path.join(dirpath, f)
                with open(src, "rb") as fh:
                    text = fh.read()
                names = assign.findall(text.decode("utf-8", "replace"))
                if not names:
                    continue
                with open(os.path.join(out, seed_name(
                        os.path.relpath(src, ROOT))), "wb") as fh:
                    fh.write(names[-1].encode() + b"\n" + text)


def model_seeds():
    out = reset("model")
    rng = random.Random(5)
    models = {
        "categorical-2-layers.safetensors":
            model(rng, "categorical", False, [(True, True), (True, False)], False),
        "numerical-causal-biases.safetensors":
            model(rng, "numerical", True, [(True, True), (False, True)], True),
        "no-layers.safetensors": model(rng, "categorical", False, [], False),
    }
    for name, data in models.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    parse_seeds()
    session_seeds()
    interp_seeds()
    model_seeds()
    learn_seeds()
    for target in sorted(os.listdir(CORPUS)):
        print("%-8s %d seeds" % (target, len(os.listdir(os.path.join(CORPUS, target)))))
