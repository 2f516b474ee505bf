"""Rewrites the rasp.config metadata of a safetensors model: argv[3] is a
Python expression over `cfg` (the parsed config dict) run as a statement."""
import json
import struct
import sys

data = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
cfg = json.loads(header["__metadata__"]["rasp.config"])
exec(sys.argv[3])
header["__metadata__"]["rasp.config"] = json.dumps(cfg)
h = json.dumps(header).encode()
h += b" " * (-len(h) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(h)) + h + data[8 + n:])
