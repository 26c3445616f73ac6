#!/usr/bin/env bash
# Redis Cluster check: the engine (role all, embedded broker) against a local 3-master Redis Cluster
# (Debian's redis-server 7, `redis-cli --cluster create`), with the Quarkus Redis client in cluster
# mode, then the README tour's calls and the main reads of each feature: catalog, events, activity,
# similar items, recommendations (personal, by category), profile, points (balance, redemption,
# history), the gift shop (a gift, an exchange), chat (a lookup in the search index, a conversation),
# community (a group, a member's post, the group's messages), forgetting a shopper, and a Redis restart
# under the engine (one master killed and started again: the engine rebuilds Redis once, then serves).
# One line per call with its time; exit 0 only when every call answers as on one Redis and the
# engine's log has no cross-slot error.
#
# Needs: apt-get install -y redis-server (redis-server and redis-cli 7 on the PATH).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
# A JDK 21+: JAVA_HOME, else the one ./lodestone picks.
JAVA=${JAVA_HOME:-$(./lodestone java-home)}/bin/java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
command -v redis-server >/dev/null || { echo "needs redis-server: apt-get install -y redis-server" >&2; exit 2; }
source load-tests/ports.sh

WORK=$(mktemp -d /tmp/lodestone-redis-cluster-XXXXXX)
KEEP_DATA=${KEEP_DATA:-0}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $KEEP_DATA == 1 ]]; then echo "data and logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

NODES=()
HOSTS=()
for i in 1 2 3; do
  port=$(free_port)
  mkdir -p "$WORK/redis-$i"
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$WORK/redis-$i/nodes.conf" \
    --dir "$WORK/redis-$i" --appendonly no --save '' --protected-mode no >"$WORK/redis-$i.log" 2>&1 &
  PIDS+=($!)
  NODES+=("127.0.0.1:$port")
  HOSTS+=("redis://127.0.0.1:$port")
done
for node in "${NODES[@]}"; do
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "${node##*:}" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create "${NODES[@]}" --cluster-replicas 0 --cluster-yes >"$WORK/cluster-create.log" 2>&1
for _ in $(seq 1 100); do
  redis-cli -p "${NODES[0]##*:}" cluster info | grep -q 'cluster_state:ok' && break
  sleep 0.2
done
echo "Redis Cluster: $(redis-cli -p "${NODES[0]##*:}" cluster info | grep -E 'cluster_state|cluster_known_nodes' | tr -d '\r' | tr '\n' ' ')"

PORT=$(free_port)
REDIS_LIST=$(IFS=,; echo "${HOSTS[*]}")
env LODESTONE_DATA_DIR="$WORK/engine" PORT="$PORT" LODESTONE_EMBEDDED_KAFKA_PORT="$(free_port)" \
  REDIS_HOSTS="$REDIS_LIST" QUARKUS_REDIS_CLIENT_TYPE=cluster QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >"$WORK/engine.log" 2>&1 &
PIDS+=($!)
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 240); do curl -fs "$BASE/v1/ping" >/dev/null 2>&1 && break; sleep 0.5; done
ready=down
for _ in $(seq 1 120); do
  if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then ready=up; break; fi
  sleep 0.5
done
echo "engine on the cluster: readiness $ready"

export LODESTONE_DATA_DIR=$WORK/engine
fail=0
TOKEN=$("$JAVA" -jar "$JAR" token --role storefront 2>"$WORK/token.log") || { echo "no token: $(tail -3 "$WORK/token.log")"; fail=1; }
MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>>"$WORK/token.log") || true
ADMIN=$("$JAVA" -jar "$JAR" token --role admin 2>>"$WORK/token.log") || true
DAVE=$("$JAVA" -jar "$JAR" token --role shopper --sub dave 2>>"$WORK/token.log") || true

wait_for() { local want=$1 out; shift; for _ in $(seq 50); do out=$(curl -s "$@"); grep -q "$want" <<<"$out" && break; sleep 0.2; done; echo "$out"; }
# check NAME WANT ANSWER: the answer holds WANT; the time is since the previous check.
last=$(date +%s%N)
check() {
  local took=$(( ($(date +%s%N) - last) / 1000000 ))
  if [[ $3 == *"$2"* ]]; then echo "ok   $1 (${took} ms)"; else echo "FAIL $1: wanted $2, got ${3:0:200}"; fail=1; fi
  last=$(date +%s%N)
}
J='Content-Type: application/json'
# decided ANSWER: a request's answer, or, when it was still pending at the reply timeout (202, a slow
# machine), its decision read from its status URL.
decided() {
  local url
  url=$(sed -nE 's/.*"statusUrl":"([^"]+)".*/\1/p' <<<"$1")
  if [[ -n $url ]]; then wait_for '"status":"\(confirmed\|completed\|refused\)"' "$BASE$url" -H "Authorization: Bearer $TOKEN"; else echo "$1"; fi
}

check "readiness" up "$ready"
check "catalog upsert" '"itemId":"phone-1"' "$(curl -s -X PUT "$BASE/v1/catalog/items/phone-1" -H "Authorization: Bearer $MARKETER" \
  -H 'Content-Type: application/json' -d '{"title":"Phone","category":"电子产品/手机","brand":"品牌A","price":299.0,"currency":"CNY","stock":12,"available":true}')"
check "catalog upsert" '"itemId":"case-1"' "$(curl -s -X PUT "$BASE/v1/catalog/items/case-1" -H "Authorization: Bearer $MARKETER" \
  -H 'Content-Type: application/json' -d '{"title":"Case","category":"电子产品/手机/配件","brand":"品牌A","price":49.0,"currency":"CNY","stock":40,"available":true}')"
check "post events" '"accepted":3' "$(curl -s -X POST "$BASE/v1/events" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '[{"eventId":"e-10","type":"view","userId":"bob","itemId":"phone-1"},{"eventId":"e-11","type":"add_to_cart","userId":"bob","itemId":"case-1"},
       {"eventId":"e-4","type":"purchase","userId":"alice","itemId":"phone-1","quantity":1,"price":299,"currency":"CNY"}]')"
check "activity" '"version":' "$(wait_for '"version":' "$BASE/v1/users/bob/activity" -H "Authorization: Bearer $TOKEN")"
check "similar items" case-1 "$(wait_for case-1 "$BASE/v1/items/phone-1/similar" -H "Authorization: Bearer $TOKEN")"
check "recommendations" '"itemId"' "$(wait_for '"itemId"' "$BASE/v1/users/carol/recommendations?limit=5" -H "Authorization: Bearer $TOKEN")"
check "profile" 电子产品 "$(wait_for 电子产品 "$BASE/v1/users/bob/profile" -H "Authorization: Bearer $TOKEN")"
check "points balance" '"balance":299' "$(wait_for '"balance":299' "$BASE/v1/users/alice/points" -H "Authorization: Bearer $TOKEN")"
check "redemption" '"balance":199' "$(curl -s -X POST "$BASE/v1/users/alice/points/redemptions" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H 'Idempotency-Key: order-77' -d '{"points":100,"reason":"coupon"}')"
check "redemption history" '"reason":"coupon"' "$(wait_for '"reason":"coupon"' "$BASE/v1/users/alice/points/history" -H "Authorization: Bearer $TOKEN")"
check "recommendations in a category" '"itemId"' "$(wait_for '"itemId"' "$BASE/v1/users/carol/recommendations?limit=5&category=%E7%94%B5%E5%AD%90%E4%BA%A7%E5%93%81" -H "Authorization: Bearer $TOKEN")"
check "gift upsert" '"giftId":"mug-1"' "$(curl -s -X PUT "$BASE/v1/gifts/mug-1" -H "Authorization: Bearer $MARKETER" -H "$J" \
  -d '{"name":"Mug","cost":50,"stock":3,"kind":"coupon"}')"
check "gift read" '"giftId":"mug-1"' "$(wait_for '"giftId":"mug-1"' "$BASE/v1/gifts/mug-1" -H "Authorization: Bearer $TOKEN")"
check "gift exchange" '"status":"confirmed"' "$(decided "$(curl -s -X POST "$BASE/v1/users/alice/gifts/mug-1/exchanges" \
  -H "Authorization: Bearer $TOKEN" -H 'Idempotency-Key: swap-1')")"
check "balance after the exchange" '"balance":149' "$(wait_for '"balance":149' "$BASE/v1/users/alice/points" -H "Authorization: Bearer $TOKEN")"
check "knowledge-base article" '"articleId":"returns"' "$(curl -s -X PUT "$BASE/v1/kb/articles/returns" -H "Authorization: Bearer $ADMIN" -H "$J" \
  -d '{"title":"Returns","body":"Return any item within 30 days for a full refund.","tags":["returns","refund"]}')"
check "chat lookup" 'returns' "$(wait_for returns -G "$BASE/v1/chat/answer" -H "Authorization: Bearer $TOKEN" --data-urlencode 'q=how do I return an item')"
conversation=$(curl -s -X POST "$BASE/v1/chat/conversations" -H "Authorization: Bearer $DAVE" -H "$J" -d '{}')
check "chat conversation" '"conversationId"' "$conversation"
conversation_id=$(sed -E 's/.*"conversationId":"([^"]+)".*/\1/' <<<"$conversation")
check "chat message" '"entries"' "$(curl -s -X POST "$BASE/v1/chat/conversations/$conversation_id/messages" -H "Authorization: Bearer $DAVE" \
  -H "$J" -d '{"text":"how do I return my phone?"}')"
check "chat history" '"seq"' "$(wait_for '"seq"' "$BASE/v1/chat/conversations/$conversation_id/messages" -H "Authorization: Bearer $DAVE")"
group=$(curl -s -X POST "$BASE/v1/community/groups" -H "Authorization: Bearer $MARKETER" -H "$J" \
  -d '{"name":"Phones","description":"Phone talk","category":"电子产品","private":false}')
check "community group" '"groupId"' "$group"
group_id=$(sed -E 's/.*"groupId":"([^"]+)".*/\1/' <<<"$group")
check "community join" '"userId":"dave"' "$(curl -s -X POST "$BASE/v1/community/groups/$group_id/members" -H "Authorization: Bearer $DAVE")"
check "community post" '"messageId"' "$(curl -s -X POST "$BASE/v1/community/groups/$group_id/messages" -H "Authorization: Bearer $DAVE" \
  -H "$J" -d '{"text":"This phone is great"}')"
check "community messages" 'This phone is great' "$(wait_for 'This phone is great' "$BASE/v1/community/groups/$group_id/messages" -H "Authorization: Bearer $DAVE")"
check "community group read" '"members":1' "$(wait_for '"members":1' "$BASE/v1/community/groups/$group_id" -H "Authorization: Bearer $DAVE")"
check "forget a shopper" '"status":"forgetting"' "$(curl -s -X DELETE "$BASE/v1/users/bob" -H "Authorization: Bearer $ADMIN")"
check "profile forgotten" '"status":404' "$(wait_for '"status":404' "$BASE/v1/users/bob/profile" -H "Authorization: Bearer $TOKEN")"
check "activity forgotten" '"status":404' "$(wait_for '"status":404' "$BASE/v1/users/bob/activity" -H "Authorization: Bearer $TOKEN")"
left=$(for node in "${NODES[@]}"; do redis-cli -p "${node##*:}" --scan --pattern '*bob*'; done | wc -l)
check "no key names the forgotten shopper on any master" 'left 0' "left $left"

# One master restarts under the engine (no persistence here: it comes back empty, its slots' keys
# lost): the engine notices the new run id, rebuilds Redis from Kafka once, then serves again.
victim=${NODES[1]##*:}
redis-cli -p "$victim" shutdown nosave >/dev/null 2>&1 || true
redis-server --port "$victim" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$WORK/redis-2/nodes.conf" \
  --dir "$WORK/redis-2" --appendonly no --save '' --protected-mode no >>"$WORK/redis-2.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  redis-cli -p "$victim" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
  sleep 0.2
done
rebuilt=down
for _ in $(seq 1 240); do
  if grep -a -q "rebuilt from Kafka" "$WORK/engine.log" && curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then rebuilt=up; break; fi
  sleep 0.5
done
check "rebuilt after a master restart" up "$rebuilt"
check "points after the rebuild" '"balance":149' "$(wait_for '"balance":149' "$BASE/v1/users/alice/points" -H "Authorization: Bearer $TOKEN")"
check "recommendations after the rebuild" '"itemId"' "$(wait_for '"itemId"' "$BASE/v1/users/carol/recommendations?limit=5" -H "Authorization: Bearer $TOKEN")"
rebuilds=$(grep -a -c 'Redis restarted under the engine' "$WORK/engine.log" || true)
check "one rebuild per restart" 'restarts noticed 1' "restarts noticed $rebuilds"

errors=$(grep -a -c -E 'CROSSSLOT|MOVED|non local key|different slot' "$WORK/engine.log" || true)
check "no cross-slot error in the engine's log" 'errors 0' "errors $errors"
grep -a -o -E "(CROSSSLOT|Script attempted to access)[^\"]{0,120}" "$WORK/engine.log" | sort | uniq -c | head -5 || true
[[ $fail == 0 ]] || KEEP_DATA=1
exit $fail
