#!/usr/bin/env python3
"""Statistics of one Gatling step: prints "rate achieved_rps ok ko p50 p95 p99" (ms).

  gatling_stats.py <step dir> <rate> <measured seconds>

Reads the newest report's js/stats.js in the step dir and takes the group "measured" (the part after the warm-up, see
OpenLoop.warmedUp); falls back to the console summary in <step dir>/gatling.log (every request) when there is none.
"""
import glob
import json
import os
import re
import sys


def report_stats(step_dir, seconds):
    reports = sorted(glob.glob(os.path.join(step_dir, "*", "js", "stats.js")), key=os.path.getmtime)
    if not reports:
        return None
    text = open(reports[-1]).read()
    # "var stats = {...}" then functions: quote the literal's bare keys and read its first object as JSON
    text = re.sub(r'([{,]\s*)([A-Za-z_]\w*)\s*:', r'\1"\2":', text[text.index("{"):])
    data, _ = json.JSONDecoder().raw_decode(text)

    def find(node):
        if node.get("name") == "measured" and node.get("type") == "GROUP":
            return node
        for child in (node.get("contents") or {}).values():
            hit = find(child)
            if hit:
                return hit
        return None

    group = find(data)
    if not group:
        return None
    s = group["stats"]
    num = lambda v: 0 if v in ("-", "") else int(float(v))
    # the group's mean rate spans the warm-up too: the achieved rate is its requests over the measured seconds
    return (round(num(s["numberOfRequests"]["total"]) / seconds), num(s["numberOfRequests"]["ok"]),
            num(s["numberOfRequests"]["ko"]), num(s["percentiles1"]["total"]), num(s["percentiles3"]["total"]),
            num(s["percentiles4"]["total"]))


def console_stats(step_dir):
    try:
        log = open(os.path.join(step_dir, "gatling.log")).read()
    except OSError:
        return None

    def row(label):
        m = re.search(r"> " + label + r"\s*\|([^\n]*)", log)
        return [c.strip().replace(",", "") for c in m.group(1).split("|")] if m else None

    count = row("request count")
    if not count:
        return None
    p50, p95, p99 = (row(r"response time %sth percentile \(ms\)" % p) for p in (50, 95, 99))
    rps = row(r"mean throughput \(rps\)")
    ko = 0 if count[2] in ("", "-") else int(count[2])
    return round(float(rps[0])), int(count[1]), ko, int(p50[0]), int(p95[0]), int(p99[0])


def main(step_dir, rate, seconds):
    try:
        stats = report_stats(step_dir, seconds) or console_stats(step_dir)
    except (ValueError, KeyError) as e:
        print(f"unreadable Gatling report in {step_dir}: {e}", file=sys.stderr)
        stats = console_stats(step_dir)
    print(rate, *(stats or (0, 0, 0, 99999, 99999, 99999)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
