#!/usr/bin/env bash
# "Not interested" on the packaged engine (docs/signals.md): how long until the item is gone from that
# shopper's recommendations, measured from the moment the POST is sent.
#
# Steps: start the packaged engine on a fresh data directory; load ITEMS catalog items in one category;
# post views from other shoppers (so items have neighbours and trend) and a few of the shopper's own;
# wait for the shopper's list; then ROUNDS times: take the top item of the list, POST it as not
# interested, and read the list until the item is gone (every read counts); one more round first, reported
# apart (the first mark after start). Prints the figures, and exits 0 only when every round was gone within 1 s.
#
# Parameters (environment, defaults): ITEMS=60 ROUNDS=20 KEEP_DATA=0
set -euo pipefail

ITEMS=${ITEMS:-60}
ROUNDS=${ROUNDS:-20}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi

source load-tests/ports.sh
export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-notint-XXXXXX)
export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
ENGINE_PID=

cleanup() {
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
STOREFRONT=$("$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)
MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
SHOPPER=$("$JAVA" -jar "$JAR" token --role shopper --sub ni-alice 2>/dev/null)

for ((i = 1; i <= ITEMS; i++)); do
  curl -fsS -o /dev/null -X PUT "$BASE/v1/catalog/items/ni-item-$i" -H "Authorization: Bearer $MARKETER" \
    -H 'Content-Type: application/json' \
    -d "{\"title\":\"Item $i\",\"category\":\"家居/收纳\",\"brand\":\"B$((i % 5))\",\"price\":$((10 + i)),\"currency\":\"CNY\",\"stock\":100,\"available\":true}"
done
# Other shoppers view items in pairs (neighbours), the shopper views three of them.
body='[' sep=''
for ((u = 1; u <= 40; u++)); do
  for ((k = 0; k < 6; k++)); do
    body+="$sep{\"eventId\":\"ni-v-$u-$k\",\"type\":\"view\",\"userId\":\"ni-u$u\",\"itemId\":\"ni-item-$(((u * 7 + k) % ITEMS + 1))\"}"
    sep=','
  done
done
body+=",{\"eventId\":\"ni-a-1\",\"type\":\"view\",\"userId\":\"ni-alice\",\"itemId\":\"ni-item-1\"}"
body+=",{\"eventId\":\"ni-a-2\",\"type\":\"view\",\"userId\":\"ni-alice\",\"itemId\":\"ni-item-2\"}]"
curl -fsS -o /dev/null -X POST "$BASE/v1/events" -H "Authorization: Bearer $STOREFRONT" -H 'Content-Type: application/json' --data-binary "$body"

list() {
  curl -fsS "$BASE/v1/users/ni-alice/recommendations?limit=20" -H "Authorization: Bearer $SHOPPER" |
    python3 -c 'import json,sys; print(" ".join(i["itemId"] for i in json.load(sys.stdin)["items"]))'
}
for _ in $(seq 1 60); do
  items=$(list)
  [[ $(wc -w <<<"$items") -ge $ROUNDS ]] && break
  sleep 1
done
sleep 3 # let the neighbours and trending lists settle, so only the mark changes the list

python3 - "$BASE" "$SHOPPER" "$ROUNDS" <<'PY'
import json, sys, time, urllib.request
base, token, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=body, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return r.status, json.loads(r.read() or b"null")
gone, post_ms, reads = [], [], []
first = None
for n in range(rounds + 1):
    _, before = call("GET", "/v1/users/ni-alice/recommendations?limit=20")
    ids = [i["itemId"] for i in before["items"]]
    target = ids[0]
    t0 = time.perf_counter()
    status, marked = call("POST", f"/v1/users/ni-alice/feedback/items/{target}", b'{"reason":"not_interested"}')
    t1 = time.perf_counter()
    assert status == 202, status
    count = 0
    while True:
        _, after = call("GET", "/v1/users/ni-alice/recommendations?limit=20")
        count += 1
        now = [i["itemId"] for i in after["items"]]
        if target not in now:
            break
        if time.perf_counter() - t0 > 5:
            break
    t2 = time.perf_counter()
    if n == 0:
        # The first mark after start also waits for the producer's first metadata of the feedback topic.
        first = ((t2 - t0) * 1000, (t1 - t0) * 1000, count)
        continue
    gone.append((t2 - t0) * 1000); post_ms.append((t1 - t0) * 1000); reads.append(count)
gone.sort(); post_ms.sort()
p = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]
print(f"rounds {rounds}: POST sent -> item gone from the list: p50 {p(gone, .5):.0f} ms, max {gone[-1]:.0f} ms;"
      f" POST answered: p50 {p(post_ms, .5):.0f} ms, max {post_ms[-1]:.0f} ms; reads until gone: max {max(reads)}")
print(f"first mark after start: gone after {first[0]:.0f} ms (POST answered in {first[1]:.0f} ms, {first[2]} read)")
sys.exit(0 if gone[-1] <= 1000 else 1)
PY
