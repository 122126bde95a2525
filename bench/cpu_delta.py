"""What the servers used between two snapshots of bench/wrk-cpu.sh's cpu_ticks (imported by its Python parts).

A snapshot has one line per process ("name ticks", JIT threads included), one per JIT compiler thread
("jit:name:tid ticks"), "postgresql ticks", the same split by database ("pgdb:<database> ticks", apart from every
total) and "wall ticks". deltas() answers the ticks each process used without its
compiler threads, the compiler threads' ticks, and the wall time in ticks. A compiler thread is diffed by its id: one
that starts counts from 0; one that ends before the second snapshot leaves what it used since the first in its
process (JDK 17 adds and removes them with the compile queue): that part is charged to the service, never more.
"""


def read(path):
    return {line.split()[0]: int(line.split()[1]) for line in open(path) if line.strip()}


def deltas(before, after):
    b, a = read(before), read(after)
    jit_by_name, jit = {}, 0
    for key, ticks in a.items():
        if key.startswith("jit:"):
            name = key.split(":")[1]
            d = max(ticks - b.get(key, 0), 0)
            jit_by_name[name] = jit_by_name.get(name, 0) + d
            jit += d
    used = {}
    for key, ticks in a.items():
        if key.startswith(("jit:", "pgdb:")) or key == "wall" or key not in b:
            continue
        used[key] = max(ticks - b[key] - jit_by_name.get(key, 0), 0)
    return used, jit, a["wall"] - b["wall"]


def by_database(before, after):
    """PostgreSQL's ticks between two snapshots per database its backends serve ("-": background, exited)."""
    b, a = read(before), read(after)
    return {k[5:]: max(v - b.get(k, 0), 0) for k, v in a.items() if k.startswith("pgdb:")}
