"""The settings a service reads from its environment: every ${NAME} or ${NAME:default} of its application.properties
and of the platform modules' microprofile-config.properties (the tests' own TEST_* apart). Used by the offline checks
of every way the system is deployed (deploy/docker/check.py, k8s/check.py)."""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ["stock-service", "cart-service", "projection-service", "analytics-service"]


def settings_read(module):
    """{name: default, or None when it has none} for one service module."""
    files = [os.path.join(ROOT, module, "src/main/resources/application.properties")]
    files += sorted(glob.glob(os.path.join(ROOT, "platform/*/src/main/resources/META-INF/microprofile-config.properties")))
    found = {}
    for f in files:
        for line in open(f):
            if line.lstrip().startswith("#"):
                continue
            for name, has_default, default in re.findall(r"\$\{([A-Z_]+)(:([^}]*))?\}", line):
                if not name.startswith("TEST_"):
                    found[name] = default if has_default else None
    return found


def topics_read(module):
    """The Kafka topics a service consumes (incoming channels) and the dead-letter topics it writes to."""
    incoming, dead = set(), set()
    for line in open(os.path.join(ROOT, module, "src/main/resources/application.properties")):
        m = re.match(r"mp\.messaging\.incoming\.[a-z-]+\.(dead-letter-queue\.)?topic=([a-z.-]+)\s*$", line)
        if m:
            (dead if m.group(1) else incoming).add(m.group(2))
    m = re.search(r"^mp\.messaging\.outgoing\.dead-letters\.topic=", open(
        os.path.join(ROOT, module, "src/main/resources/application.properties")).read(), re.M)
    if m:  # a batch consumer's dead letters go to <topic>.dlq of whatever it consumes (DeadLetters)
        dead |= {t + ".dlq" for t in incoming}
    return incoming, dead


def topics_published(module):
    """The topics a service publishes, as the README's event table says (EventFlowDocTest checks it against code)."""
    published = set()
    for line in open(os.path.join(ROOT, "README.md")):
        m = re.match(r"\| `([a-z-]+)` \| [^|]+ \| ([a-z-]+) \|", line)
        if m and m.group(2) == module:
            published.add(m.group(1))
    return published


def kafka_identities(module):
    """What a service names itself as to Kafka: its consumer groups (a name ending in '-' is a prefix: one group
    per instance) and, for a Kafka Streams application, its application id (its group, the prefix of its internal
    topics and of its transactional ids)."""
    props = open(os.path.join(ROOT, module, "src/main/resources/application.properties")).read()
    name = re.search(r"^quarkus\.application\.name=([a-z-]+)", props, re.M)
    groups = {name.group(1) if name else module}  # the connector's default group.id is quarkus.application.name
    for m in re.finditer(r"^mp\.messaging\.incoming\.[a-z-]+\.group\.id=([a-z-]+)", props, re.M):
        groups.add(m.group(1))
    streams = re.search(r"^quarkus\.kafka-streams\.application-id=([a-z-]+)\s*$", props, re.M)
    return groups, streams.group(1) if streams else None
