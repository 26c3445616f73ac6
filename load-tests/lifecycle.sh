#!/usr/bin/env bash
# Shutdown and start-up of the PACKAGED engine, as an SRE sees them (docs/operations.md).
#
# Steps, TRIES times each, every try on a fresh data directory and free ports below 32768, the engine
# started the way `./lodestone serve` starts it (java -jar target/quarkus-app/quarkus-run.jar):
#   idle   start; wait for /q/health/ready; post one event and time it from the POST to
#          GET /v1/users/{id}/activity showing it ("first event"); let it settle; SIGTERM; time the
#          SIGTERM to the process exit;
#   load   start; wait for ready; post LOAD_RATE events/s (load-tests/lifecyclelib.py, batches of 50
#          from 4 threads, storefront token); after LOAD_SECONDS, SIGTERM mid-load; time to the exit.
# After every stop: no redis-server of that engine may remain (the pid from redis/redis.pid, and any
# process running the Redis binary of that data directory). Prints each try, then median and p99
# (the largest of TRIES) per figure; exits 1 when an engine did not exit within HANG_SECONDS, left a
# Redis behind, or a first event never showed.
#
# Usage: load-tests/lifecycle.sh [--quick] [--keep] [--doc FILE]
#   --quick      3 tries instead of 10
#   --keep       keep the data directories and engine logs (under /tmp/lodestone-lifecycle-*)
#   --doc FILE   also write the table into FILE between its "lifecycle" generated markers
#
# Environment (defaults): TRIES=10, LOAD_RATE=500 (events/s), LOAD_SECONDS=5, SETTLE_SECONDS=2 (idle
# pause before SIGTERM), READY_TIMEOUT=180, HANG_SECONDS=60, ENGINE_OPTS (extra JVM options), ENGINE_JAR
# (another packaged engine; never rebuilt), BASELINE_JAR (an older build to compare with: every try
# runs it right before this engine, so both see the same machine, and the table gets a baseline part).
# Needs python3 (standard library only) and a JDK 21+ (the launcher finds one).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=${ENGINE_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
LIB=$ROOT/load-tests/lifecyclelib.py
source "$ROOT/load-tests/ports.sh"

QUICK=0 KEEP=0 DOC=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) QUICK=1 ;;
        --keep) KEEP=1 ;;
        --doc) DOC=${2:?--doc needs a file}; shift ;;
        -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

TRIES=${TRIES:-$([[ $QUICK == 1 ]] && echo 3 || echo 10)}
LOAD_RATE=${LOAD_RATE:-500}
LOAD_SECONDS=${LOAD_SECONDS:-5}
SETTLE_SECONDS=${SETTLE_SECONDS:-2}
READY_TIMEOUT=${READY_TIMEOUT:-180}
HANG_SECONDS=${HANG_SECONDS:-60}
ENGINE_OPTS=${ENGINE_OPTS:-}

JAVA_HOME=$("$ROOT/lodestone" java-home) || exit 1
JAVA=$JAVA_HOME/bin/java
if [[ -z ${ENGINE_JAR:-} ]] && { [[ ! -f $JAR ]] || [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit) ]]; }; then
    echo "building the engine (./mvnw -B -ntp package -DskipTests) …" >&2
    JAVA_HOME=$JAVA_HOME ./mvnw -B -ntp -q package -DskipTests >&2 || exit 1
fi

WORK=$(mktemp -d /tmp/lodestone-lifecycle-XXXXXX)
ENGINE_PID="" LOADER_PID=""
cleanup() {
    [[ -n $LOADER_PID ]] && kill "$LOADER_PID" 2>/dev/null
    if [[ -n $ENGINE_PID ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
        kill -KILL "$ENGINE_PID" 2>/dev/null
    fi
    pkill_redis_of "$WORK"
    if [[ $KEEP == 1 ]]; then echo "kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Every redis-server started from a data directory under $1 (its binary lives in DATA/redis/bin).
redis_of() {
    local p
    for p in $(pgrep -f "redis-server" 2>/dev/null); do
        if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "$1/"; then
            echo "$p"
        fi
    done
}

pkill_redis_of() {
    local p
    for p in $(redis_of "$1"); do kill -KILL "$p" 2>/dev/null; done
}

now_ms() { date +%s%3N; }

# Starts an engine on a fresh data directory; sets DATA, BASE, TOKEN, ENGINE_PID, REDIS_PID.
start_engine() {
    DATA=$(mktemp -d "$WORK/$1-XXXX")
    export LODESTONE_DATA_DIR=$DATA
    export PORT=$(free_port) LODESTONE_EMBEDDED_KAFKA_PORT=$(free_port) LODESTONE_EMBEDDED_REDIS_PORT=$(free_port)
    BASE=http://127.0.0.1:$PORT
    TOKEN=$("$JAVA" -jar "$JAR" token --role storefront 2>>"$DATA/engine.log")
    # shellcheck disable=SC2086 # ENGINE_OPTS holds several options
    "$JAVA" --enable-native-access=ALL-UNNAMED $ENGINE_OPTS -jar "$JAR" >>"$DATA/engine.log" 2>&1 &
    ENGINE_PID=$!
    if ! READY_S=$(python3 "$LIB" wait-ready "$BASE" "$READY_TIMEOUT"); then
        echo "engine not ready within ${READY_TIMEOUT}s; see $DATA/engine.log" >&2
        return 1
    fi
    REDIS_PID=$(cat "$DATA/redis/redis.pid" 2>/dev/null || echo "")
}

# SIGTERM, then the seconds until the process is gone; sets EXIT_S, EXIT_CODE, HALTED, LEFT (Redis left behind).
stop_engine() {
    local started ended
    started=$(now_ms)
    kill -TERM "$ENGINE_PID"
    # A hang is a failure, not a wait: SIGKILL after HANG_SECONDS (exit code 137).
    (sleep "$HANG_SECONDS" && kill -KILL "$ENGINE_PID") 2>/dev/null &
    local guard=$!
    wait "$ENGINE_PID"
    EXIT_CODE=$?
    ended=$(now_ms)
    pkill -P "$guard" sleep 2>/dev/null
    wait "$guard" 2>/dev/null
    ENGINE_PID=""
    EXIT_S=$(python3 -c "print(f'{($ended - $started) / 1000:.2f}')")
    # Whether the engine had to halt at the end of its shutdown budget rather than stop on its own.
    HALTED=$(grep -c "did not stop within its" "$DATA/engine.log")
    LEFT=0
    if [[ -n $REDIS_PID ]] && kill -0 "$REDIS_PID" 2>/dev/null; then LEFT=1; fi
    [[ -n $(redis_of "$DATA") ]] && LEFT=1
    pkill_redis_of "$DATA"
}

RESULTS=$WORK/results.tsv
: >"$RESULTS"
FAILED=0
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED_AT=$(date -u '+%Y-%m-%d %H:%M')
echo "machine: $(nproc) cores, load average $LOAD_AT_START at the start" >&2

# One idle try of engine $1 (labelled $2): start, first event, settle, SIGTERM.
try_idle() {
    JAR=$1
    start_engine idle || { FAILED=1; return; }
    FIRST_MS=$(python3 "$LIB" first-event "$BASE" "$TOKEN") || { FIRST_MS=""; FAILED=1; }
    sleep "$SETTLE_SECONDS"
    stop_engine
    [[ $LEFT == 1 || $EXIT_CODE == 137 ]] && FAILED=1
    printf '%s\tidle\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$i" "$READY_S" "$FIRST_MS" "$EXIT_S" "$EXIT_CODE" "$HALTED" "$LEFT" >>"$RESULTS"
    echo "$2 idle $i: ready ${READY_S}s, first event ${FIRST_MS}ms, SIGTERM to exit ${EXIT_S}s (code $EXIT_CODE, halted $HALTED), Redis left: $LEFT" >&2
    [[ $KEEP == 1 ]] || rm -rf "$DATA"
}

# One loaded try of engine $1 (labelled $2): start, LOAD_RATE events/s, SIGTERM after LOAD_SECONDS.
try_load() {
    JAR=$1
    start_engine load || { FAILED=1; return; }
    python3 "$LIB" load "$BASE" "$TOKEN" "$LOAD_RATE" >"$DATA/load.out" 2>&1 &
    LOADER_PID=$!
    sleep "$LOAD_SECONDS"
    stop_engine
    kill -TERM "$LOADER_PID" 2>/dev/null
    wait "$LOADER_PID" 2>/dev/null
    LOADER_PID=""
    ACCEPTED=$(awk 'END {print $2}' "$DATA/load.out")
    [[ $LEFT == 1 || $EXIT_CODE == 137 ]] && FAILED=1
    printf '%s\tload\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$i" "$READY_S" "$ACCEPTED" "$EXIT_S" "$EXIT_CODE" "$HALTED" "$LEFT" >>"$RESULTS"
    echo "$2 load $i: ready ${READY_S}s, events acknowledged ${ACCEPTED}, SIGTERM to exit ${EXIT_S}s (code $EXIT_CODE, halted $HALTED), Redis left: $LEFT" >&2
    [[ $KEEP == 1 ]] || rm -rf "$DATA"
}

# With BASELINE_JAR, every try runs the baseline right before this engine: both see the same machine.
ENGINE=$JAR
for i in $(seq 1 "$TRIES"); do
    [[ -n ${BASELINE_JAR:-} ]] && try_idle "$BASELINE_JAR" baseline
    try_idle "$ENGINE" engine
done
for i in $(seq 1 "$TRIES"); do
    [[ -n ${BASELINE_JAR:-} ]] && try_load "$BASELINE_JAR" baseline
    try_load "$ENGINE" engine
done

LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n ${ENGINE_JAR:-} ]] && COMMIT="$COMMIT, engine $ENGINE_JAR"
[[ -n ${BASELINE_JAR:-} ]] && COMMIT="$COMMIT; baseline $BASELINE_JAR"
python3 "$LIB" report "$RESULTS" "$STARTED_AT" "$COMMIT" \
    "$(nproc)" "$LOAD_AT_START" "$LOAD_AT_END" "$LOAD_RATE" "$LOAD_SECONDS" >"$WORK/table.md" || FAILED=1
cat "$WORK/table.md"
if [[ -n $DOC ]]; then
    python3 "$LIB" write-doc "$DOC" "$WORK/table.md" || FAILED=1
fi
exit "$FAILED"
