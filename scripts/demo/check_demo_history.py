#!/usr/bin/env python3
"""Sanity-check the demo ticket history CSV written by generate_demo_history.py.

Prints row count and distributions; exits non-zero if a hard requirement is violated.
Usage: python3 scripts/demo/check_demo_history.py [PATH]
"""

import csv
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

DEFAULT = (Path(__file__).resolve().parents[2]
           / "triage-service" / "app" / "src" / "main" / "resources" / "demo" / "tickets.csv")
HEADER = ["id", "subject", "body", "category", "subcategory", "priority", "assignmentGroup", "assignee",
          "requester", "client", "createdAt", "resolvedAt", "resolution"]


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def pct(c, n):
    return ", ".join(f"{k} {v} ({100 * v / n:.1f}%)" for k, v in c.most_common())


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    raw = path.read_bytes()
    raw.decode("utf-8")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    errors = []
    if header != HEADER:
        errors.append(f"bad header {header}")
    n = len(rows)
    if not 400 <= n <= 500:
        errors.append(f"row count {n}")
    prev = None
    for i, r in enumerate(rows):
        if len(r) != len(HEADER):
            errors.append(f"row {i} has {len(r)} fields")
        if r["id"] != f"ACME-{10001 + i}":
            errors.append(f"row {i} id {r['id']}")
        c = ts(r["createdAt"])
        if prev and c < prev:
            errors.append(f"{r['id']} createdAt not ascending")
        prev = c
        if bool(r["resolvedAt"]) != bool(r["resolution"]):
            errors.append(f"{r['id']} resolvedAt/resolution mismatch")
        if r["resolvedAt"] and ts(r["resolvedAt"]) <= c:
            errors.append(f"{r['id']} resolved before created")

    print(f"file: {path}\nrows: {n}")
    print(f"createdAt range: {rows[0]['createdAt']} .. {rows[-1]['createdAt']}")
    print("category:", pct(Counter(r["category"] for r in rows), n))
    print("group:", pct(Counter(r["assignmentGroup"] for r in rows), n))
    print("priority:", pct(Counter(r["priority"] for r in rows), n))
    print("client:", pct(Counter(r["client"] for r in rows), n))
    resolved = [r for r in rows if r["resolvedAt"]]
    print(f"resolved: {len(resolved)}/{n} ({100 * len(resolved) / n:.1f}%)")
    print(f"unassigned: {sum(1 for r in rows if not r['assignee'])}")
    print(f"distinct requesters: {len({r['requester'] for r in rows})}, "
          f"assignees: {len({r['assignee'] for r in rows if r['assignee']})}")
    mins = defaultdict(list)
    for r in resolved:
        mins[r["category"]].append((ts(r["resolvedAt"]) - ts(r["createdAt"])).total_seconds() / 60)
    print("median resolution minutes per category:")
    for cat, v in sorted(mins.items()):
        print(f"  {cat:15s} {statistics.median(v):8.0f}  (n={len(v)})")
    subs = Counter(r["subject"] for r in rows)
    print(f"distinct subjects: {len(subs)}/{n}; duplicated subjects: "
          f"{[(s, k) for s, k in subs.items() if k > 1]}")
    print(f"distinct bodies: {len({r['body'] for r in rows})}/{n}")
    cats = defaultdict(set)
    for r in rows:
        cats[r["category"]].add(r["subcategory"])
    print("subcategories:", {c: sorted(s) for c, s in sorted(cats.items())})
    dow = Counter(ts(r["createdAt"]).strftime("%a") for r in rows)
    print("weekday:", dict(dow))
    pw = [r for r in rows if r["subcategory"] == "Password reset"]
    mon_am = sum(1 for r in pw if ts(r["createdAt"]).weekday() == 0 and ts(r["createdAt"]).hour < 10)
    print(f"password resets on Monday before 10:00 UTC: {mon_am}/{len(pw)}")
    if errors:
        print("ERRORS:", *errors[:20], sep="\n  ")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
