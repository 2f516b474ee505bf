#!/usr/bin/env python3
"""Reads a safetensors file written by rasp-learn --save-model and prints its
metadata and one line per tensor (name, shape, number of finite values).
Exits 1 with a message when the file does not follow the format: header
length, JSON header padded to 8 bytes, float32 data whose offsets tile the
data exactly."""
import json
import math
import struct
import sys

path = sys.argv[1]
raw = open(path, "rb").read()
if len(raw) < 8:
    sys.exit("short file")
(n,) = struct.unpack("<Q", raw[:8])
if n % 8 or 8 + n > len(raw):
    sys.exit("bad header length %d" % n)
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
meta = header.pop("__metadata__")
print("format", meta["format"])
config = json.loads(meta["config"])
print("config", " ".join("%s=%s" % (k, config[k]) for k in sorted(config)))
end = 0
for name, t in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
    b, e = t["data_offsets"]
    if t["dtype"] != "F32" or b != end:
        sys.exit("%s: bad dtype or offset" % name)
    count = math.prod(t["shape"])
    if e - b != 4 * count:
        sys.exit("%s: %d bytes for shape %s" % (name, e - b, t["shape"]))
    values = struct.unpack("<%df" % count, data[b:e])
    finite = sum(1 for v in values if math.isfinite(v))
    print(name, "x".join(map(str, t["shape"])), "finite", finite == count)
    end = e
if end != len(data):
    sys.exit("trailing data")
