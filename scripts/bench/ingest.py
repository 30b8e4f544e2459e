#!/usr/bin/env python3
"""Pushes N synthetic tickets through POST /v1/tenants/{tenant}/tickets in batches and times every batch.

The tickets are the bundled demo history (triage-service/app/src/main/resources/demo/tickets.csv) replicated with
noise, seed 42: about one word in ten dropped, a pair of neighbouring words swapped, occasional typos, new ids, so
that no two texts are equal. Labels (category, assignment group, ...) and dates are kept, as a platform's history
sync would send them. Batches go one after another (a platform's sync loop); each is timed from send to answer.

Prints one line per progress step and a summary: per-batch latency p50/p99/max, overall tickets/s, and tickets/s
over the last 2,000 tickets (a collapse towards the end shows there). Standard library only. Usage:
  ingest.py URL KEY N [BATCH]   (URL: http://host:port/v1/tenants/<tenant>/tickets)
"""
import csv
import json
import random
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from synthesize import SEED, noisy  # the same noise as the rebuild benchmark's synthetic histories

TAIL = 2000
DEMO = Path(__file__).resolve().parents[2] / "triage-service/app/src/main/resources/demo/tickets.csv"
LABELS = ["category", "subcategory", "priority", "assignmentGroup", "assignee", "requester", "client",
          "createdAt", "resolvedAt", "resolution"]


def tickets(n):
    rng = random.Random(SEED)
    with open(DEMO, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i in range(n):
        r = rows[i % len(rows)]
        t = {"id": f"BENCH-{i:07d}", "subject": noisy(r["subject"], rng), "body": noisy(r["body"], rng)}
        for k in LABELS:
            if r.get(k):
                t[k] = r[k]
        yield t


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    batch_size = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    all_tickets = list(tickets(n))
    latencies = []
    done_at = []  # (tickets done, seconds since start) after each batch
    start = time.monotonic()
    for b in range(0, n, batch_size):
        batch = all_tickets[b:b + batch_size]
        body = json.dumps(batch).encode()
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            print(f"batch at {b}: HTTP {e.code} after {time.monotonic() - t0:.1f} s: {e.read()[:300]!r}",
                  file=sys.stderr)
            sys.exit(1)
        latencies.append(time.monotonic() - t0)
        done = b + len(batch)
        done_at.append((done, time.monotonic() - start))
        if done % 2000 == 0 or done == n:
            window = [(d, s) for d, s in done_at if d >= done - 2000]
            prev = next(((d, s) for d, s in reversed(done_at) if d <= done - 2000), (0, 0.0))
            rate = (done - prev[0]) / (done_at[-1][1] - prev[1])
            print(f"{done:>7} tickets  {done_at[-1][1]:7.1f} s  last 2000: {rate:6.1f}/s  "
                  f"last batch {latencies[-1]:.2f} s  max so far {max(latencies):.2f} s  load {load_average()}",
                  flush=True)
    total = done_at[-1][1]
    s = sorted(latencies)
    tail_from = next(((d, t) for d, t in reversed(done_at) if d <= n - TAIL), (0, 0.0))
    tail_rate = (n - tail_from[0]) / (total - tail_from[1])
    print(f"RESULT tickets={n} batch={batch_size} seconds={total:.1f} rate={n / total:.1f}/s "
          f"last{TAIL}={tail_rate:.1f}/s batch_p50={percentile(s, 50):.2f}s batch_p99={percentile(s, 99):.2f}s "
          f"batch_max={s[-1]:.2f}s load={load_average()}")


if __name__ == "__main__":
    main()
