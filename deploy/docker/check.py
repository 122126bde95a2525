#!/usr/bin/env python3
"""Checks deploy/compose.yaml offline, as far as it can be without Docker (none runs on the machines that test it):

- it parses (anchors and merge keys resolved) and every service has an image or a build whose Dockerfile and module
  exist; every depends_on names a service; every file it mounts from the repository exists;
- every setting a service reads without a default, or whose default points at 127.0.0.1 (right only outside a
  container), is set in its environment or its env_file;
- the topics it creates are the local stack's (deploy/local/stack.sh), each with its dead-letter topic;
- the gateway's config is the one deploy/docker/render.sh renders from the routing table today;
- Prometheus scrapes the same jobs as the local one, with the same rules.

  deploy/docker/check.py       exit 0 when all hold, else the list of what does not
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

DEPLOY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, DEPLOY)
from settings import SERVICES as JAVA_SERVICES, settings_read  # noqa: E402
FROM_ENV_FILE = {"CART_TOKEN_KEYS"}  # .local/keys/compose.env, written by deploy/local/stack.sh keys


def settings_needed(module):
    """Variables a service must be given: no default, or a default that only works outside a container."""
    return {name for name, default in settings_read(module).items()
            if default is None or re.search(r"127\.0\.0\.1|localhost", default)}


def main():
    problems = []
    compose = yaml.safe_load(open(os.path.join(DEPLOY, "compose.yaml")))
    services = compose["services"]
    for name, svc in services.items():
        if "image" not in svc and "build" not in svc:
            problems.append(f"{name}: neither image nor build")
        build = svc.get("build")
        if build:
            context = os.path.normpath(os.path.join(DEPLOY, build["context"]))
            if not os.path.exists(os.path.join(context, build["dockerfile"])):
                problems.append(f"{name}: no {build['dockerfile']}")
            module = build.get("args", {}).get("MODULE")
            if module and not os.path.exists(os.path.join(context, module, "pom.xml")):
                problems.append(f"{name}: no module {module}")
        for dep in svc.get("depends_on", {}) or {}:
            if dep not in services:
                problems.append(f"{name}: depends on {dep}, which is not a service")
        for volume in svc.get("volumes", []) or []:
            source = volume.split(":")[0]
            if source.startswith(".") and ".local/" not in source:
                if not os.path.exists(os.path.normpath(os.path.join(DEPLOY, source))):
                    problems.append(f"{name}: mounts {source}, which does not exist")
    for module in JAVA_SERVICES:
        svc = services.get(module)
        if svc is None:
            problems.append(f"{module}: missing")
            continue
        given = set((svc.get("environment") or {}).keys()) | (FROM_ENV_FILE if svc.get("env_file") else set())
        missing = sorted(settings_needed(module) - given - {"HTTP_PORT"})  # the image sets HTTP_PORT=8080
        if missing:
            problems.append(f"{module}: not set: {', '.join(missing)}")
    stack = open(os.path.join(DEPLOY, "local/stack.sh")).read()
    topics = re.search(r"^TOPICS=\(([^)]*)\)", stack, re.M).group(1).split()
    created = re.search(r"for t in ([^;]*);", " ".join(services["kafka-topics"]["command"])).group(1).split()
    if created != topics:
        problems.append(f"kafka-topics creates {created}, the local stack {topics}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([os.path.join(DEPLOY, "docker/render.sh"), os.path.join(tmp, "gateway.conf")], check=True)
        if open(os.path.join(tmp, "gateway.conf")).read() != open(os.path.join(DEPLOY, "docker/gateway.conf")).read():
            problems.append("deploy/docker/gateway.conf is not what the routing table renders (deploy/docker/render.sh)")
    jobs = lambda path: [j["job_name"] for j in yaml.safe_load(open(path))["scrape_configs"]]
    local, docker = jobs(os.path.join(DEPLOY, "observability/prometheus.yml")), jobs(os.path.join(DEPLOY, "docker/prometheus.yml"))
    if local != docker:
        problems.append(f"Prometheus jobs differ: local {local}, compose {docker}")
    if problems:
        sys.exit("deploy/compose.yaml:\n  " + "\n  ".join(problems))
    print(f"deploy/compose.yaml: {len(services)} services checked")


if __name__ == "__main__":
    main()
