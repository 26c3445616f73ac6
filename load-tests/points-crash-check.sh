#!/usr/bin/env bash
# kill -9 check of the points ledger (docs/points.md).
#
# Steps: start the packaged engine on a fresh data directory and free ports; create gifts; fire a
# burst of earn events and gift exchanges from concurrent clients; kill -9 the engine mid-burst;
# start it again on the same data directory; let the clients retry everything they sent (same event
# ids, same Idempotency-Keys, as a real client would); wait for catch-up; run the verifier.
# Exit 0 only when the verifier reports zero violations.
#
# Parameters (environment, defaults):
#   EVENTS=5000          earn events (purchases, reviews, shares) in batches of 100
#   SHOPPERS=500         distinct shoppers
#   EXCHANGES=1000       gift exchange requests
#   GIFTS=10 STOCK=40 COST=10   gifts, units each, points each
#   KILL_AFTER=8         seconds into the burst before kill -9 (the first exchanges are in flight by then)
#   CLIENTS=16           concurrent HTTP clients
#   KEEP_DATA=0          keep the temporary data directory
set -euo pipefail

EVENTS=${EVENTS:-5000}
SHOPPERS=${SHOPPERS:-500}
EXCHANGES=${EXCHANGES:-1000}
GIFTS=${GIFTS:-10}
STOCK=${STOCK:-40}
COST=${COST:-10}
KILL_AFTER=${KILL_AFTER:-8}
CLIENTS=${CLIENTS:-16}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi

# free_port: a port below the kernel's ephemeral range.
source load-tests/ports.sh

export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-crash-XXXXXX)
export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
WORK=$LODESTONE_DATA_DIR/burst
mkdir -p "$WORK"
BASE=http://127.0.0.1:$PORT
ENGINE_PID=

start_engine() {
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >>"$LODESTONE_DATA_DIR/engine-$1.log" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 1 120); do
    if curl -fs "$BASE/v1/ping" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "engine did not start; see $LODESTONE_DATA_DIR/engine-$1.log" >&2
  exit 1
}

cleanup() {
  if [[ -n $ENGINE_PID ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" && wait "$ENGINE_PID" 2>/dev/null || true
  fi
  if [[ $KEEP_DATA != 1 ]]; then
    rm -rf "$LODESTONE_DATA_DIR"
  else
    echo "data kept in $LODESTONE_DATA_DIR"
  fi
}
trap cleanup EXIT

echo "data dir $LODESTONE_DATA_DIR, http $PORT, kafka $LODESTONE_EMBEDDED_KAFKA_PORT, redis $LODESTONE_EMBEDDED_REDIS_PORT"
start_engine 1
MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
STOREFRONT=$("$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)

for g in $(seq 1 "$GIFTS"); do
  curl -fsS -o /dev/null -X PUT "$BASE/v1/gifts/crash-gift-$g" -H "Authorization: Bearer $MARKETER" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"Gift $g\",\"cost\":$COST,\"stock\":$STOCK,\"kind\":\"coupon\"}"
done

# Earn events: batches of 100, ids fixed so a retry is a duplicate.
types=(purchase purchase review share)
for ((b = 0; b < EVENTS / 100; b++)); do
  {
    printf '['
    for ((i = 0; i < 100; i++)); do
      n=$((b * 100 + i))
      t=${types[$((n % 4))]}
      [[ $i -gt 0 ]] && printf ','
      if [[ $t == purchase ]]; then
        printf '{"eventId":"crash-evt-%d","type":"purchase","userId":"crash-u%d","itemId":"item-%d","price":%d.5,"quantity":1,"currency":"CNY"}' \
          "$n" $((n % SHOPPERS)) $((n % 50)) $((5 + n % 40))
      else
        printf '{"eventId":"crash-evt-%d","type":"%s","userId":"crash-u%d","itemId":"item-%d"}' "$n" "$t" $((n % SHOPPERS)) $((n % 50))
      fi
    done
    printf ']'
  } >"$WORK/events-$b.json"
done
for ((x = 0; x < EXCHANGES; x++)); do
  echo "crash-u$((x % SHOPPERS)) crash-gift-$((x % GIFTS + 1)) xkey-$x"
done >"$WORK/exchanges.txt"

burst() {
  local tag=$1
  ls "$WORK"/events-*.json | xargs -P "$CLIENTS" -I{} \
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "$BASE/v1/events" -H "Authorization: Bearer $STOREFRONT" \
    -H 'Content-Type: application/json' --data-binary @{} >"$WORK/events-$tag.codes" 2>/dev/null &
  local events_pid=$!
  xargs -P "$CLIENTS" -L 1 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -X POST "'"$BASE"'/v1/users/$0/gifts/$1/exchanges" \
    -H "Authorization: Bearer '"$STOREFRONT"'" -H "Idempotency-Key: $2"' <"$WORK/exchanges.txt" >"$WORK/exchanges-$tag.codes" 2>/dev/null &
  local exchanges_pid=$!
  BURST_PIDS="$events_pid $exchanges_pid"
}

summary() {
  echo "  $1: events batches $(sort "$WORK/events-$2.codes" | uniq -c | tr '\n' ' ')| exchanges $(sort "$WORK/exchanges-$2.codes" | uniq -c | tr '\n' ' ')"
}

echo "burst 1: $EVENTS events, $EXCHANGES exchanges; kill -9 after ${KILL_AFTER}s"
burst 1
sleep "$KILL_AFTER"
kill -9 "$ENGINE_PID"
wait "$ENGINE_PID" 2>/dev/null || true
echo "killed engine $ENGINE_PID"
for p in $BURST_PIDS; do wait "$p" 2>/dev/null || true; done
summary "before the crash (000 = connection refused after the kill)" 1

start_engine 2
echo "restarted; clients retry the whole burst with the same ids and keys"
burst 2
for p in $BURST_PIDS; do wait "$p" 2>/dev/null || true; done
summary "retry" 2

echo "verifying (waits up to 120 s for catch-up)"
set +e
"$JAVA" -jar "$JAR" verify-points --wait 120 2>/dev/null | grep -E "VIOLATION|shoppers="
status=${PIPESTATUS[0]}
set -e
if [[ $status -eq 0 ]]; then
  echo "OK: zero violations after kill -9"
else
  echo "FAILED: the verifier found violations (exit $status)"
fi
exit "$status"
