"""Differential check of `str % value` against the Python running lit.

Generates random printf-style format strings and operands (fixed seed),
runs them through `rasp-run` as a REPL session and compares each printed
result (or error message) with what this Python computes. RASP's `%` on a
string is Python's (docs/LangRef.md), so they must agree exactly.
Usage: percent_format_vs_python.py RASP_RUN SEED COUNT
"""
import random
import subprocess
import sys

rasp_run, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)


def spec():
    s = "%"
    if rng.random() < 0.1:
        s += "(k)"
    s += "".join(rng.choice("-+ #0") for _ in range(rng.choice([0, 0, 1, 2])))
    r = rng.random()
    if r < 0.3:
        s += str(rng.randint(0, 12))
    elif r < 0.35:
        s += "*"
    if rng.random() < 0.3:
        s += "." + rng.choice(["", "0", "1", "3", "10", "*"])
    if rng.random() < 0.05:
        s += "l"
    if rng.random() < 0.02:
        return s  # incomplete
    return s + rng.choice("sracdiuoxXeEfFgG%zq")


def fmt():
    parts = ["ab", "\u00e9", " ", spec(), spec()]
    return "".join(rng.choice(parts) for _ in range(rng.randint(1, 3)))


# (RASP source, Python value)
operands = [("1", 1), ("0", 0), ("-7", -7), ("255", 255), ("3.5", 3.5),
            ("-0.0", -0.0), ("(10.0 ^ 300)", 1e300),
            ("(1 / 4000000)", 1 / 4000000), ('"x"', "x"),
            ('"\u00e9"', "\u00e9"), ('"ab"', "ab"), ("True", True),
            ("False", False), ("[1, 2]", [1, 2]), ('{"k": 5}', {"k": 5}),
            ('{"k": "v"}', {"k": "v"}), ("[]", []),
            ("123456789012345678901234567890", 123456789012345678901234567890),
            ("65", 65), ("1114112", 1114112)]

session, expected = [], []
while len(session) < count:
    f, (src, val) = fmt(), rng.choice(operands)
    try:
        res = f % val
        if any(c in res for c in '"\\\n'):
            continue  # the REPL would print these escaped
        expected.append('value: out =  "%s"' % res)
    except (TypeError, ValueError, OverflowError, KeyError) as e:
        expected.append("something went wrong: " + str(e))
    session.append('"%s" %% %s;' % (f, src))

out = subprocess.run([rasp_run], input="\n".join(session) + "\n",
                     capture_output=True, text=True, check=True).stdout
got = [l[2:].strip() for l in out.split("\n") if l.startswith(">>")]
got = [g for g in got if g]
bad = 0
for line, e, g in zip(session, expected, got):
    if e.strip() != g:
        bad += 1
        print("MISMATCH", line, "expected:", e, "got:", g)
if len(got) != len(expected):
    print("MISMATCH count: expected", len(expected), "results, got", len(got))
    bad += 1
print("checked", len(expected), "formats,", bad, "mismatches")
sys.exit(1 if bad else 0)
