#!/usr/bin/env python3
"""Subscribes to the stock stream of each location and, until stopped (SIGTERM) or a timeout, records for every
pushed change the delay from the change's time (changedAt: the sale's commit in stock-service) to its arrival here.
Prints: count p50 p95 p99 max (ms).

  sse_latency.py <projection base url> <seconds> <location>...
"""
import json
import re
import signal
import sys
import threading
import time
import urllib.request
from datetime import datetime

delays = []
lock = threading.Lock()


def listen(url):
    req = urllib.request.Request(url, headers={"Accept": "text/event-stream"})
    try:
        with urllib.request.urlopen(req, timeout=60) as stream:
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\n")
                if not line.startswith("data:"):
                    continue
                received = time.time()
                change = json.loads(line[5:])
                at = datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1",
                                                   change["changedAt"].replace("Z", "+00:00"))).timestamp()
                with lock:
                    delays.append((received - at) * 1000)
    except Exception as e:  # the run ends by killing us; anything else is reported
        print(f"stream {url}: {e}", file=sys.stderr)


def report(*_):
    with lock:
        d = sorted(delays)
    if not d:
        print("0 n/a n/a n/a n/a")
    else:
        pick = lambda q: round(d[min(len(d) - 1, int(q * len(d)))], 1)
        print(len(d), pick(0.50), pick(0.95), pick(0.99), round(d[-1], 1))
    sys.stdout.flush()
    sys.exit(0)


def main():
    base, seconds, locations = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    signal.signal(signal.SIGTERM, report)
    for loc in locations:
        threading.Thread(target=listen, args=(f"{base}/locations/{loc}/stock/stream",), daemon=True).start()
    time.sleep(seconds)
    report()


if __name__ == "__main__":
    main()
