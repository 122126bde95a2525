#!/usr/bin/env python3
"""Grafana dashboards (JSON) for the platform: an overview and one per service, written from the panels below.

  dashboards.py write [dir]     writes <dir>/<uid>.json (default: deploy/observability/dashboards)
  dashboards.py check [dir]     fails if a file there differs from what write would write
  dashboards.py metrics FILE..  the metric names the PromQL of rules (YAML) and dashboards (JSON) read, one per line

Every service is a Prometheus job of its own name (deploy/observability/prometheus.yml); the dashboards take the
data source as a variable. The e2e tests check that every metric named here and in rules.yml is one the running
services expose.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES = ["stock-service", "cart-service", "projection-service", "analytics-service"]


def http(job):
    """Rate, errors and latency of one service, per route."""
    sel = f'job="{job}"'
    return [
        ("Requests per second, by route", f"sum by (method, uri) (rate(http_server_requests_seconds_count{{{sel}}}[5m]))",
         "{{method}} {{uri}}", "reqps"),
        ("Errors (5xx) ratio", f"(sum(rate(http_server_requests_seconds_count{{{sel},status=~\"5..\"}}[5m])) or vector(0)) / "
         f"sum(rate(http_server_requests_seconds_count{{{sel}}}[5m]))", "5xx", "percentunit"),
        ("Latency p95 by route (commands: SLO 100 ms)",
         f"histogram_quantile(0.95, sum by (method, uri, le) (rate(http_server_requests_seconds_bucket{{{sel}}}[5m])))",
         "{{method}} {{uri}}", "s"),
        ("Latency p99 by route (queries: SLO 50 ms)",
         f"histogram_quantile(0.99, sum by (method, uri, le) (rate(http_server_requests_seconds_bucket{{{sel}}}[5m])))",
         "{{method}} {{uri}}", "s"),
        ("Refusals by code", f"sum by (code) (rate(api_rejections_total{{{sel}}}[5m]))", "{{code}}", "reqps"),
    ]


def consumers(job):
    sel = f'job="{job}"'
    return [
        ("Consumer lag (records, max per client)", f"max by (client_id) (kafka_consumer_fetch_manager_records_lag_max{{{sel}}})",
         "{{client_id}}", "short"),
        ("Dead letters (10 min)", f"sum by (consumer) (increase(dead_letters_total{{{sel}}}[10m]))", "{{consumer}}",
         "short"),
    ]


def outbox(job):
    sel = f'job="{job}"'
    return [
        ("Outbox backlog (events not yet on Kafka, counted up to 10,000)", f"outbox_backlog{{{sel}}}", "backlog", "short"),
        ("Outbox oldest event age", f"outbox_oldest_age_seconds{{{sel}}}", "oldest", "s"),
        ("Outbox publish lag p99 (commit → Kafka ack)",
         f"histogram_quantile(0.99, sum by (le) (rate(outbox_publish_lag_seconds_bucket{{{sel}}}[5m])))", "p99", "s"),
    ]


DASHBOARDS = {
    "shop-overview": ("Shop: overview", [
        ("Errors (5xx) ratio by service (SLO 0.1 %)", "shop:http_errors:ratio5m", "{{job}}", "percentunit"),
        ("Commands p95 (SLO 100 ms)", 'max by (job) (shop:http_latency_seconds:p95_5m{method!="GET"})', "{{job}}", "s"),
        ("Queries p99 (SLO 50 ms)", 'max by (job) (shop:http_latency_seconds:p99_5m{method="GET"})', "{{job}}", "s"),
        ("Requests per second by service", "sum by (job) (shop:http_requests:rate5m)", "{{job}}", "reqps"),
        ("Projection lag p99 (SLO 1 s)", "shop:projection_apply_lag_seconds:p99_5m", "{{name}}", "s"),
        ("Cache hit ratio (SLO 90 %)", "shop:projection_cache_hit:ratio5m", "{{view}}", "percentunit"),
        ("Outbox oldest event age", "max by (job) (outbox_oldest_age_seconds)", "{{job}}", "s"),
        ("Consumer lag (records)", "max by (job) (kafka_consumer_fetch_manager_records_lag_max)", "{{job}}", "short"),
        ("Dead letters (10 min)", "sum by (job) (increase(dead_letters_total[10m]))", "{{job}}", "short"),
    ]),
    "shop-stock-service": ("Shop: stock-service", http("stock-service") + outbox("stock-service") + [
        ("Sales by outcome", 'sum by (outcome) (rate(stock_sales_total{job="stock-service"}[5m]))', "{{outcome}}",
         "ops"),
        ("Sale decision p99 (locks + guarded decrement)",
         'histogram_quantile(0.99, sum by (le) (rate(stock_sale_decrement_seconds_bucket{job="stock-service"}[5m])))',
         "p99", "s"),
        ("Reservations expired", 'sum(increase(stock_reservations_expired_total{job="stock-service"}[1h]))', "expired",
         "short"),
    ] + consumers("stock-service")),
    "shop-cart-service": ("Shop: cart-service", http("cart-service") + outbox("cart-service") + [
        ("Command p99 by command",
         'histogram_quantile(0.99, sum by (command, le) (rate(cart_command_seconds_bucket{job="cart-service"}[5m])))',
         "{{command}}", "s"),
        ("Version conflicts", 'sum(rate(cart_command_conflicts_total{job="cart-service"}[5m]))', "conflicts", "ops"),
        ("Orders expired (no reservation in time)", 'sum(increase(cart_orders_expired_total{job="cart-service"}[1h]))',
         "expired", "short"),
    ] + consumers("cart-service")),
    "shop-projection-service": ("Shop: projection-service", http("projection-service") + [
        ("Projection lag p99 by read model (SLO 1 s)",
         'histogram_quantile(0.99, sum by (name, le) (rate(projection_apply_lag_seconds_bucket{job="projection-service"}[5m])))',
         "{{name}}", "s"),
        ("Events behind, by read model", 'projection_lag_events{job="projection-service"}', "{{name}}", "short"),
        ("Cache hit ratio by view (SLO 90 %)",
         'sum by (view) (rate(projection_cache_total{job="projection-service",result="hit"}[5m])) / '
         'sum by (view) (rate(projection_cache_total{job="projection-service"}[5m]))', "{{view}}", "percentunit"),
        ("Events parked for a missing version", 'projection_waiting_events{job="projection-service"}', "{{name}}",
         "short"),
        ("Realtime stock subscribers (SSE)", 'projection_stream_subscribers{job="projection-service"}', "subscribers",
         "short"),
    ] + consumers("projection-service")),
    "shop-analytics-service": ("Shop: analytics-service", http("analytics-service") + [
        ("Figures lag (seconds behind the newest event)", 'analytics_lag_seconds{job="analytics-service"}',
         "{{topic}}", "s"),
        ("Events behind", 'analytics_lag_events{job="analytics-service"}', "{{topic}}", "short"),
        ("Live activity events by outcome",
         'sum by (outcome) (rate(analytics_activity_events_total{job="analytics-service"}[5m]))', "{{outcome}}", "ops"),
        ("Activity reads, local or proxied",
         'sum by (where) (rate(analytics_activity_reads_total{job="analytics-service"}[5m]))', "{{where}}", "reqps"),
    ] + consumers("analytics-service")),
}


def dashboard(uid, title, panels):
    out = []
    for i, (name, expr, legend, unit) in enumerate(panels):
        out.append({
            "id": i + 1, "type": "timeseries", "title": name,
            "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": "A", "expr": expr, "legendFormat": legend,
                         "datasource": {"type": "prometheus", "uid": "${datasource}"}}],
        })
    return {
        "uid": uid, "title": title, "tags": ["shop"], "schemaVersion": 39, "version": 1, "editable": True,
        "time": {"from": "now-1h", "to": "now"}, "refresh": "30s",
        "templating": {"list": [{"name": "datasource", "label": "Prometheus", "type": "datasource",
                                 "query": "prometheus"}]},
        "links": [{"title": "Shop dashboards", "type": "dashboards", "tags": ["shop"]}],
        "panels": out,
    }


def rendered():
    return {uid: json.dumps(dashboard(uid, title, panels), indent=2, ensure_ascii=False) + "\n"
            for uid, (title, panels) in DASHBOARDS.items()}


FUNCTIONS = {"sum", "max", "min", "avg", "count", "rate", "irate", "increase", "histogram_quantile", "by", "without",
             "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "round", "abs", "offset", "bool",
             "vector", "scalar", "clamp_min", "clamp_max", "time", "label_replace"}


# series Prometheus makes itself when it scrapes, not a service's
SCRAPE_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}


def metric_names(expr):
    """The metric names a PromQL expression reads (recording rules, with a ':', and scrape series are left out)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)         # strings
    expr = re.sub(r"\boffset\s+\w+", "", expr)                  # offsets
    expr = re.sub(r"\{[^}]*\}", "", expr)                      # label matchers
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)  # grouping labels
    expr = re.sub(r"\[[^\]]*\]", "", expr)                     # ranges
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr))
    return {n for n in names if n not in FUNCTIONS | SCRAPE_SERIES and ":" not in n and not re.fullmatch(r"[0-9e]+", n)}


def exprs(path):
    if path.endswith(".json"):
        d = json.load(open(path))
        return [t["expr"] for p in d["panels"] for t in p.get("targets", [])]
    text = open(path).read()  # rules: every "expr:" (one line, or a block scalar)
    found = []
    for m in re.finditer(r"^(\s*)expr:\s*(\|)?\s*(.*)$", text, re.M):
        if m.group(2):
            indent, block = None, []
            for line in text[m.end() + 1:].split("\n"):
                if line.strip() == "":
                    continue
                lead = len(line) - len(line.lstrip())
                if indent is None:
                    indent = lead
                if lead < indent:
                    break
                block.append(line.strip())
            found.append(" ".join(block))
        else:
            found.append(m.group(3))
    return found


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd in ("write", "check"):
        out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "dashboards")
        os.makedirs(out, exist_ok=True)
        stale = []
        for uid, text in rendered().items():
            path = os.path.join(out, uid + ".json")
            if cmd == "write":
                open(path, "w").write(text)
            elif not os.path.exists(path) or open(path).read() != text:
                stale.append(path)
        if stale:
            sys.exit("out of date (deploy/observability/dashboards.py write): " + ", ".join(stale))
    elif cmd == "metrics":
        names = set()
        for path in sys.argv[2:]:
            for e in exprs(path):
                names |= metric_names(e)
        print("\n".join(sorted(names)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
