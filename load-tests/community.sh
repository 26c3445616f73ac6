#!/usr/bin/env bash
# Acceptance runs of the community feature on the packaged engine (docs/community.md).
#
#   load-tests/community.sh race   # 1,000 shoppers race for 100 coupons, 10 runs; the same shopper 50× at once
#   load-tests/community.sh live   # 50 WebSocket clients × 1,000 messages: exactly once, in order, p99 post → delivered
#   load-tests/community.sh all    # both, on one engine
#
# Parameters (environment, defaults): RUNS=10 SHOPPERS=1000 COUPONS=100 SAME=50 CLIENTS=50 MESSAGES=1000
#   APP=target/quarkus-app (the packaged engine)  KEEP_DATA=0
# The engine runs on a fresh data directory and free ports. Its per-token rate limit (20 requests/s for a
# shopper) and the community's post interval are lifted for the run: one shopper posts the 1,000 messages
# and one shopper claims 50 times at once; what is measured is the feed and the drop, not the limiters.
set -euo pipefail
MODE=${1:-all}
cd "$(dirname "$0")/.."
APP=${APP:-target/quarkus-app}
JAR=$APP/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
KEEP_DATA=${KEEP_DATA:-0}
if [[ ! -f $JAR ]]; then
  ./mvnw -B -q package -DskipTests
fi
source load-tests/ports.sh

export LODESTONE_DATA_DIR=$(mktemp -d /tmp/lodestone-community-XXXXXX)
export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
export LODESTONE_RATE_LIMIT_SHOPPER_REQUESTS_PER_SECOND=100000 LODESTONE_RATE_LIMIT_SHOPPER_BURST=100000
export LODESTONE_COMMUNITY_POST_INTERVAL=PT0S LODESTONE_COMMUNITY_NEW_MEMBER_POST_INTERVAL=PT0S
export LODESTONE_COMMUNITY_DAILY_POSTS=1000000 LODESTONE_COMMUNITY_NEW_MEMBER_DAILY_POSTS=1000000
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
  if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then break; fi
  sleep 1
done
echo "engine $ENGINE_PID ready on $BASE (data $LODESTONE_DATA_DIR); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

helper() {
  local mode=$1; shift
  "$JAVA" -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" load-tests/CommunityLoad.java "$mode" "$BASE" "$LODESTONE_DATA_DIR" "$@"
}
status=0
if [[ $MODE == race || $MODE == all ]]; then
  helper race runs="${RUNS:-10}" shoppers="${SHOPPERS:-1000}" coupons="${COUPONS:-100}" same="${SAME:-50}" || status=1
fi
if [[ $MODE == live || $MODE == all ]]; then
  helper live clients="${CLIENTS:-50}" messages="${MESSAGES:-1000}" || status=1
fi
exit $status
