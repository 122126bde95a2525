#!/usr/bin/env python3
"""Prometheus text helpers for the bench scripts (writes.sh, pipes.sh): two scrapes (before, after) of a service.

  prom.py p99 <before> <after> <metric> [label=value]    p99 (ms) of a histogram's observations between the scrapes
  prom.py sum <before> <after> <metric> [label=value...] increase of the matching counters between the scrapes
  prom.py sumre <before> <after> <regex> [label=value...] the same over every metric whose name matches the regex
"""
import re
import sys

# name{labels} value [# {exemplar labels} value timestamp]: the labels end at the first "}"
LINE = re.compile(r'^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)')


def samples(path, metric, labels, pattern=False):
    out = {}
    try:
        text = open(path).read()
    except OSError:
        return out
    for line in text.splitlines():
        m = LINE.match(line)
        if not m or not (re.fullmatch(metric, m.group(1)) if pattern else m.group(1) == metric):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            key = (m.group(1),) + tuple(sorted(found.items()))
            out[key] = out.get(key, 0.0) + float(m.group(3))
    return out


def delta(before, after, metric, labels, pattern=False):
    a, b = samples(before, metric, labels, pattern), samples(after, metric, labels, pattern)
    return {k: v - a.get(k, 0.0) for k, v in b.items()}


def p99(before, after, metric, labels):
    buckets = {}
    for key, count in delta(before, after, metric + "_bucket", labels).items():
        le = dict(key[1:])["le"]
        if le != "+Inf":
            buckets[float(le)] = buckets.get(float(le), 0.0) + count
    inf = sum(v for k, v in delta(before, after, metric + "_count", labels).items())
    if not inf:
        return "n/a"
    for le in sorted(buckets):
        if buckets[le] >= 0.99 * inf:
            return f"{le * 1000:.1f}"
    return "> max bucket"


def main():
    cmd, before, after, metric = sys.argv[1:5]
    labels = dict(arg.split("=", 1) for arg in sys.argv[5:])
    if cmd == "p99":
        print(p99(before, after, metric, labels))
    else:
        print(int(sum(delta(before, after, metric, labels, cmd == "sumre").values())))


if __name__ == "__main__":
    main()
