"""Compares two rasp-run output files value by value: the model backend
prints ints where the interpreter's means are floats (1 vs 1.0), so values
compare as numbers (within 1e-3, the printed precision) or as strings."""
import re
import sys


def parse(line):
    line = line.strip()
    m = re.match(r"^\[(.*)\](?:\*(\d+))? \((\w+)\)$", line)
    if not m:
        return ("raw", line)
    items = [x.strip() for x in m.group(1).split(",")] if m.group(1) else []
    if m.group(2):
        items = items * int(m.group(2))
    out = []
    for x in items:
        try:
            out.append(float(x))
        except ValueError:
            out.append(x)
    return ("list", out)


def same(a, b):
    if a[0] != b[0] or len(a[1]) != len(b[1]):
        return False
    if a[0] == "raw":
        return a[1] == b[1]
    for x, y in zip(a[1], b[1]):
        if isinstance(x, float) and isinstance(y, float):
            if abs(x - y) > 1e-3:
                return False
        elif x != y:
            return False
    return True


a = open(sys.argv[1]).read().splitlines()
b = open(sys.argv[2]).read().splitlines()
if len(a) != len(b):
    sys.exit("different line counts: %d vs %d" % (len(a), len(b)))
for i, (x, y) in enumerate(zip(a, b)):
    if not same(parse(x), parse(y)):
        sys.exit("line %d differs: %r vs %r" % (i + 1, x, y))
print("same %d" % len(a))
