"""Checks a `rasp-learn --task NAME --print-data K` dump against the task's
definition (../shared/spec/transformer-programs.md §2), recomputing every
label from the input on its own.

Usage: check-task.py NAME < dump
Prints one line per failed check (and exits 1), else `ok NAME: K examples`.
"""
import math
import re
import sys
from collections import Counter

task = sys.argv[1]
lines = sys.stdin.read().splitlines()
errors = []


def fail(msg):
    errors.append(msg)


if len(lines) < 3:
    sys.exit("FAIL: no dump (fewer than 3 lines)")
head = re.match(r"task (\S+): train (\d+), val (\d+), test (\d+), "
                r"max length (\d+)(, causal)?$", lines[0])
if not head:
    sys.exit("FAIL: bad header: " + lines[0])
name, n_train, n_val, n_test, max_len = head.group(1), *map(
    int, head.groups()[1:5])
causal = head.group(6) is not None
if name != task:
    fail(f"task is {name}, expected {task}")
# sklearn's train_test_split(test_size=0.1) twice.
total = n_train + n_val + n_test
if n_test != math.ceil(0.1 * total) or n_val != math.ceil(
        0.1 * (n_train + n_val)):
    fail(f"split {n_train}/{n_val}/{n_test} is not 81/9/10")
if causal != (task in ("dyck1", "dyck2", "induction")):
    fail(f"causal is {causal}")
tokens = lines[1].split()[1:]
labels = lines[2].split()[1:]
if tokens[:2] != ["<pad>", "<s>"]:
    fail(f"tokens start {tokens[:2]}")
if labels != sorted(labels) or len(set(labels)) != len(labels):
    fail(f"labels {labels} not sorted and distinct")

examples = []
for line in lines[3:]:
    left, _, right = line.partition(" | ")
    examples.append((left.split(), right.split(), line))
if not examples:
    fail("no examples")

digits = [str(i) for i in range(10)]


def dyck_label(prefix):
    """T if balanced, P if a valid proper prefix, F otherwise, by erasing
    matched pairs until nothing changes."""
    s = "".join(prefix)
    while True:
        t = s.replace("()", "").replace("{}", "")
        if t == s:
            break
        s = t
    if s == "":
        return "T"
    return "F" if any(c in ")}" for c in s) else "P"


def expected(x):
    """Labels for the tokens after BOS (None: unscored)."""
    if task in ("reverse", "sort"):
        body = x[:-1]
        y = body[::-1] if task == "reverse" else sorted(body)
        return y + [None]
    c = Counter(x)
    if task == "hist":
        return [str(c[t]) for t in x]
    if task == "double_hist":
        return [str(sum(1 for u in c if c[u] == c[t])) for t in x]
    if task == "most_freq":
        distinct = sorted(c, key=lambda t: (-c[t], x.index(t)))
        return distinct + ["<s>"] * (len(x) - len(distinct))
    if task in ("dyck1", "dyck2"):
        return [dyck_label(x[:i + 1]) for i in range(len(x))]
    if task == "induction":
        y, number_of = [], {}
        for i, t in enumerate(x):
            if t.isdigit():
                # A number after a letter is that letter's number.
                if i > 0 and x[i - 1].isalpha():
                    number_of.setdefault(x[i - 1], t)
                    if number_of[x[i - 1]] != t:
                        fail(f"letter {x[i - 1]} has two numbers in {x}")
                y.append(None)
            else:
                y.append(number_of.get(t, "<unk>"))
        return y
    sys.exit("FAIL: no checker for task " + task)


seen = set()
for x, y, line in examples:
    if len(x) != len(y):
        fail(f"{len(x)} tokens but {len(y)} labels: {line}")
        continue
    if x[0] != "<s>" or y[0] != "_":
        fail(f"no unscored BOS: {line}")
    if len(x) > max_len:
        fail(f"longer than {max_len}: {line}")
    if tuple(x) in seen:
        fail(f"duplicate input: {line}")
    seen.add(tuple(x))
    for t in x:
        if t not in tokens:
            fail(f"token {t} not in the vocabulary: {line}")
    for lab in y:
        if lab != "_" and lab not in labels:
            fail(f"label {lab} not in the labels: {line}")
    body = x[1:]
    # Shapes: lengths and alphabets of each task (paper settings, V=8/10).
    if task in ("reverse", "sort"):
        if body[-1:] != ["</s>"] or not 1 <= len(body) - 1 <= max_len - 2 \
                or any(t not in digits[:5] for t in body[:-1]):
            fail(f"bad {task} input: {line}")
    elif task in ("hist", "double_hist", "most_freq"):
        if not 1 <= len(body) <= max_len - 1 or any(
                t not in digits[:6] for t in body):
            fail(f"bad {task} input: {line}")
    elif task in ("dyck1", "dyck2"):
        alphabet = "()" if task == "dyck1" else "(){}"
        if len(body) != max_len - 1 or any(t not in alphabet for t in body):
            fail(f"bad {task} input: {line}")
    elif task == "induction":
        letters, nums = "abcd", digits[:4]
        # Either an extra number then pairs, or pairs then a query letter.
        pairs = body[1:] if body[0] in nums else body[:-1]
        ok = len(body) == max_len - 1 and len(pairs) % 2 == 0 and all(
            pairs[i] in letters and pairs[i + 1] in nums
            for i in range(0, len(pairs), 2))
        ok = ok and (body[0] in nums) != (body[-1] in letters)
        if not ok:
            fail(f"bad induction input: {line}")
    want = ["_"] + [w if w is not None else "_" for w in expected(body)]
    if y != want:
        fail(f"labels {' '.join(y)} should be {' '.join(want)}: {line}")

for e in errors[:10]:
    print("FAIL:", e)
if errors:
    sys.exit(1)
print(f"ok {task}: {len(examples)} examples")
