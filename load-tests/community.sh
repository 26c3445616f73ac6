#!/usr/bin/env bash
# Acceptance runs of the community feature on the packaged engine (docs/community.md).
#
#   load-tests/community.sh race   # 1,000 shoppers race for 100 coupons, 10 runs; the same shopper 50× at once
#   load-tests/community.sh live   # 50 WebSocket clients × 1,000 messages: exactly once, in order, p99 post → delivered
#   load-tests/community.sh all    # both, on one engine
#   load-tests/community.sh lottery  # 5,000 entrants in each of 4 lotteries, 10 winners each; the engine is killed
#                                    # (kill -9) once per lottery around its draw: before it, inside its transaction
#                                    # (as soon as the engine logs the draw, and 50 ms later), after its commit; after
#                                    # each restart, for each lottery: where the kill landed, shown from the engine's
#                                    # log and the committed and aborted records; one committed draw, one coupon and
#                                    # one prize decision per winner, codes distinct; verify-lottery on each proof; a
#                                    # tampered proof must fail; verify-points 0 violations
#
# Parameters (environment, defaults): RUNS=10 SHOPPERS=1000 COUPONS=100 SAME=50 CLIENTS=50 MESSAGES=1000
#   ENTRANTS=5000 WINNERS=10 WINDOW=300 (seconds from the first lottery's creation to its end; the entries
#   into every lottery must be in by then) SPACING=60 (seconds
#   between the lotteries' ends) KILLS=before,during,during:50,after (one lottery each: kill 2 s before its end;
#   when the engine logs its draw, optionally N ms later; 2 s after it logs the draw)
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

LIFE=0
start_engine() {
  LIFE=$((LIFE + 1))
  ENGINE_LOG=$LODESTONE_DATA_DIR/engine-$LIFE.log
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >"$ENGINE_LOG" 2>&1 &
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
  IFS=, read -ra KILL_AT <<<"${KILLS:-before,during,during:50,after}"
  helper lottery-setup entrants="${ENTRANTS:-5000}" winners="${WINNERS:-10}" window="${WINDOW:-300}" \
    lotteries="${#KILL_AT[@]}" spacing="${SPACING:-60}" out="$LODESTONE_DATA_DIR/lottery.txt" || status=1
  drawn_line() { { grep -m1 -o "lottery $1 drawn at [0-9]*" "$2" 2>/dev/null || true; } | awk '{print $5}'; }
  n=0
  : >"$LODESTONE_DATA_DIR/kills.txt"
  while read -r LOTTERY ENDS; do
    how=${KILL_AT[$n]}; n=$((n + 1))
    case $how in
      before)
        wait_ms=$(( $(date -d "$ENDS" +%s%3N) - $(date +%s%3N) - 2000 ))
        if (( wait_ms > 0 )); then sleep "$(awk "BEGIN{print $wait_ms/1000}")"; fi ;;
      during*|after)
        # The engine logs the draw before the task's transaction commits (100 ms commit interval).
        until [[ -n $(drawn_line "$LOTTERY" "$ENGINE_LOG") ]]; do sleep 0.005; done
        extra=0
        [[ $how == during:* ]] && extra=${how#during:}
        [[ $how == after ]] && extra=2000
        if (( extra > 0 )); then sleep "$(awk "BEGIN{print $extra/1000}")"; fi ;;
    esac
    kill -9 "$ENGINE_PID"; killed_at=$(date +%s%3N); wait "$ENGINE_PID" 2>/dev/null || true
    drawn=$(drawn_line "$LOTTERY" "$ENGINE_LOG"); drawn=${drawn:-0}
    echo "$LOTTERY $how $killed_at $drawn" >>"$LODESTONE_DATA_DIR/kills.txt"
    echo "kill -9 ($how) at $(date -u -d @"${killed_at:0:10}" +%H:%M:%S).${killed_at:10}; lottery $LOTTERY ends $ENDS;" \
      "draw logged by the killed engine: $([[ $drawn == 0 ]] && echo none || echo "$((killed_at - drawn)) ms before the kill")"
    start_engine
  done <"$LODESTONE_DATA_DIR/lottery.txt"
  while read -r LOTTERY how killed_at drawn; do
    echo "--- lottery $LOTTERY, kill $how"
    helper lottery-check lottery="$LOTTERY" killedAt="$killed_at" drawnBeforeKill="$drawn" winners="${WINNERS:-10}" \
      bootstrap="127.0.0.1:$LODESTONE_EMBEDDED_KAFKA_PORT" entries="$LODESTONE_DATA_DIR/lottery.txt.entries" \
      out="$LODESTONE_DATA_DIR/proof-$LOTTERY.json" || status=1
    echo -n "verify-lottery: "
    if "$JAVA" -jar "$JAR" verify-lottery "$LODESTONE_DATA_DIR/proof-$LOTTERY.json" >"$LODESTONE_DATA_DIR/verify-$LOTTERY.out" 2>/dev/null; then
      echo "OK (commitment, entries hash, winners)"
    else
      echo "FAILED"; cat "$LODESTONE_DATA_DIR/verify-$LOTTERY.out"; status=1
    fi
    PROOF=$LODESTONE_DATA_DIR/proof-$LOTTERY.json
  done <"$LODESTONE_DATA_DIR/kills.txt"
  python3 - "$PROOF" "$LODESTONE_DATA_DIR/tampered.json" "$LODESTONE_DATA_DIR/reseeded.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1]))
t = dict(p, entries=list(p["entries"]))
t["entries"][len(t["entries"]) // 2] = "someone-else"
json.dump(t, open(sys.argv[2], "w"))
json.dump(dict(p, seed="00" * 32), open(sys.argv[3], "w"))
PYEOF
  for f in tampered reseeded; do
    if "$JAVA" -jar "$JAR" verify-lottery "$LODESTONE_DATA_DIR/$f.json" >"$LODESTONE_DATA_DIR/$f.out" 2>/dev/null; then
      echo "FAILED: a $f proof verified"; status=1
    else
      echo "$f proof → verify-lottery refuses: $(grep -c MISMATCH "$LODESTONE_DATA_DIR/$f.out") mismatches"
    fi
  done
  echo "verify-points after the restarts:"
  "$JAVA" -jar "$JAR" verify-points --wait 120 2>/dev/null | grep -E "VIOLATION|shoppers=" || true
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
fi
exit $status
