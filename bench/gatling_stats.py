#!/usr/bin/env python3
"""Reads Gatling's console summary (gatling.log) and prints: rate achieved_rps ok ko p50 p95 p99 (ms)."""
import re
import sys


def row(log, label):
    """'> request count   |  7,500 |  7,500 |  0' -> ['7500', '7500', '0']"""
    m = re.search(r"> " + label + r"\s*\|([^\n]*)", log)
    return [c.strip().replace(",", "") for c in m.group(1).split("|")] if m else None


def main(path, rate):
    try:
        log = open(path).read()
    except OSError:
        log = ""
    count = row(log, "request count")
    if not count:
        print(rate, 0, 0, 0, 99999, 99999, 99999)
        return
    p50, p95, p99 = (row(log, r"response time %sth percentile \(ms\)" % p) for p in (50, 95, 99))
    rps = row(log, r"mean throughput \(rps\)")
    ko = 0 if count[2] in ("", "-") else int(count[2])
    print(rate, round(float(rps[0])), count[1], ko, p50[0], p95[0], p99[0])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
