#!/usr/bin/env bash
# Chat on the packaged engine (docs/chat.md): the 商品X example and an English one, then the chat
# lookup (search + answer from Redis, GET /v1/chat/answer) under an open-model load.
#
# Steps: start the packaged engine on a fresh data directory and free ports; put 商品X, ITEMS other
# items (商品1..商品ITEMS, several categories, descriptions) and a few English items, and the 32
# knowledge-base articles of the evaluation set; a shopper opens a conversation and asks
# 我想了解商品X的详细信息, then about an English item: the bot's replies must carry the name, price and
# description. Then the open-loop client (load-tests Bench openloop, no coordinated omission) sends
# RATE lookups/s for DURATION s (after WARMUP s) of two kinds, one after the other: a product question
# about a random one of the ITEMS items (Chinese), and an FAQ question (English, the knowledge base).
# Exit 0 when both answers are right and both p99 are at most P99_MS.
#
# Parameters (environment, defaults):
#   ITEMS=500  RATE=200  DURATION=30  WARMUP=30  CONNECTIONS=32  P99_MS=20  KEEP_DATA=0
# A fresh engine compiles the request path while the first requests arrive: each kind first runs
# WARMUP s at RATE unmeasured.
set -euo pipefail

ITEMS=${ITEMS:-500}
RATE=${RATE:-200}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
P99_MS=${P99_MS:-20}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
if [[ ! -f load-tests/target/classpath.txt ]]; then
  ./mvnw -B -q -f load-tests/pom.xml compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
bench() { "$JAVA" -cp "load-tests/target/classes:$(cat load-tests/target/classpath.txt)" dev.lodestone.bench.Bench "$@"; }

source load-tests/ports.sh
export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-chat-XXXXXX)
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

echo "data dir $LODESTONE_DATA_DIR, http $PORT"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >>"$LODESTONE_DATA_DIR/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 1 180); do
  if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fs "$BASE/q/health/ready" >/dev/null || { echo "engine not ready; see $LODESTONE_DATA_DIR/engine.log" >&2; exit 1; }

MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
STOREFRONT=$("$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)
SHOPPER=$("$JAVA" -jar "$JAR" token --role shopper --sub chat-shopper-1 2>/dev/null)

python3 - "$BASE" "$MARKETER" "$ITEMS" "$ROOT/src/test/resources/chat/kb-articles.json" <<'PY'
import json, sys, urllib.request
base, token, n, kb = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def call(method, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status
cats = ["电子产品/耳机", "电子产品/手机", "服饰/外套", "家居/厨房", "美妆/护肤", "运动/跑步"]
words = ["蓝牙", "保温", "轻薄", "防水", "加厚", "便携", "智能", "纯棉"]
items = [{"itemId": "item-x", "title": "商品X", "category": "电子产品/耳机", "brand": "品牌Q", "price": 300,
          "currency": "CNY", "stock": 12, "attributes": {"description": "降噪蓝牙耳机，续航30小时。"}}]
for i in range(1, n + 1):
    items.append({"itemId": f"item-{i}", "title": f"商品{i}", "category": cats[i % len(cats)],
                  "brand": f"品牌{i % 17}", "price": 10 + i, "currency": "CNY", "stock": i % 50,
                  "attributes": {"description": f"{words[i % len(words)]}{cats[i % len(cats)].split('/')[1]}，编号{i}。"}})
for i, (title, desc) in enumerate([
        ("Aurora Trail Running Shoes", "Light trail shoes with a grippy sole."),
        ("Nimbus Steel Water Bottle", "Keeps drinks cold for 24 hours."),
        ("Orbit Wireless Mouse", "Quiet clicks and a two-year battery.")]):
    items.append({"itemId": f"en-{i}", "title": title, "category": "Sports/Gear", "brand": title.split()[0],
                  "price": 29 + 50 * i, "currency": "USD", "stock": 5 + i, "attributes": {"description": desc}})
for k in range(0, len(items), 500):
    call("POST", "/v1/catalog/items:batch", {"items": items[k:k + 500]})
for a in json.load(open(kb)):
    call("PUT", "/v1/kb/articles/" + a["id"], {"title": a["title"], "body": a["body"], "tags": a["tags"]})
print(f"seeded {len(items)} catalog items and the knowledge base")
PY

# The index follows the catalog within a second: wait until the last seeded item answers.
for _ in $(seq 1 60); do
  if curl -fs -G "$BASE/v1/chat/answer" -H "Authorization: Bearer $STOREFRONT" \
      --data-urlencode "q=Orbit Wireless Mouse price" | grep -q '"name":"Orbit Wireless Mouse"'; then break; fi
  sleep 1
done

ANSWERS=0
python3 - "$BASE" "$SHOPPER" <<'PY' || ANSWERS=1
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
def call(method, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)
cid = call("POST", "/v1/chat/conversations", {})["conversationId"]
ok = True
for question, name, price, desc in [
        ("我想了解商品X的详细信息", "商品X", "300元", "降噪蓝牙耳机，续航30小时。"),
        ("Tell me about the Aurora trail running shoes", "Aurora Trail Running Shoes", "29 USD",
         "Light trail shoes with a grippy sole.")]:
    reply = call("POST", f"/v1/chat/conversations/{cid}/messages", {"text": question})["entries"][1]
    card = reply.get("data", {}).get("product", {})
    right = card.get("name") == name and card.get("priceText") == price and card.get("description") == desc
    ok = ok and right
    print(("OK  " if right else "BAD ") + question + " -> " + reply["text"])
    print("    " + json.dumps(card, ensure_ascii=False))
sys.exit(0 if ok else 1)
PY

# Encoded once for the URL, then % doubled for the client's String.format (%d = a random item number).
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]).replace("%", "%%"))' "$1"; }
PRODUCT_PATH="/v1/chat/answer?q=$(enc "我想了解商品")%d$(enc "的详细信息")"
FAQ_PATH="/v1/chat/answer?q=$(enc "How long until I get my refund")"
RESULTS=()
# Both kinds once at the full rate before anything is measured: the JIT compiles the whole path.
for path in "$PRODUCT_PATH" "$FAQ_PATH"; do
  bench openloop --baseUrl="$BASE" --token="$STOREFRONT" --path="$path" --users="$ITEMS" \
    --rate="$RATE" --seconds=1 --warmup="$WARMUP" --connections="$CONNECTIONS" >/dev/null
done
for kind in product faq; do
  path=$PRODUCT_PATH
  [[ $kind == faq ]] && path=$FAQ_PATH
  out=$(bench openloop --baseUrl="$BASE" --token="$STOREFRONT" --path="$path" --users="$ITEMS" \
    --rate="$RATE" --seconds="$DURATION" --warmup=5 --connections="$CONNECTIONS")
  RESULTS+=("$kind $out")
done

echo
echo "Chat lookup, $RATE requests/s for ${DURATION} s (after ${WARMUP} s of each kind and 5 s unmeasured), $CONNECTIONS connections, $((ITEMS + 4)) items, 32 articles:"
FAIL=0
for line in "${RESULTS[@]}"; do
  kind=${line%% *}
  json=${line#* }
  python3 - "$kind" "$json" "$P99_MS" <<'PY' || FAIL=1
import json, sys
kind, r, limit = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3])
print(f"  {kind:8s} requests {r['requests']}, errors {r['errors']}, completed {r['completedRate']:.0f}/s, "
      f"p50 {r['p50']:.2f} ms, p90 {r['p90']:.2f} ms, p99 {r['p99']:.2f} ms, max {r['max']:.2f} ms")
sys.exit(0 if r['p99'] <= limit and r['errors'] == 0 else 1)
PY
done
if [[ $ANSWERS != 0 || $FAIL != 0 ]]; then
  echo "FAIL (answers ok: $([[ $ANSWERS == 0 ]] && echo yes || echo no), p99 <= $P99_MS ms and no errors: $([[ $FAIL == 0 ]] && echo yes || echo no))"
  exit 1
fi
echo "PASS: answers right, p99 <= $P99_MS ms"
