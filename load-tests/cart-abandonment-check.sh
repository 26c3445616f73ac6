#!/usr/bin/env bash
# Cart abandonment on the packaged engine (docs/signals.md): exactly one cart-abandoned record per
# abandoned cart, even across a restart in the middle.
#
# Steps: start the packaged engine on a fresh data directory with the idle threshold at 3 s; fill
# CARTS carts (two items each) in two halves; BOUGHT of them (the same share of each half) are bought
# right after being filled. Between the halves, once the first half's stages have started firing, the
# engine is stopped (kill -9 by default) and started again on the same data directory. Then wait, read
# `cart-abandoned` with kcat (read_committed: what a transactional subscriber sees) and compare with
# CARTS - BOUGHT; read GET /v1/carts/summary too. Exit 0 only when both are exact and no shopper has
# two records.
#
# Parameters (environment, defaults):
#   CARTS=100 BOUGHT=40   carts, and how many of them are bought
#   IDLE=PT3S             lodestone.signals.cart-abandonment.idle
#   RESTART=kill9         kill9 | term | none: how the engine is stopped between the halves
#   KEEP_DATA=0           keep the temporary data directory
set -euo pipefail

CARTS=${CARTS:-100}
BOUGHT=${BOUGHT:-40}
IDLE=${IDLE:-PT3S}
RESTART=${RESTART:-kill9}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
if ! command -v kcat >/dev/null; then
  sudo apt-get install -y kcat >/dev/null 2>&1 || apt-get install -y kcat >/dev/null
fi

source load-tests/ports.sh
export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-carts-XXXXXX)
export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
export LODESTONE_SIGNALS_CART_ABANDONMENT_IDLE=$IDLE
BASE=http://127.0.0.1:$PORT
BROKER=127.0.0.1:$LODESTONE_EMBEDDED_KAFKA_PORT
ENGINE_PID=

start_engine() {
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >>"$LODESTONE_DATA_DIR/engine-$1.log" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 1 180); do
    if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "engine did not get ready; see $LODESTONE_DATA_DIR/engine-$1.log" >&2
  exit 1
}

cleanup() {
  if [[ -n $ENGINE_PID ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" && wait "$ENGINE_PID" 2>/dev/null || true
  fi
  if [[ $KEEP_DATA != 1 ]]; then rm -rf "$LODESTONE_DATA_DIR"; else echo "data kept in $LODESTONE_DATA_DIR"; fi
}
trap cleanup EXIT

# fill FIRST LAST: carts FIRST..LAST get two items; every (CARTS / BOUGHT)-th-ish one is bought at once.
fill() {
  local first=$1 last=$2 body sep=''
  body='['
  for ((c = first; c <= last; c++)); do
    body+="$sep{\"eventId\":\"cab-$c-a\",\"type\":\"add_to_cart\",\"userId\":\"cab-u$c\",\"itemId\":\"cab-item-1\",\"quantity\":1,\"price\":19.9,\"currency\":\"CNY\"}"
    sep=','
    body+=",{\"eventId\":\"cab-$c-b\",\"type\":\"add_to_cart\",\"userId\":\"cab-u$c\",\"itemId\":\"cab-item-2\",\"quantity\":2,\"price\":5,\"currency\":\"CNY\"}"
  done
  body+=']'
  post "$body"
  body='[' sep=''
  for ((c = first; c <= last; c++)); do
    if bought "$c"; then
      body+="$sep{\"eventId\":\"cab-$c-p1\",\"type\":\"purchase\",\"userId\":\"cab-u$c\",\"itemId\":\"cab-item-1\",\"quantity\":1,\"price\":19.9,\"currency\":\"CNY\"}"
      sep=','
      body+=",{\"eventId\":\"cab-$c-p2\",\"type\":\"purchase\",\"userId\":\"cab-u$c\",\"itemId\":\"cab-item-2\",\"quantity\":2,\"price\":5,\"currency\":\"CNY\"}"
    fi
  done
  body+=']'
  [[ $body == '[]' ]] || post "$body"
}

# Cart c (1-based) is bought when it is among the first BOUGHT of an even spread over CARTS.
bought() { (( ($1 - 1) * BOUGHT / CARTS != $1 * BOUGHT / CARTS )); }

post() {
  local code
  code=$(curl -s -o "$LODESTONE_DATA_DIR/post.out" -w '%{http_code}' -X POST "$BASE/v1/events" \
    -H "Authorization: Bearer $STOREFRONT" -H 'Content-Type: application/json' --data-binary "$1")
  if [[ $code != 202 ]]; then
    echo "POST /v1/events answered $code: $(cat "$LODESTONE_DATA_DIR/post.out")" >&2
    exit 1
  fi
}

read_abandoned() {
  kcat -C -b "$BROKER" -t cart-abandoned -o beginning -e -q -X isolation.level=read_committed -f '%k\n' 2>/dev/null || true
}

echo "data dir $LODESTONE_DATA_DIR, http $PORT, kafka $LODESTONE_EMBEDDED_KAFKA_PORT; idle $IDLE, $CARTS carts, $BOUGHT bought, restart $RESTART"
start_engine 1
STOREFRONT=$("$JAVA" -jar "$JAR" token --role storefront 2>/dev/null)
MARKETER=$("$JAVA" -jar "$JAR" token --role marketer 2>/dev/null)
expected=0
for ((c = 1; c <= CARTS; c++)); do bought "$c" || expected=$((expected + 1)); done

HALF=$((CARTS / 2))
fill 1 "$HALF"
echo "first half filled (carts 1-$HALF); waiting for its stages to start firing"
for _ in $(seq 1 60); do
  n=$(read_abandoned | grep -c . || true)
  [[ $n -gt 0 ]] && break
  sleep 0.5
done
echo "  $n cart-abandoned records before the restart"
case $RESTART in
  kill9) kill -9 "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true; start_engine 2 ;;
  term) kill -TERM "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true; start_engine 2 ;;
esac
[[ $RESTART == none ]] || echo "  restarted ($RESTART)"
fill $((HALF + 1)) "$CARTS"
echo "second half filled (carts $((HALF + 1))-$CARTS); waiting for every stage"

deadline=$((SECONDS + 90))
while ((SECONDS < deadline)); do
  n=$(read_abandoned | grep -c . || true)
  [[ $n -ge $expected ]] && break
  sleep 1
done
sleep 5 # anything beyond the expected count (a duplicate) would show by now
keys=$(read_abandoned)
records=$(grep -c . <<<"$keys" || true)
distinct=$(sort -u <<<"$keys" | grep -c . || true)
bought_keys=0
for ((c = 1; c <= CARTS; c++)); do
  if bought "$c" && grep -qx "u:cab-u$c" <<<"$keys"; then bought_keys=$((bought_keys + 1)); fi
done
summary=$(curl -fsS "$BASE/v1/carts/summary?from=$(date -u +%F)&to=$(date -u +%F)" -H "Authorization: Bearer $MARKETER")
echo "cart-abandoned (kcat, read_committed): $records records, $distinct distinct shoppers, $bought_keys of bought carts; expected $expected"
echo "GET /v1/carts/summary: $summary"
abandoned=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["abandoned"])' "$summary")
if [[ $records -eq $expected && $distinct -eq $expected && $bought_keys -eq 0 && $abandoned -eq $expected ]]; then
  echo "OK: exactly $expected abandonments, no duplicate across the restart"
  exit 0
fi
echo "FAILED"
exit 1
