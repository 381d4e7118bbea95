#!/usr/bin/env python3
"""Writes the event files of the import benchmark in docs/benchmarks.md (fixed seeds, so the same files every time).

load.csv:  5,000 track events of 500 users over 27 days of October 2026 (a mix with purchases and intent)
load2.csv: 20,000 further events of the same users, activity and content only
"""
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."


def stamp(rng, month):
    return f"2026-{month:02d}-{rng.randrange(1, 28):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"


rng = random.Random(1)
events = ["Report Viewed", "Video Playback Started", "Article Viewed", "Product Added", "Order Completed", "Feature Used"]
with open(f"{out}/load.csv", "w") as f:
    f.write("userId,event,timestamp,revenue\n")
    for _ in range(5000):
        user, event = f"perf{rng.randrange(500)}", rng.choice(events)
        at = stamp(rng, 10)
        f.write(f"{user},{event},{at},{rng.randrange(100) if event == 'Order Completed' else ''}\n")

rng = random.Random(2)
events = ["Report Viewed", "Video Playback Started", "Article Viewed", "Feature Used"]
with open(f"{out}/load2.csv", "w") as f:
    f.write("userId,event,timestamp\n")
    for _ in range(20000):
        user = f"perf{rng.randrange(500)}"
        at = stamp(rng, 10)
        f.write(f"{user},{rng.choice(events)},{at}\n")
