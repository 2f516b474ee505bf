"""Prints every input up to length `exhaustive` over the vocabulary, then
`count` random inputs of length 1..max (seeded). Multi-character tokens are
space-separated."""
import itertools
import random
import sys

vocab = sys.argv[1].split(",")
exhaustive, maxlen, count = map(int, sys.argv[2:5])
sep = "" if all(len(v) == 1 for v in vocab) else " "
for n in range(1, exhaustive + 1):
    for t in itertools.product(vocab, repeat=n):
        print(sep.join(t))
rng = random.Random(7)
for _ in range(count):
    print(sep.join(rng.choice(vocab) for _ in range(rng.randint(1, maxlen))))
