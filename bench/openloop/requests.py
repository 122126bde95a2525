#!/usr/bin/env python3
"""Raw HTTP/1.1 requests for bench/openloop (NUL-separated), the same ones the wrk scripts of bench/wrk send.

  requests.py sale <catalogue.csv> <count> <host:port> <bearer>   POST /locations/{l}/sales, 2 products, each with its
                                                                   own Idempotency-Key (bench/wrk/pos-sale.lua)
  requests.py add  <carts.csv> <count> <host:port> <bearer>       POST /carts/{id}/items (bench/wrk/add-to-cart.lua)
  requests.py get  <paths.csv> <count> <host:port> [bearer]       GET a random path (bench/wrk/get-paths.lua)

Writes to stdout; rows are drawn at random (seeded), one request per row drawn. GETs stop at 20,000 requests (openloop
sends a file's requests round and round; only writes need one request per operation).
"""
import csv
import random
import sys
import uuid


def request(method, path, host, bearer, body=None, extra=()):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Accept: application/json"]
    if bearer:
        lines.append(f"Authorization: Bearer {bearer}")
    lines.extend(extra)
    data = b""
    if body is not None:
        data = body.encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def main():
    kind, source, count, host = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    bearer = sys.argv[5] if len(sys.argv) > 5 else ""
    if kind == "get":
        count = min(count, 20000)
    with open(source, newline="") as f:
        rows = list(csv.reader(f))[1:]  # each file starts with a header line
    rnd = random.Random(42)
    run = uuid.uuid4().hex[:12]
    out = sys.stdout.buffer
    for i in range(count):
        r = rnd.choice(rows)
        if kind == "sale":
            body = ('{"items":[{"productId":"%s","quantity":1},{"productId":"%s","quantity":1}]}' % (r[1], r[2]))
            req = request("POST", f"/locations/{r[0]}/sales", host, bearer, body, [f"Idempotency-Key: ol-{run}-{i}"])
        elif kind == "add":
            req = request("POST", f"/carts/{r[0]}/items", host, bearer, '{"productId":"%s","quantity":1}' % r[1])
        elif kind == "get":
            req = request("GET", r[0], host, bearer)
        else:
            sys.exit(f"unknown kind {kind}")
        out.write(req + b"\0")


if __name__ == "__main__":
    main()
