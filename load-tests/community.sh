#!/usr/bin/env bash
# Acceptance runs of the community feature on the packaged engine (docs/community.md).
#
#   load-tests/community.sh race   # 1,000 shoppers race for 100 coupons, 10 runs; the same shopper 50× at once
#   load-tests/community.sh live   # 50 WebSocket clients × 1,000 messages: exactly once, in order, p99 post → delivered
#   load-tests/community.sh all    # both, on one engine
#   load-tests/community.sh lottery  # 5,000 entrants, 10 winners; kill -9 just after the lottery's end (during its
#                                    # draw), restart, then: verify-lottery on the proof, a tampered proof must fail,
#                                    # each winner's coupon committed exactly once, verify-points 0 violations
#
# Parameters (environment, defaults): RUNS=10 SHOPPERS=1000 COUPONS=100 SAME=50 CLIENTS=50 MESSAGES=1000
#   ENTRANTS=5000 WINNERS=10 WINDOW=180 (seconds from the lottery's creation to its end) KILL_DELAY_MS=700
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

start_engine() {
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >>"$LODESTONE_DATA_DIR/engine.log" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 1 180); do
    if curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  echo "engine $ENGINE_PID ready on $BASE (data $LODESTONE_DATA_DIR); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
}
start_engine

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
if [[ $MODE == lottery ]]; then
  helper lottery-setup entrants="${ENTRANTS:-5000}" winners="${WINNERS:-10}" window="${WINDOW:-180}" \
    out="$LODESTONE_DATA_DIR/lottery.txt" || status=1
  read -r LOTTERY ENDS <"$LODESTONE_DATA_DIR/lottery.txt"
  wait_ms=$(( $(date -d "$ENDS" +%s%3N) - $(date +%s%3N) + ${KILL_DELAY_MS:-700} ))
  if (( wait_ms > 0 )); then sleep "$(awk "BEGIN{print $wait_ms/1000}")"; fi
  kill -9 "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true
  echo "kill -9 at $(date -u +%H:%M:%S.%3N), ${KILL_DELAY_MS:-700} ms after the lottery's end $ENDS"
  start_engine
  helper lottery-check lottery="$LOTTERY" bootstrap="127.0.0.1:$LODESTONE_EMBEDDED_KAFKA_PORT" \
    out="$LODESTONE_DATA_DIR/proof.json" || status=1
  echo "verify-lottery on the proof:"
  "$JAVA" -jar "$JAR" verify-lottery "$LODESTONE_DATA_DIR/proof.json" 2>/dev/null || status=1
  python3 - "$LODESTONE_DATA_DIR/proof.json" "$LODESTONE_DATA_DIR/tampered.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
p["entries"][len(p["entries"]) // 2] = "someone-else"
json.dump(p, open(sys.argv[2], "w"))
PYEOF
  if "$JAVA" -jar "$JAR" verify-lottery "$LODESTONE_DATA_DIR/tampered.json" >"$LODESTONE_DATA_DIR/tampered.out" 2>/dev/null; then
    echo "FAILED: a proof with one entry changed verified"; status=1
  else
    echo "one entry changed → verify-lottery refuses: $(grep -c MISMATCH "$LODESTONE_DATA_DIR/tampered.out") mismatches"
  fi
  echo "verify-points after the restart:"
  "$JAVA" -jar "$JAR" verify-points --wait 120 2>/dev/null | grep -E "VIOLATION|shoppers=" || true
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
fi
exit $status
