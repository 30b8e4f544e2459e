#!/usr/bin/env python3
"""Writes N synthetic tickets made from a real export by replication with noise, for rebuild benchmarks.

Each copy of a real ticket gets a new id and light noise with a fixed seed: about one word in ten dropped, one
pair of neighbouring words swapped, and now and then a typo, so that no two texts are identical (identical texts
would flatter tokenisation caches and the index). Usage:
  synthesize.py SOURCE.csv N OUT.csv   (SOURCE has the itsm-assignment columns)
"""
import csv
import random
import sys

SEED = 42
DROP = 0.1
TYPO = 0.05


def noisy(text, rng):
    words = text.split()
    kept = [w for w in words if rng.random() >= DROP] or words[:1]
    if len(kept) > 2:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    out = []
    for w in kept:
        if len(w) > 3 and rng.random() < TYPO:
            j = rng.randrange(len(w) - 1)
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        out.append(w)
    return " ".join(out)


def main():
    source, n, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(SEED)
    with open(source, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    with open(target, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "subject", "body", "requester", "assignmentGroup"])
        for i in range(n):
            r = rows[i % len(rows)]
            w.writerow([f"SYN-{i:07d}", noisy(r["Short description"], rng), noisy(r["Description"], rng),
                        r["Caller"], r["Assignment group"]])


if __name__ == "__main__":
    main()
