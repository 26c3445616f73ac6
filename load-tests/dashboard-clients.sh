#!/usr/bin/env bash
# Dashboard stream under 100 open clients (docs/dashboard.md, docs/benchmarks.md "## Dashboard").
#
# Steps: start the packaged engine on a fresh data directory and free ports; post a light, steady
# event load (so the snapshots carry changing numbers) for the whole run; measure the engine JVM's CPU
# (user + system, from /proc) over three phases of SECONDS each: no dashboard open, one client, CLIENTS
# clients. Each client opens /v1/dashboard/stream with its own ticket and counts the updates it receives
# and the longest gap between two. The snapshot counter (lodestone_dashboard_updates_total: one Redis
# read each) shows the cost does not grow with the clients.
#
# Parameters (environment, defaults):
#   CLIENTS=100   open dashboards in the last phase
#   SECONDS_EACH=60   length of each phase
#   EVENTS_PER_S=50   background events per second (batches of 10)
#   KEEP_DATA=0   keep the temporary data directory
set -euo pipefail

CLIENTS=${CLIENTS:-100}
SECONDS_EACH=${SECONDS_EACH:-60}
EVENTS_PER_S=${EVENTS_PER_S:-50}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
source load-tests/ports.sh
LIB=load-tests/dashboardlib.py

export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-dashboard-XXXXXX)
export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
ENGINE_PID=
LOAD_PID=

cleanup() {
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null || true
  if [[ -n $ENGINE_PID ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" && wait "$ENGINE_PID" 2>/dev/null || true
  fi
  if [[ $KEEP_DATA != 1 ]]; then rm -rf "$LODESTONE_DATA_DIR"; else echo "data kept in $LODESTONE_DATA_DIR"; fi
}
trap cleanup EXIT

"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >>"$LODESTONE_DATA_DIR/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 1 180); do
  curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "engine not ready; see $LODESTONE_DATA_DIR/engine.log" >&2; exit 1; }
MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
STOREFRONT=$("$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)
echo "engine pid $ENGINE_PID on $BASE; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Background load: EVENTS_PER_S events per second, batches of 10 (views, impressions, some clicks).
(
  n=0
  while true; do
    for ((b = 0; b < EVENTS_PER_S / 10; b++)); do
      body='['
      for ((i = 0; i < 10; i++)); do
        n=$((n + 1))
        t=view; [[ $((n % 3)) == 0 ]] && t=impression; [[ $((n % 17)) == 0 ]] && t=click
        [[ $i -gt 0 ]] && body+=','
        body+="{\"eventId\":\"dash-load-$n\",\"type\":\"$t\",\"userId\":\"dash-u$((n % 500))\",\"itemId\":\"i$((n % 100))\",\"recommendationId\":\"load-rec\",\"context\":{\"placement\":\"home\"}}"
      done
      curl -s -o /dev/null -X POST "$BASE/v1/events" -H "Authorization: Bearer $STOREFRONT" \
        -H 'Content-Type: application/json' --data-binary "$body" &
    done
    sleep 1
  done
) &
LOAD_PID=$!
sleep 10

snapshots() { curl -fs "$BASE/q/metrics" | awk '/^lodestone_dashboard_updates_total/ {print $2}'; }

phase() { # name clients
  local before after cpu s0 s1
  s0=$(snapshots)
  if [[ $2 -gt 0 ]]; then
    python3 "$LIB" clients "$BASE" "$MARKETER" "$2" "$SECONDS_EACH" "$LODESTONE_DATA_DIR/clients-$2.json" >/dev/null &
    local cpid=$!
    sleep $(( $2 / 10 + 3 )) # every client connected (10 per second) before the measurement window
    cpu=$(python3 "$LIB" cpu "$ENGINE_PID" "$((SECONDS_EACH - 6))")
    wait "$cpid" || true
    summary=$(cat "$LODESTONE_DATA_DIR/clients-$2.json")
  else
    cpu=$(python3 "$LIB" cpu "$ENGINE_PID" "$((SECONDS_EACH - 6))")
    summary='{}'
  fi
  s1=$(snapshots)
  python3 - "$1" "$2" "$cpu" "$((SECONDS_EACH - 6))" "${s0:-0}" "${s1:-0}" "$summary" <<'PY'
import json, sys
name, clients, cpu, window, s0, s1, summary = sys.argv[1:8]
s = json.loads(summary)
print("| %s | %s | %.1f %% | %s | %s | %s | %.0f |" % (
    name, s.get("connected", clients), 100 * float(cpu) / float(window),
    s.get("updates_per_s_median", "–"), s.get("max_gap_s", "–"), s.get("bytes_per_client_per_s", "–"),
    float(s1) - float(s0)))
PY
}

echo
echo "| phase | open dashboards (connected) | engine CPU (of one core) | updates/s per client (median) | longest gap (s) | bytes/s per client | snapshots assembled |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
phase "no dashboard" 0
phase "one dashboard" 1
phase "$CLIENTS dashboards" "$CLIENTS"
