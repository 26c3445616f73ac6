#!/usr/bin/env bash
# Scale-out check: the Kubernetes layout in miniature, as processes on this machine.
#
# One Kafka broker and Redis outside the engines (`quarkus-run.jar infra`), two engines in the
# `streams` role (static membership, own state directories) and one in the `api` role, all with
# LODESTONE_EMBEDDED_ENABLED=false. The load posts EVENTS view events through the api instance; once
# KILL_AT are acknowledged one streams instance is killed with SIGKILL. Measured: seconds until the
# survivor processes the dead one's partitions (probe events on every partition visible), then the
# killed instance is started again with the same name and data (static membership) and the seconds
# until it is ready and probes are visible again. The verifier compares every shopper's counted
# views with the acknowledged ones: exit 0 only when lost = 0 and duplicated = 0.
#
# Before the load, a redemption and a gift exchange go through the api instance: each must answer with
# the ledger's decision (200/201) well before lodestone.points.reply-timeout (5 s), not with the
# 202 or the late answer of a call that never heard the decision.
#
# Every instance gets the same coupon secret (as the Kubernetes Secret gives them), the broker's key
# pair verifies the tokens.
# Parameters (environment, defaults): EVENTS=20000 SHOPPERS=400 KILL_AT=6000 KEEP_DATA=0
set -euo pipefail

EVENTS=${EVENTS:-20000}
SHOPPERS=${SHOPPERS:-400}
KILL_AT=${KILL_AT:-6000}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
# A JDK 21+: JAVA_HOME, else the one ./lodestone picks.
JAVA=${JAVA_HOME:-$(./lodestone java-home)}/bin/java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
source load-tests/ports.sh
LIB=load-tests/scaleoutlib.py

WORK=$(mktemp -d /tmp/lodestone-scale-out-XXXXXX)
KAFKA_PORT=$(free_port) REDIS_PORT=$(free_port)
API_PORT=$(free_port) S1_PORT=$(free_port) S2_PORT=$(free_port)
COUPON_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
declare -A PIDS=()

cleanup() {
  for name in "${!PIDS[@]}"; do
    kill "${PIDS[$name]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [[ $KEEP_DATA == 1 ]]; then echo "data and logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { python3 -c "print('%.1f' % ($(now) - $1))"; }

LODESTONE_DATA_DIR=$WORK/infra "$JAVA" -jar "$JAR" infra --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" \
  >"$WORK/infra.log" 2>&1 &
PIDS[infra]=$!
for _ in $(seq 1 90); do grep -q '^MP_JWT_VERIFY_PUBLICKEY_LOCATION=' "$WORK/infra.log" && break; sleep 1; done
grep -q '^REDIS_HOSTS=' "$WORK/infra.log" || { echo "infra did not start: $WORK/infra.log" >&2; KEEP_DATA=1; exit 1; }

# engine NAME ROLE PORT: an engine in server mode (its own data directory and instance name).
engine() {
  env LODESTONE_EMBEDDED_ENABLED=false LODESTONE_ROLE="$2" LODESTONE_INSTANCE_ID="lodestone-$1" \
    LODESTONE_DATA_DIR="$WORK/$1" PORT="$3" \
    KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" REDIS_HOSTS="redis://localhost:$REDIS_PORT" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/infra/keys/public.pem" LODESTONE_GIFTS_COUPON_SECRET="$COUPON_SECRET" \
    LODESTONE_METRICS_KAFKA_DETAIL=true QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    "$JAVA" -jar "$JAR" >>"$WORK/$1.log" 2>&1 &
  PIDS[$1]=$!
}

await_ready() {
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$1 not ready; see $WORK/$1.log" >&2
  KEEP_DATA=1
  exit 1
}

engine streams-1 streams "$S1_PORT"
engine streams-2 streams "$S2_PORT"
engine api api "$API_PORT"
await_ready streams-1 "$S1_PORT"
await_ready streams-2 "$S2_PORT"
await_ready api "$API_PORT"
echo "ready: broker :$KAFKA_PORT, Redis :$REDIS_PORT, streams-1 :$S1_PORT, streams-2 :$S2_PORT, api :$API_PORT"

BASE=http://127.0.0.1:$API_PORT
TOKEN=$(LODESTONE_DATA_DIR=$WORK/infra "$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)

python3 "$LIB" probe "$BASE" "$TOKEN" warm 32 120 >/dev/null

# Decisions reach the api instance: a redemption and an exchange answer as soon as the ledger decided.
MARKETER=$(LODESTONE_DATA_DIR=$WORK/infra "$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
curl -fsS -o /dev/null -X PUT "$BASE/v1/gifts/scale-mug" -H "Authorization: Bearer $MARKETER" \
  -H 'Content-Type: application/json' -d '{"name":"Mug","cost":50,"stock":5,"kind":"coupon"}'
curl -fsS -o /dev/null -X POST "$BASE/v1/events" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"eventId":"scale-purchase","type":"purchase","userId":"scale-buyer","itemId":"x","quantity":1,"price":500,"currency":"CNY"}'
for _ in $(seq 1 120); do
  curl -fs "$BASE/v1/users/scale-buyer/points" -H "Authorization: Bearer $TOKEN" | grep -q '"balance":500' && break
  sleep 0.5
done
slow=0
for i in 1 2 3; do
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$BASE/v1/users/scale-buyer/points/redemptions" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: scale-r$i" \
    -d '{"points":10,"reason":"coupon"}')
  echo "redemption $i through the api: HTTP ${answer% *} in ${answer#* } s"
  [[ ${answer% *} == 200 || ${answer% *} == 201 ]] && python3 -c "import sys; sys.exit(0 if ${answer#* } < 4 else 1)" || slow=1
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$BASE/v1/users/scale-buyer/gifts/scale-mug/exchanges" \
    -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: scale-x$i")
  echo "gift exchange $i through the api: HTTP ${answer% *} in ${answer#* } s"
  [[ ${answer% *} == 200 || ${answer% *} == 201 ]] && python3 -c "import sys; sys.exit(0 if ${answer#* } < 4 else 1)" || slow=1
done
[[ $slow == 0 ]] || { echo "a decision did not reach the api instance before the reply timeout" >&2; KEEP_DATA=1; exit 1; }
echo "before the kill (the two streams instances split the partitions):"
for _ in $(seq 1 30); do
  python3 "$LIB" streams-share "http://127.0.0.1:$S1_PORT" "http://127.0.0.1:$S2_PORT" >"$WORK/share.txt" && break
  sleep 2
done
cat "$WORK/share.txt"
python3 "$LIB" streams-share "http://127.0.0.1:$S1_PORT" "http://127.0.0.1:$S2_PORT" >/dev/null \
  || { echo "the streams instances do not split the partitions" >&2; KEEP_DATA=1; exit 1; }

python3 "$LIB" run "$BASE" "$TOKEN" "$EVENTS" "$SHOPPERS" "$KILL_AT" "${PIDS[streams-1]}" \
  "http://127.0.0.1:$S2_PORT" "$WORK/run.json"
echo "resident memory (kB): streams-2 $(ps -o rss= -p "${PIDS[streams-2]}"), api $(ps -o rss= -p "${PIDS[api]}")"
echo "after the kill:"
python3 "$LIB" streams-share "http://127.0.0.1:$S2_PORT" || true

# The killed instance comes back with the same name and state directory (a restarted pod).
restarted=$(now)
engine streams-1 streams "$S1_PORT"
await_ready streams-1 "$S1_PORT"
echo "streams-1 restarted and ready in $(since "$restarted") s (load average $(cut -d' ' -f1 /proc/loadavg))"
echo "probe events visible $(python3 "$LIB" probe "$BASE" "$TOKEN" "rejoin$(date +%s)" 32 120) s after posting (both instances back)"
sleep 5
echo "after the rejoin:"
python3 "$LIB" streams-share "http://127.0.0.1:$S1_PORT" "http://127.0.0.1:$S2_PORT" || true
grep -h "State transition from" "$WORK"/streams-*.log | tail -n 6 || true

python3 "$LIB" verify "$BASE" "$TOKEN" "$WORK/run.json" 180
