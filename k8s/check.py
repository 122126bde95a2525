#!/usr/bin/env python3
"""Checks k8s/ offline, as far as it can be without a cluster (none runs on the machines that test it):

1. every overlay renders (kubectl kustomize) and its generated parts are current (the HTTPRoutes from the routing
   table, the PrometheusRule from deploy/observability/rules.yml);
2. every rendered object is valid against its schema, with no unknown field (k8s/check/validate.mjs: the
   kubernetes-models packages for Kubernetes, Gateway API, KEDA, Argo Rollouts and the Prometheus operator; the
   Strimzi and CloudNativePG CRDs from K8S_CRDS, ../shared/k8s-crds or /work/shared/k8s-crds);
3. what schemas cannot see, per overlay: selectors match pod templates; Services select pods that have their
   target ports; every HTTPRoute backend is a Service with that port and its parent a Gateway, as the gateway
   policies' targets; every topic of the
   local stack and its .dlq has a KafkaTopic with the same partitions; a service's KafkaUser may read what it
   consumes, write what it publishes (the README's event table) and the .dlq of what it consumes, read its consumer
   groups, and run its Kafka Streams application (group, internal topics, transactional ids); KEDA never scales a consumer past its topic's partitions; every setting a
   service reads is set; every ConfigMap and Secret a pod or scaler uses is rendered, made by an operator from a
   rendered resource, or on the list of those the operator of the platform provides (EXTERNAL, k8s/README.md);
   every scale target, Rollout service, route and analysis exists; a release's analysis reads recorded series of
   the tested rules; at its most replicas, a service's connection pools fit in its PostgreSQL's max_connections.

  k8s/check.py      exit 0 when all hold, else the list of what does not
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

K8S = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(K8S)
sys.path.insert(0, os.path.join(ROOT, "deploy"))
from settings import SERVICES, kafka_identities, settings_read, topics_published, topics_read  # noqa: E402

# Provided by whoever runs the platform, not by these manifests (k8s/README.md, "Before the first deploy")
EXTERNAL = {
    ("ConfigMap", "shop-jwt"): {"jwt-public.pem"},  # the identity provider's public key
    ("Secret", "shop-cart-token-keys"): {"keys"},  # the guest-cart token keys (deploy/local/stack.sh keys)
    ("Secret", "shop-tls"): {"tls.crt", "tls.key"},  # the gateway's certificate (cert-manager)
    ("Secret", "shop-metrics-client"): {"client-id", "client-secret"},  # Prometheus' client of the identity provider
}
RESERVED_CONNECTIONS = 20  # of each PostgreSQL's max_connections, for the operator, replication and an administrator
GENERATED = [  # (render script, file it writes)
    ("base/gateway/render.sh", "base/gateway/routes.yaml"),
    ("base/monitoring/render.sh", "base/monitoring/rules.yaml"),
]


def allows(acls, kind, name, op):
    """Whether a Strimzi simple-authorization ACL list lets its user do op on the resource (literal or prefix)."""
    for a in acls:
        r = a["resource"]
        if r["type"] != kind or not (op in a["operations"] or "All" in a["operations"]):
            continue
        if kind == "cluster" or (r.get("patternType", "literal") == "prefix" and name.startswith(r["name"])) \
                or r["name"] == name:
            return True
    return False


def crd_dir():
    """The Strimzi and CloudNativePG CRDs (not copied here): K8S_CRDS, else the workspace's shared folder next to this
    checkout, else where these machines keep it (a clone elsewhere, e.g. a clean clone in /tmp, still finds them)."""
    candidates = [os.environ.get("K8S_CRDS"), os.path.join(ROOT, "..", "shared", "k8s-crds"), "/work/shared/k8s-crds"]
    for path in filter(None, candidates):
        if os.path.isdir(path):
            return os.path.normpath(path)
    sys.exit(f"k8s/check.py: no CRD schemas in {[c for c in candidates if c]} "
             "(set K8S_CRDS to a folder holding the Strimzi and CloudNativePG CRDs)")


def kubectl():
    """The machine's kubectl, else the one k8s/check.sh install took from npm."""
    local = os.path.join(K8S, "check", "bin", "kubectl")
    return "kubectl" if shutil.which("kubectl") else local


def render(overlay, out):
    result = subprocess.run([kubectl(), "kustomize", os.path.join(K8S, "overlays", overlay)], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"k8s/overlays/{overlay} does not render:\n{result.stderr}")
    with open(out, "w") as f:
        f.write(result.stdout)
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def pod_selector(sel):
    """matchLabels of a LabelSelector, or equality pairs of its matchExpressions with one value."""
    out = dict(sel.get("matchLabels") or {})
    return out


class Overlay:
    def __init__(self, name, objects):
        self.name, self.objects, self.problems = name, objects, []
        self.by = {}
        for o in objects:
            self.by.setdefault(o["kind"], {})[o["metadata"]["name"]] = o

    def kind(self, kind):
        return self.by.get(kind, {})

    def problem(self, text):
        self.problems.append(f"{self.name}: {text}")

    def workloads(self):
        """Deployments and Rollouts with their pod templates (a Rollout with a workloadRef uses its Deployment's)."""
        for kind in ("Deployment", "Rollout"):
            for name, w in self.kind(kind).items():
                template = w["spec"].get("template")
                if template is None and w["spec"].get("workloadRef"):
                    ref = w["spec"]["workloadRef"]
                    target = self.kind(ref["kind"]).get(ref["name"])
                    if target is None:
                        self.problem(f"Rollout/{name}: workloadRef {ref['kind']}/{ref['name']} does not exist")
                        continue
                    template = target["spec"]["template"]
                yield kind, name, w, template

    def check_selectors(self):
        for kind, name, w, template in self.workloads():
            labels = template["metadata"].get("labels", {})
            if not matches(w["spec"]["selector"].get("matchLabels"), labels):
                self.problem(f"{kind}/{name}: selector does not match its pod template's labels")
        templates = [t for _, _, _, t in self.workloads()]
        for name, pdb in self.kind("PodDisruptionBudget").items():
            if not any(matches(pod_selector(pdb["spec"]["selector"]), t["metadata"].get("labels", {}))
                       for t in templates):
                self.problem(f"PodDisruptionBudget/{name}: selects no pods")
        for name, svc in self.kind("Service").items():
            selected = [t for t in templates if matches(svc["spec"].get("selector"), t["metadata"].get("labels", {}))]
            if not selected:
                self.problem(f"Service/{name}: selects no pods")
            for port in svc["spec"]["ports"]:
                target = port.get("targetPort", port["port"])
                for t in selected:
                    ports = [p for c in t["spec"]["containers"] for p in c.get("ports", [])]
                    if not any(p.get("name") == target or p["containerPort"] == target for p in ports):
                        self.problem(f"Service/{name}: its pods have no port {target}")

    def check_routes(self):
        for kind in ("ClientTrafficPolicy", "BackendTrafficPolicy"):
            for name, policy in self.kind(kind).items():
                for ref in policy["spec"].get("targetRefs", []):
                    if ref["name"] not in self.kind(ref["kind"]):
                        self.problem(f"{kind}/{name}: target {ref['kind']} {ref['name']} does not exist")
        for name, route in self.kind("HTTPRoute").items():
            for parent in route["spec"]["parentRefs"]:
                if parent["name"] not in self.kind("Gateway"):
                    self.problem(f"HTTPRoute/{name}: parent Gateway {parent['name']} does not exist")
            for rule in route["spec"]["rules"]:
                for ref in rule.get("backendRefs", []):
                    svc = self.kind("Service").get(ref["name"])
                    if svc is None:
                        self.problem(f"HTTPRoute/{name}: backend Service {ref['name']} does not exist")
                    elif not any(p["port"] == ref["port"] for p in svc["spec"]["ports"]):
                        self.problem(f"HTTPRoute/{name}: Service {ref['name']} has no port {ref['port']}")

    def check_topics(self, local_topics):
        topics = {t["spec"].get("topicName", name): t for name, t in self.kind("KafkaTopic").items()}
        for t in local_topics:
            for name in (t, t + ".dlq"):
                if name not in topics:
                    self.problem(f"topic {name} (local stack) has no KafkaTopic")
            if t in topics and t + ".dlq" in topics and \
                    topics[t]["spec"]["partitions"] != topics[t + ".dlq"]["spec"]["partitions"]:
                self.problem(f"KafkaTopic {t}.dlq: not as many partitions as {t}")
        users = self.kind("KafkaUser")
        for service in SERVICES:
            incoming, dead = topics_read(service)
            user = users.get(service)
            if user is None:
                self.problem(f"{service}: no KafkaUser")
                continue
            acls = user["spec"]["authorization"]["acls"]
            published = topics_published(service)
            for topic, op in [(t, "Read") for t in incoming] + [(t, "Write") for t in dead | published]:
                if topic not in topics:
                    self.problem(f"{service}: reads, publishes or dead-letters to {topic}, which has no KafkaTopic")
                if not allows(acls, "topic", topic, op):
                    self.problem(f"KafkaUser/{service}: no {op} on topic {topic}")
            groups, streams = kafka_identities(service)
            needed = [("group", g, "Read") for g in groups]
            if streams:  # a Kafka Streams application: its group, internal topics and transactions (exactly-once)
                needed += [("group", streams, "Read"), ("topic", streams + "-x-changelog", "Create"),
                           ("topic", streams + "-x-repartition", "Write"), ("topic", streams + "-x-repartition", "Read"),
                           ("transactionalId", streams + "-x", "Write"), ("cluster", None, "IdempotentWrite")]
            for kind, name, op in needed:
                if not allows(acls, kind, name, op):
                    self.problem(f"KafkaUser/{service}: no {op} on {kind} {name or ''}".rstrip())
        for name, so in self.kind("ScaledObject").items():
            for trigger in so["spec"]["triggers"]:
                if trigger["type"] != "kafka":
                    continue
                topic = trigger["metadata"].get("topic")
                if topic not in topics:
                    self.problem(f"ScaledObject/{name}: trigger on {topic}, which has no KafkaTopic")
                elif so["spec"].get("maxReplicaCount", 100) > topics[topic]["spec"]["partitions"]:
                    self.problem(f"ScaledObject/{name}: up to {so['spec'].get('maxReplicaCount', 100)} replicas, "
                                 f"{topic} has {topics[topic]['spec']['partitions']} partitions")

    def made_by_operators(self):
        """Secrets (with their keys) that Strimzi and CloudNativePG write for the rendered resources."""
        made = {}
        for name in self.kind("KafkaUser"):
            made[("Secret", name)] = {"password", "sasl.jaas.config"}
        for name in self.kind("Kafka"):
            made[("Secret", f"{name}-cluster-ca-cert")] = {"ca.crt", "ca.p12", "ca.password"}
        for name in self.kind("Cluster"):
            made[("Secret", f"{name}-app")] = {"username", "password", "uri", "host", "port", "dbname"}
        return made

    def check_references(self):
        known = dict(EXTERNAL)
        known.update(self.made_by_operators())
        for kind in ("ConfigMap", "Secret"):
            for name, o in self.kind(kind).items():
                known[(kind, name)] = set((o.get("data") or {}).keys()) | set((o.get("stringData") or {}).keys())

        def need(what, kind, name, key=None):
            if (kind, name) not in known:
                self.problem(f"{what}: {kind} {name} is neither rendered, made by an operator nor listed as provided")
            elif key is not None and key not in known[(kind, name)]:
                self.problem(f"{what}: {kind} {name} has no key {key}")

        for kind, name, _, template in self.workloads():
            spec = template["spec"]
            for v in spec.get("volumes", []):
                if "configMap" in v:
                    need(f"{kind}/{name}", "ConfigMap", v["configMap"]["name"])
                if "secret" in v:
                    for item in v["secret"].get("items", [{}]):
                        need(f"{kind}/{name}", "Secret", v["secret"]["secretName"], item.get("key"))
            if spec.get("serviceAccountName") and spec["serviceAccountName"] not in self.kind("ServiceAccount"):
                self.problem(f"{kind}/{name}: ServiceAccount {spec['serviceAccountName']} does not exist")
            for c in spec["containers"]:
                given = set()
                for source in c.get("envFrom", []):
                    ref = source.get("configMapRef") or source.get("secretRef")
                    ref_kind = "ConfigMap" if "configMapRef" in source else "Secret"
                    need(f"{kind}/{name}", ref_kind, ref["name"])
                    given |= known.get((ref_kind, ref["name"]), set())
                for e in c.get("env", []):
                    given.add(e["name"])
                    source = e.get("valueFrom", {})
                    for ref_kind, field in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
                        if field in source:
                            need(f"{kind}/{name} env {e['name']}", ref_kind, source[field]["name"], source[field]["key"])
                if c["name"] in SERVICES:
                    missing = sorted(set(settings_read(c["name"])) - given)
                    if missing:
                        self.problem(f"{kind}/{name}: not set: {', '.join(missing)}")
        for name, auth in self.kind("TriggerAuthentication").items():
            for ref in auth["spec"].get("secretTargetRef", []):
                need(f"TriggerAuthentication/{name}", "Secret", ref["name"], ref["key"])
            for ref in auth["spec"].get("configMapTargetRef", []):
                need(f"TriggerAuthentication/{name}", "ConfigMap", ref["name"], ref["key"])
        for name, gw in self.kind("Gateway").items():
            for listener in gw["spec"]["listeners"]:
                for ref in (listener.get("tls") or {}).get("certificateRefs", []):
                    need(f"Gateway/{name}", "Secret", ref["name"])
        for name, pm in self.kind("PodMonitor").items():
            for ep in pm["spec"]["podMetricsEndpoints"]:
                credentials = (ep.get("authorization") or {}).get("credentials")
                if credentials:
                    need(f"PodMonitor/{name}", "Secret", credentials["name"], credentials["key"])
                oauth2 = ep.get("oauth2") or {}
                for ref in (oauth2.get("clientId", {}).get("secret"), oauth2.get("clientSecret")):
                    if ref:
                        need(f"PodMonitor/{name}", "Secret", ref["name"], ref["key"])

    def check_targets(self):
        for kind in ("HorizontalPodAutoscaler", "ScaledObject"):
            for name, o in self.kind(kind).items():
                ref = o["spec"]["scaleTargetRef"]
                target_kind = ref.get("kind", "Deployment")
                if ref["name"] not in self.kind(target_kind):
                    self.problem(f"{kind}/{name}: scale target {target_kind}/{ref['name']} does not exist")
                if target_kind == "Deployment" and ref["name"] in self.kind("Rollout"):
                    self.problem(f"{kind}/{name}: scales the Deployment a Rollout drives (scale the Rollout)")
                for trigger in o["spec"].get("triggers", []):
                    auth = (trigger.get("authenticationRef") or {}).get("name")
                    if auth and auth not in self.kind("TriggerAuthentication"):
                        self.problem(f"{kind}/{name}: TriggerAuthentication {auth} does not exist")
        for name, auth in self.kind("TriggerAuthentication").items():
            if auth["spec"].get("env"):
                # KEDA reads env from the scale target's pod template, which a Rollout with a workloadRef has not
                self.problem(f"TriggerAuthentication/{name}: reads env from a pod template; use configMapTargetRef")
        for name, rollout in self.kind("Rollout").items():
            canary = rollout["spec"]["strategy"].get("canary", {})
            for key in ("stableService", "canaryService"):
                if canary.get(key) and canary[key] not in self.kind("Service"):
                    self.problem(f"Rollout/{name}: {key} {canary[key]} does not exist")
            for plugin in (canary.get("trafficRouting") or {}).get("plugins", {}).values():
                route = plugin.get("httpRoute")
                if route not in self.kind("HTTPRoute"):
                    self.problem(f"Rollout/{name}: HTTPRoute {route} does not exist")
                else:
                    backends = {b["name"] for r in self.kind("HTTPRoute")[route]["spec"]["rules"]
                                for b in r.get("backendRefs", [])}
                    if {canary.get("stableService"), canary.get("canaryService")} - backends:
                        self.problem(f"Rollout/{name}: HTTPRoute {route} does not send to both its services")
            for t in (canary.get("analysis") or {}).get("templates", []):
                if t["templateName"] not in self.kind("AnalysisTemplate"):
                    self.problem(f"Rollout/{name}: AnalysisTemplate {t['templateName']} does not exist")
        recorded = {r["record"] for rule in self.kind("PrometheusRule").values() for g in rule["spec"]["groups"]
                    for r in g["rules"] if "record" in r}
        for name, template in self.kind("AnalysisTemplate").items():
            for metric in template["spec"]["metrics"]:
                query = metric["provider"]["prometheus"]["query"]
                # a canary's analysis reads the recording rules promtool tests, not an expression of its own
                series = re.match(r"\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\{", query)
                if not series or series.group(1) not in recorded:
                    self.problem(f"AnalysisTemplate/{name}: {metric['name']} does not read a recorded series of "
                                 f"deploy/observability/rules.yml")
        self.check_connections()
        if self.kind("Rollout"):
            for service in SERVICES:
                if service not in self.kind("Rollout"):
                    self.problem(f"{service}: released without a Rollout while the others have one")

    def check_connections(self):
        """At its most replicas, every pod of a service holding its pools full (the reactive DB_POOL_SIZE and the
        JDBC pool Flyway uses) still leaves RESERVED_CONNECTIONS of its cluster's max_connections to the operator,
        replication and an administrator."""
        most = {}
        for kind, key in (("HorizontalPodAutoscaler", "maxReplicas"), ("ScaledObject", "maxReplicaCount")):
            for o in self.kind(kind).values():
                most[o["spec"]["scaleTargetRef"]["name"]] = o["spec"][key]
        for service in SERVICES:
            settings = self.kind("ConfigMap").get(service, {}).get("data", {})
            cluster = re.match(r"postgresql://([^:/]+)-rw[:/]", settings.get("DB_URL", ""))
            if not cluster or cluster.group(1) not in self.kind("Cluster"):
                self.problem(f"{service}: DB_URL names no PostgreSQL Cluster")
                continue
            props = open(os.path.join(ROOT, service, "src/main/resources/application.properties")).read()
            jdbc = int(re.search(r"^quarkus\.datasource\.jdbc\.max-size=(\d+)", props, re.M).group(1))
            pods = most.get(service, 1)
            needed = pods * (int(settings["DB_POOL_SIZE"]) + jdbc)
            limit = int(self.kind("Cluster")[cluster.group(1)]["spec"]["postgresql"]["parameters"]["max_connections"])
            if needed > limit - RESERVED_CONNECTIONS:
                self.problem(f"{service}: {pods} pods x ({settings['DB_POOL_SIZE']} + {jdbc}) connections = {needed}, "
                             f"over {limit} - {RESERVED_CONNECTIONS} of {cluster.group(1)}")


def main():
    crds = crd_dir()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for script, target in GENERATED:
            fresh = os.path.join(tmp, "fresh")
            subprocess.run([os.path.join(K8S, script), fresh], check=True)
            if open(fresh).read() != open(os.path.join(K8S, target)).read():
                problems.append(f"k8s/{target} is not what k8s/{script} renders today (run it)")
        overlays = sorted(os.listdir(os.path.join(K8S, "overlays")))
        files, rendered = [], {}
        for overlay in overlays:
            path = os.path.join(tmp, f"{overlay}.yaml")
            rendered[overlay] = render(overlay, path)
            files.append(path)
        schemas = subprocess.run(["node", os.path.join(K8S, "check", "validate.mjs"), crds] + files,
                                 capture_output=True, text=True)
        if schemas.returncode != 0:
            problems += [f"schema: {line}" for line in (schemas.stderr or schemas.stdout).splitlines()]
    stack = open(os.path.join(ROOT, "deploy/local/stack.sh")).read()
    local_topics = re.search(r"^TOPICS=\(([^)]*)\)", stack, re.M).group(1).split()
    for overlay in overlays:
        o = Overlay(overlay, rendered[overlay])
        o.check_selectors()
        o.check_routes()
        o.check_topics(local_topics)
        o.check_references()
        o.check_targets()
        problems += o.problems
    problems = list(dict.fromkeys(problems))  # a Rollout and the Deployment it takes over share their template
    if problems:
        sys.exit("k8s/:\n  " + "\n  ".join(problems))
    counts = ", ".join(f"{name} {len(objs)} objects" for name, objs in rendered.items())
    print(f"k8s/: {counts}; {schemas.stdout.strip()}; cross-checks hold")


if __name__ == "__main__":
    main()
