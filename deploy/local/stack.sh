#!/usr/bin/env bash
# Local stack without Docker: real PostgreSQL, Redis and a single-node Kafka (KRaft) from the official Apache Kafka
# jars on Maven Central, plus every service of the repository, with demo data.
#
#   deploy/local/stack.sh up       engines + databases + topics + services + the gateway + demo data; prints the URLs
#   deploy/local/stack.sh up --observe   the same, with a local Prometheus scraping every service with the rules and
#                                        Zipkin showing their traces (the services then start with tracing on)
#   deploy/local/stack.sh engines  only PostgreSQL, Redis, the role and the databases (what the tests need)
#   deploy/local/stack.sh keys     only the stack's token keys (.local/keys; deploy/local/token.sh mints tokens)
#   deploy/local/stack.sh status   what runs, where
#   deploy/local/stack.sh down     stops the services and Kafka this script started (PostgreSQL/Redis stay up)
#   deploy/local/stack.sh reset    down, then wipes Kafka's data and the services' databases
#
# Safe to run twice. PostgreSQL and Redis: a running server is used; else the installed one is started; else it is
# installed from the OS packages (apt). Environment overrides: PGHOST PGPORT DB_USER DB_PASSWORD REDIS_PORT
# KAFKA_PORT JAVA_OPTS EXTRA_JAVA_OPTS BIND_HOST (the services listen on 127.0.0.1 unless set, e.g. to 0.0.0.0) OPS_ACCESS (metrics and
# OpenAPI: permit here; ops = an admin or monitoring token, as in production).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${STACK_STATE_DIR:-$ROOT/.local}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB_USER=${DB_USER:-shop}
DB_PASSWORD=${DB_PASSWORD:-shop}
REDIS_PORT=${REDIS_PORT:-6379}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_LIB=$ROOT/deploy/local/kafka/target/lib
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-6}
BIND_HOST=${BIND_HOST:-127.0.0.1}
HEALTH_HOST=${BIND_HOST/0.0.0.0/127.0.0.1}
# the local identity provider: tokens minted by deploy/local/token.sh with the stack's own key pair
JWT_ISSUER=${JWT_ISSUER:-https://auth.shop.local}
JWT_AUDIENCE=${JWT_AUDIENCE:-shop}
# carts idle this long are abandoned (production: 30 min), so the demo's cart funnel shows an abandoned cart soon
CART_ABANDON_AFTER=${CART_ABANDON_AFTER:-5m}
# the gateway in front of the services (deploy/gateway: nginx from the routing table), plain and TLS, and the
# storefront origins its CORS allows; a client may send GATEWAY_RATE requests/s with bursts of GATEWAY_BURST more
GATEWAY_PORT=${GATEWAY_PORT:-8080}
GATEWAY_TLS_PORT=${GATEWAY_TLS_PORT:-8443}
GATEWAY_ORIGINS=${GATEWAY_ORIGINS:-"http://localhost:3000 http://localhost:5173"}
GATEWAY_RATE=${GATEWAY_RATE:-200}
GATEWAY_BURST=${GATEWAY_BURST:-400}
# a JVM out of memory exits (to be restarted) rather than limp on with threads that died; the serial collector, which
# the JVM picks by itself in the pods (a 512 Mi limit is under the 1,792 MB of a "server class machine") and which on
# this 24 GiB machine it would not (G1): 12-17 % less server CPU per POS sale (bench/README.md, "Sixth round").
# EXTRA_JAVA_OPTS: added to these (bench/ab.sh)
JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError} ${EXTRA_JAVA_OPTS:-}"

# service name:port:database — every service that exists in the repository
SERVICES=(stock-service:8081:stock cart-service:8082:cart projection-service:8083:projection analytics-service:8084:analytics)
TOPICS=(product-events location-events stock-events sale-events reservation-events cart-events order-events)

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else die "need root for: $*"; fi; }
apt_install() { "$ROOT/deploy/local/packages.sh" "$@"; }
wait_port() { # host port seconds (0 = check once)
  local i
  for ((i = 0; i <= $3 * 10; i++)); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && { exec 3>&- 3<&- || true; return 0; }
    sleep 0.1
  done
  return 1
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL
pg_admin() { # runs psql as the postgres superuser
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtX -h "$PGHOST" -p "$PGPORT" -d postgres "$@"
  else
    psql -v ON_ERROR_STOP=1 -qAtX -h "$PGHOST" -p "$PGPORT" -U "${PGADMIN:-postgres}" -d postgres "$@"
  fi
}

ensure_postgres() {
  if ! (have pg_isready && pg_isready -q -h "$PGHOST" -p "$PGPORT"); then
    if ! have pg_ctlcluster; then
      apt_install postgresql postgresql-contrib
    fi
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
    [ -n "$version" ] || die "no PostgreSQL cluster found after install"
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 50); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.2; done
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "PostgreSQL did not start on $PGHOST:$PGPORT"
  fi
  if [ "$(pg_admin -c "select 1 from pg_roles where rolname = '$DB_USER'")" != 1 ]; then
    log "creating role $DB_USER"
    pg_admin -c "create role \"$DB_USER\" login createdb password '$DB_PASSWORD'"
  fi
  local db
  for svc in "${SERVICES[@]}"; do
    db=${svc##*:}
    for name in "$db" "${db}_test"; do
      if [ "$(pg_admin -c "select 1 from pg_database where datname = '$name'")" != 1 ]; then
        log "creating database $name"
        pg_admin -c "create database \"$name\" owner \"$DB_USER\""
      fi
    done
  done
}

# ---------------------------------------------------------------- Redis
ensure_redis() {
  if have redis-cli && [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
    return
  fi
  have redis-server || apt_install redis-server redis-tools
  log "starting Redis on $REDIS_PORT"
  mkdir -p "$STATE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE/redis" --logfile "$STATE/redis/redis.log" --pidfile "$STATE/redis/redis.pid"
  wait_port 127.0.0.1 "$REDIS_PORT" 10 || die "Redis did not start"
}

# ---------------------------------------------------------------- Kafka (KRaft)
kafka_java() { java -Xms64m -Xmx256m -cp "$KAFKA_LIB/*" "$@"; }

ensure_kafka() {
  mkdir -p "$STATE/kafka"
  if [ ! -d "$KAFKA_LIB" ]; then
    log "resolving the Apache Kafka jars from Maven Central"
    "$ROOT/mvnw" -B -q -f "$ROOT/deploy/local/kafka/pom.xml" package
  fi
  if pid_alive "$STATE/kafka/kafka.pid"; then
    return
  fi
  if wait_port 127.0.0.1 "$KAFKA_PORT" 0; then
    log "a broker already listens on $KAFKA_PORT; using it"
    return
  fi
  local cfg=$STATE/kafka/server.properties
  cat >"$cfg" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$STATE/kafka/data
num.partitions=$KAFKA_PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# a killed consumer's partitions go to the others after 10 s (the broker's default is 45 s)
group.consumer.min.session.timeout.ms=6000
group.consumer.session.timeout.ms=10000
group.consumer.min.heartbeat.interval.ms=1000
group.consumer.heartbeat.interval.ms=2000
auto.create.topics.enable=true
log.retention.hours=-1
EOF
  if [ ! -f "$STATE/kafka/data/meta.properties" ]; then
    kafka_java kafka.tools.StorageTool format -t "$(kafka_java kafka.tools.StorageTool random-uuid)" -c "$cfg" \
      --ignore-formatted >/dev/null 2>&1
  fi
  log "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT"
  # the heap of kafka-server-start.sh (1 GB): with 384 MB the broker spent its time in GC at 1,000 events/s
  nohup java -Xms512m -Xmx1g -cp "$KAFKA_LIB/*" kafka.Kafka "$cfg" >"$STATE/kafka/kafka.log" 2>&1 &
  echo $! >"$STATE/kafka/kafka.pid"
  wait_port 127.0.0.1 "$KAFKA_PORT" 60 || die "Kafka did not start; see $STATE/kafka/kafka.log"
}

ensure_topics() {
  local existing
  existing=$(kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list 2>/dev/null)
  for t in "${TOPICS[@]}"; do
    for name in "$t" "$t.dlq"; do
      if ! grep -qx "$name" <<<"$existing"; then
        kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create \
          --if-not-exists --topic "$name" --partitions "$KAFKA_PARTITIONS" --replication-factor 1 \
          --config retention.ms=-1 >/dev/null 2>&1
      fi
    done
  done
  log "topics: ${TOPICS[*]} (+ .dlq), $KAFKA_PARTITIONS partitions, unlimited retention"
}

# ---------------------------------------------------------------- keys
# The stack's token-signing key pair and cart-token key, generated once per machine (never committed, never used
# outside this stack).
ensure_keys() {
  local dir=$STATE/keys
  have openssl || apt_install openssl
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/jwt-private.pem" ]; then
    log "generating the local stack's token keys in $dir"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/jwt-private.pem" 2>/dev/null
    openssl pkey -in "$dir/jwt-private.pem" -pubout -out "$dir/jwt-public.pem"
  fi
  [ -f "$dir/cart-token.key" ] || openssl rand -base64 48 | tr -d '\n' >"$dir/cart-token.key"
  # the same secret for deploy/compose.yaml (env_file)
  printf 'CART_TOKEN_KEYS=%s\n' "$(cat "$dir/cart-token.key")" >"$dir/compose.env"
  chmod 600 "$dir"/*
  # the public key is read inside the compose containers (another user): it is public
  chmod 644 "$dir/jwt-public.pem"
}

# ---------------------------------------------------------------- services
build_services() {
  local missing=0
  for svc in "${SERVICES[@]}"; do
    [ -f "$ROOT/${svc%%:*}/target/quarkus-app/quarkus-run.jar" ] || missing=1
  done
  if [ "$missing" = 1 ] || [ "${REBUILD:-0}" = 1 ]; then
    log "building the services (./mvnw package -DskipTests)"
    "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" package -DskipTests
  fi
}

start_services() {
  mkdir -p "$STATE/services"
  for svc in "${SERVICES[@]}"; do
    local name=${svc%%:*} rest=${svc#*:} port db
    port=${rest%%:*}
    db=${rest#*:}
    if pid_alive "$STATE/services/$name.pid"; then
      if curl -fs "http://$HEALTH_HOST:$port/q/health/ready" >/dev/null 2>&1; then
        continue # already running
      fi
      # an instance that is stopping (SIGTERM) or stuck: let it finish its stop, then replace it
      log "waiting for the previous $name (pid $(cat "$STATE/services/$name.pid")) to stop"
      stop_pidfile "$STATE/services/$name.pid" 30
    fi
    for _ in $(seq 1 150); do wait_port 127.0.0.1 "$port" 0 || break; sleep 0.2; done
    wait_port 127.0.0.1 "$port" 0 && die "port $port is held by another process; free it or set another port"
    log "starting $name on :$port"
    HTTP_PORT=$port QUARKUS_HTTP_HOST=$BIND_HOST DB_URL="postgresql://$PGHOST:$PGPORT/$db" DB_USER=$DB_USER \
      DB_PASSWORD=$DB_PASSWORD KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
      JWT_PUBLIC_KEY_LOCATION="$STATE/keys/jwt-public.pem" JWT_ISSUER=$JWT_ISSUER JWT_AUDIENCE=$JWT_AUDIENCE \
      CART_TOKEN_KEYS="$(cat "$STATE/keys/cart-token.key")" OPS_ACCESS=${OPS_ACCESS:-permit} \
      QUARKUS_OTEL_SDK_DISABLED=${QUARKUS_OTEL_SDK_DISABLED:-true} SHOP_TRACING_ZIPKIN_ENDPOINT=${SHOP_TRACING_ZIPKIN_ENDPOINT:-} \
      CART_ABANDON_AFTER=$CART_ABANDON_AFTER CART_ABANDON_CHECK_INTERVAL=${CART_ABANDON_CHECK_INTERVAL:-30s} \
      ANALYTICS_STATE_DIR="$STATE/analytics-streams" \
      nohup java $JAVA_OPTS -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" >"$STATE/services/$name.log" 2>&1 &
    echo $! >"$STATE/services/$name.pid"
  done
  for svc in "${SERVICES[@]}"; do
    local name=${svc%%:*} rest=${svc#*:}
    local port=${rest%%:*} ok=0
    for _ in $(seq 1 120); do
      if curl -fs "http://$HEALTH_HOST:$port/q/health/ready" >/dev/null 2>&1; then ok=1; break; fi
      pid_alive "$STATE/services/$name.pid" || break
      sleep 0.5
    done
    [ "$ok" = 1 ] || die "$name is not ready; see $STATE/services/$name.log"
  done
}

start_gateway() {
  local args=(--listen "$BIND_HOST:$GATEWAY_PORT" --tls-listen "$BIND_HOST:$GATEWAY_TLS_PORT" --rate "$GATEWAY_RATE"
    --burst "$GATEWAY_BURST") svc origin
  for svc in "${SERVICES[@]}"; do
    local rest=${svc#*:}
    args+=(--upstream "${svc%%:*}=$HEALTH_HOST:${rest%%:*}")
  done
  for origin in $GATEWAY_ORIGINS; do args+=(--origin "$origin"); done
  "$ROOT/deploy/gateway/gateway.sh" up "$STATE/gateway" "${args[@]}"
  log "gateway on http://127.0.0.1:$GATEWAY_PORT and https://127.0.0.1:$GATEWAY_TLS_PORT (certificate: $STATE/gateway/tls.crt)"
}

stop_pidfile() {
  local f=$1
  if pid_alive "$f"; then
    local pid
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${2:-10} * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

status() {
  printf '%-20s %s\n' "PostgreSQL" "$(pg_isready -h "$PGHOST" -p "$PGPORT" 2>&1 || true)"
  printf '%-20s %s\n' "Redis" "$(redis-cli -p "$REDIS_PORT" ping 2>&1 || true)"
  if wait_port 127.0.0.1 "$KAFKA_PORT" 0; then k="up on 127.0.0.1:$KAFKA_PORT"; else k=down; fi
  printf '%-20s %s\n' "Kafka" "$k"
  if pid_alive "$STATE/gateway/nginx.pid"; then k="up on http://127.0.0.1:$GATEWAY_PORT and https://127.0.0.1:$GATEWAY_TLS_PORT"; else k=down; fi
  printf '%-20s %s\n' "gateway" "$k"
  for svc in "${SERVICES[@]}"; do
    local name=${svc%%:*} rest=${svc#*:}
    local port=${rest%%:*}
    printf '%-20s %s\n' "$name" "$(curl -fs "http://$HEALTH_HOST:$port/q/health/ready" >/dev/null 2>&1 && echo "ready on http://127.0.0.1:$port" || echo down)"
  done
}

urls() {
  cat <<EOF

  The stack is up. The front door is the gateway (routes: README.md, "Gateway"; every example below goes through it):
    gateway            http://127.0.0.1:$GATEWAY_PORT   https://127.0.0.1:$GATEWAY_TLS_PORT (HTTP/2; certificate $STATE/gateway/tls.crt)
                       CORS for: $GATEWAY_ORIGINS; $GATEWAY_RATE requests/s per client; access log $STATE/gateway/access.log
    stock-service      http://127.0.0.1:8081   (OpenAPI: /q/openapi  Swagger UI: /q/swagger-ui  health: /q/health  metrics: /q/metrics)
    cart-service       http://127.0.0.1:8082   (same /q/* endpoints)
    projection-service http://127.0.0.1:8083   (read models; lag and rebuilds: /projections)
    analytics-service  http://127.0.0.1:8084   (figures per location: /analytics/*; rebuild: POST /analytics/rebuild)
    Kafka              127.0.0.1:$KAFKA_PORT         (tail a topic: java -cp '$KAFKA_LIB/*' org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:$KAFKA_PORT --topic stock-events --from-beginning --property print.headers=true)
    PostgreSQL         $PGHOST:$PGPORT  (user $DB_USER, databases: stock, cart, projection, analytics)
    Redis              127.0.0.1:$REDIS_PORT
    Logs and PIDs      $STATE
    Prometheus         $(pid_alive "$STATE/prometheus/prometheus.pid" && echo "http://127.0.0.1:${PROMETHEUS_PORT:-9090} (alerts: /alerts; Grafana dashboards to import: deploy/observability/dashboards)" || echo "not started (deploy/local/stack.sh up --observe)")
    Zipkin (traces)    $(pid_alive "$STATE/prometheus/zipkin.pid" && echo "http://127.0.0.1:${ZIPKIN_PORT:-9411} (search by service; every HTTP request, relay and consumer is a span)" || echo "not started (deploy/local/stack.sh up --observe)")
  Tokens (bearer JWTs from the stack's own key, valid 12 h; deploy/local/token.sh mints others):
    export ADMIN=\$($ROOT/deploy/local/token.sh admin)
    export MANAGER=\$($ROOT/deploy/local/token.sh manager bar-central)
    export TILL=\$($ROOT/deploy/local/token.sh staff bar-central)
    export CUSTOMER=\$($ROOT/deploy/local/token.sh customer customer-1)
  Recent sales at a bar:  curl -s -H "Authorization: Bearer \$TILL" 'http://127.0.0.1:$GATEWAY_PORT/locations/bar-central/sales?size=5'
  Stock at that bar:      curl -s 'http://127.0.0.1:$GATEWAY_PORT/locations/bar-central/stock'           (public)
  Live stock (SSE):       curl -N 'http://127.0.0.1:$GATEWAY_PORT/locations/bar-central/stock/stream'    (public)
  Catalogue search:       curl -s 'http://127.0.0.1:$GATEWAY_PORT/products?q=gin&locationId=bar-central&inStock=true&sort=popularity'
  Read-model lag:         curl -s -H "Authorization: Bearer \$ADMIN" http://127.0.0.1:$GATEWAY_PORT/projections
  Live activity (POS):    curl -s -H "Authorization: Bearer \$TILL" http://127.0.0.1:$GATEWAY_PORT/analytics/locations/bar-central/activity
  Figures per day:        curl -s -H "Authorization: Bearer \$ADMIN" 'http://127.0.0.1:$GATEWAY_PORT/analytics/daily?locationId=shop-north'
  Top products:           curl -s -H "Authorization: Bearer \$ADMIN" 'http://127.0.0.1:$GATEWAY_PORT/analytics/top-products?locationId=shop-north&by=revenue'
  Idle carts are abandoned after $CART_ABANDON_AFTER here (CART_ABANDON_AFTER; production: 30 min).
  Services listen on $BIND_HOST (BIND_HOST=0.0.0.0 to expose them).  Stop: deploy/local/stack.sh down
EOF
}

case "${1:-up}" in
  engines)
    ensure_postgres
    ensure_redis
    log "PostgreSQL $PGHOST:$PGPORT and Redis 127.0.0.1:$REDIS_PORT ready"
    ;;
  keys) ensure_keys ;;
  up)
    case "${2:-}" in "" | --observe) ;; *) die "usage: $0 up [--observe]" ;; esac
    ensure_postgres
    ensure_redis
    ensure_keys
    ensure_kafka
    ensure_topics
    build_services
    if [ "${2:-}" = --observe ]; then
      # before the services: they start with tracing on, sending their spans to Zipkin (a service already running
      # keeps how it was started: stack.sh down first to trace it)
      "$ROOT/deploy/observability/observe.sh" up "$STATE/prometheus"
      log "Prometheus on http://127.0.0.1:${PROMETHEUS_PORT:-9090} (rules and alerts: /alerts), Zipkin on http://127.0.0.1:${ZIPKIN_PORT:-9411}"
      # (no OpenTelemetry collector runs here: their OTLP export, the production path, finds nobody, silently)
      export QUARKUS_OTEL_SDK_DISABLED=false SHOP_TRACING_ZIPKIN_ENDPOINT="http://127.0.0.1:${ZIPKIN_PORT:-9411}/api/v2/spans"
    fi
    start_services
    start_gateway
    "$ROOT/deploy/local/demo-data.sh"
    urls
    ;;
  status) status ;;
  down)
    "$ROOT/deploy/observability/observe.sh" down "$STATE/prometheus"
    "$ROOT/deploy/gateway/gateway.sh" down "$STATE/gateway"
    for svc in "${SERVICES[@]}"; do stop_pidfile "$STATE/services/${svc%%:*}.pid" 30; done
    stop_pidfile "$STATE/kafka/kafka.pid"
    [ -f "$STATE/redis/redis.pid" ] && stop_pidfile "$STATE/redis/redis.pid"
    log "stopped Prometheus, Zipkin, the gateway, the services and Kafka started by this script"
    ;;
  reset)
    "$0" down
    rm -rf "$STATE/kafka/data" "$STATE/analytics-streams"
    for svc in "${SERVICES[@]}"; do
      db=${svc##*:}
      pg_admin -c "drop database if exists \"$db\" with (force)" || true
    done
    log "wiped Kafka data and the service databases"
    ;;
  *) die "usage: $0 up [--observe]|engines|keys|status|down|reset" ;;
esac
