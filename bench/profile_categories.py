#!/usr/bin/env python3
"""Where a CPU profile's samples go, by library: profile_categories.py <file.collapsed>...

A sample counts for the JIT compiler or GC threads when one of its frames is theirs; otherwise for the library of its
innermost Java frame (the kernel and native frames under it are that frame's cost: a socket write in the JDK counts for
the JDK). Input: async-profiler's collapsed stacks (bench/profile.sh).
"""
import sys, collections
cats = [
 ("JIT compiler threads", ["CompileBroker"]),
 ("GC threads", ["G1", "GCTask", "WorkerThread::run", "ConcurrentGCThread"]),
]
pk = [("Kafka clients", ["org/apache/kafka"]), ("Jackson", ["com/fasterxml/jackson"]), ("Hibernate Validator", ["org/hibernate/validator"]),
 ("JWT, security", ["smallrye/jwt", "jose4j", "io/quarkus/security", "shop/platform/security"]), ("Micrometer", ["io/micrometer"]),
 ("OpenTelemetry", ["io/opentelemetry"]), ("SmallRye context propagation", ["io/smallrye/context"]), ("ArC (CDI)", ["io/quarkus/arc"]),
 ("Vert.x PostgreSQL client", ["io/vertx/pgclient", "io/vertx/sqlclient"]), ("RESTEasy Reactive", ["org/jboss/resteasy"]),
 ("Mutiny", ["io/smallrye/mutiny"]), ("SmallRye Reactive Messaging", ["io/smallrye/reactive/messaging"]), ("Netty", ["io/netty"]), ("Vert.x core/web", ["io/vertx"]),
 ("our code", ["shop/"]), ("JDK", ["java/", "jdk/", "sun/"])]
for path in sys.argv[1:]:
    total = 0; c = collections.Counter()
    for line in open(path):
        st, _, n = line.rstrip().rpartition(" "); n = int(n); total += n
        fr = st.split(";")
        cat = None
        for name, keys in cats:
            if any(any(k in f for k in keys) for f in fr): cat = name; break
        if cat is None:
            # the innermost Java frame decides (kernel and native frames below it are its cost)
            for f in reversed(fr):
                for name, keys in pk:
                    if any(f.startswith(k) or k in f.split('.')[0] for k in keys): cat = name; break
                if cat: break
        c[cat or "native, VM, other"] += n
    print(f"\n{path.split('/')[-1]}: {total} samples")
    for k, v in c.most_common(14): print(f"  {v*100/total:5.1f} %  {k}")
