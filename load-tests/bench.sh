#!/usr/bin/env bash
# One-command benchmark of Lodestone on this machine: starts the packaged engine on the embedded
# default (its own broker and Redis) in a temporary data directory on free ports, seeds a skewed
# catalog and history, measures R1, L1, F1, T1 (and T1r, T1 ÷ a reference Streams topology), intake rate
# and memory (each repeated, median reported) and writes the tables and charts of docs/benchmarks.md.
#
#   load-tests/bench.sh [--quick] [--no-build] [--split] [--jfr] [--keep] [--reps N] [--doc FILE] [--only LIST]
#
#   --quick     small data and short runs (smoke test, about 10 minutes); the full run takes about 45 minutes
#   --no-build  use the existing target/quarkus-app and load-tests/target
#   --split     the deployed layout instead of one process: a broker and Redis (`infra`), one engine in the
#               `streams` role and one in the `api` role, each its own JVM; every request goes to the api
#               instance, T1's CPU and the memory figures are the streams instance's (API_OPTS: JVM options of
#               the api instance only, default ENGINE_OPTS)
#   --jfr       record the engine with JDK Flight Recorder (profile settings) into the run directory
#   --keep      keep the engine's data directory (Kafka log, Redis AOF) after the run
#   --reps N    repetitions of every figure (default 3)
#   --doc FILE  report to write (default docs/benchmarks.md)
#   --only LIST some figures only, comma-separated among r1, l1, t1 (exactly-once, with its reference),
#               f1 and alos (at-least-once T1); l1 needs r1 (half its rate) unless L1_RATE is given, and f1 takes half of
#               t1's rate unless F1_BACKGROUND is given; the report then goes to the run directory unless --doc
#               names a file. For comparing two builds on one figure, e.g. --quick --only t1 --reps 2
#
# ENGINE_JAR runs another packaged engine (a quarkus-run.jar) instead of building this checkout's.
# The engine runs with the launcher's JVM options (`./lodestone jvm-options`: the collector's settings
# the product ships with); ENGINE_OPTS adds JVM options or -D configuration after them, so they override
# (e.g. a larger Redis pool, see docs/benchmarks.md); they are printed in the report.
# Every size and duration can be overridden by environment variables of the same names as below
# (ITEMS, EVENTS, USERS, T1_EVENTS, WRK_SECONDS, WRK_CONNECTIONS, ...). Endpoints the engine does not
# serve yet (recommendations, catalog, profile) are reported as "not available".
# F1's background load (F1_BACKGROUND, events/s) defaults to half the run's median exactly-once T1.
# L1_RATE (requests/s) fixes L1's rate instead of half of R1's, so two builds compare at one load (l1 then
# runs without r1).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

MODE=full BUILD=1 JFR=0 KEEP=0 REPS=3 DOC="" ONLY="" SPLIT=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) MODE=quick ;;
        --no-build) BUILD=0 ;;
        --split) SPLIT=1 ;;
        --jfr) JFR=1 ;;
        --keep) KEEP=1 ;;
        --reps) REPS=$2; shift ;;
        --doc) DOC=$2; shift ;;
        --only) ONLY=$2; shift ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ $MODE == quick ]]; then
    : "${ITEMS:=1000}" "${EVENTS:=30000}" "${USERS:=2000}" "${T1_EVENTS:=40000}"
    : "${WRK_SECONDS:=5}" "${L1_SECONDS:=8}" "${L1_WARMUP:=2}" "${F1_PROBES:=30}"
else
    : "${ITEMS:=10000}" "${EVENTS:=1000000}" "${USERS:=100000}" "${T1_EVENTS:=200000}"
    : "${WRK_SECONDS:=15}" "${L1_SECONDS:=30}" "${L1_WARMUP:=10}" "${F1_PROBES:=200}"
fi
[[ $MODE == quick ]] && : "${DRAIN_TIMEOUT:=120}" || : "${DRAIN_TIMEOUT:=1200}"
# A restart restores every state store from its changelog before the engine is ready: at full size (a
# million events of state) that takes minutes on two cores.
[[ $MODE == quick ]] && : "${READY_TIMEOUT:=180}" || : "${READY_TIMEOUT:=900}"
[[ $MODE == quick ]] && : "${T1_WARMUP:=5000}" "${T1_TIMEOUT:=90}" || : "${T1_WARMUP:=20000}" "${T1_TIMEOUT:=600}"
# F1_POLL_MS: how often a freshness probe reads again until it sees its event.
: "${F1_POLL_MS:=5}"
: "${CHUNKS:=3}" "${SEED_CONNECTIONS:=4}" "${WRK_THREADS:=2}" "${WRK_CONNECTIONS:=32}" "${ZIPF:=1.0}"

RUN=$(mktemp -d /tmp/lodestone-bench.XXXXXX)
# A partial run does not replace the full report.
[[ -n $DOC ]] || { [[ -z $ONLY ]] && DOC="$ROOT/docs/benchmarks.md" || DOC="$RUN/benchmarks.md"; }
DATA="$RUN/data"
RESULTS="$RUN/results.jsonl"
LOG="$RUN/bench.log"
mkdir -p "$DATA"
ENGINE_PID="" INFRA_PID="" API_PID=""

# Whether a figure group is measured in this run (--only).
want() { [[ -z $ONLY || ",$ONLY," == *",$1,"* ]]; }
say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }
py() { python3 "$HERE/benchlib.py" "$@"; }
bench() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" dev.lodestone.bench.Bench "$@"; }
record() { py record "$RESULTS" "$@"; }

stop_process() {
    if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1"
        for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
        kill -0 "$1" 2>/dev/null && kill -KILL "$1"
        wait "$1" 2>/dev/null || true
    fi
}
# The engine (split: the streams instance; the api instance and infra stay until the end).
stop_engine() {
    stop_process "$ENGINE_PID"
    ENGINE_PID=""
}
cleanup() {
    stop_engine
    stop_process "$API_PID"
    stop_process "$INFRA_PID"
    [[ $KEEP == 1 ]] || rm -rf "$DATA"
}
trap cleanup EXIT

# --- Tools ------------------------------------------------------------------------------------
for tool in wrk gnuplot; do
    if ! command -v $tool >/dev/null && command -v apt-get >/dev/null; then
        pkg=$tool; [[ $tool == gnuplot ]] && pkg=gnuplot-nox
        say "installing $pkg (Debian package)"
        apt-get install -y -qq "$pkg" >>"$LOG" 2>&1 || say "could not install $pkg"
    fi
done
command -v wrk >/dev/null || { echo "wrk is required for R1 (apt-get install -y wrk)" >&2; exit 1; }

# --- Build ------------------------------------------------------------------------------------
if [[ -n "${ENGINE_JAR:-}" ]]; then
    say "using the engine $ENGINE_JAR"
elif [[ $BUILD == 1 || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    say "building the engine (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >>"$LOG" 2>&1
fi
if [[ $BUILD == 1 || ! -f "$HERE/target/classpath.txt" ]]; then
    say "building the benchmark helpers"
    (cd "$ROOT" && ./mvnw -B -q -f load-tests/pom.xml compile dependency:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime) >>"$LOG" 2>&1
fi
JAR="${ENGINE_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"

# --- Engine -----------------------------------------------------------------------------------
read -r PORT KAFKA_PORT REDIS_PORT STREAMS_PORT < <(py freeport 4)
BASE="http://localhost:$PORT"
BOOTSTRAP="localhost:$KAFKA_PORT"
GUARANTEE=exactly_once_v2
STARTS=0
# Where /q/* of the instance holding the state answers (memory figures) and where tokens' keys are:
# the engine itself, or in the split layout the streams instance and the infra process's directory.
ADMIN_BASE=$BASE
KEYS_DIR=$DATA
if [[ $SPLIT == 1 ]]; then
    ADMIN_BASE="http://localhost:$STREAMS_PORT"
    KEYS_DIR=$DATA/infra
    COUPON_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
fi

jvm_opts() { # the JVM options of an engine: $1 = extra options (ENGINE_OPTS or API_OPTS), $2 = JFR file name
    # shellcheck disable=SC2207
    OPTS=($("$ROOT/lodestone" jvm-options) "-Dkafka-streams.processing.guarantee=$GUARANTEE"
        -Dlodestone.rate-limit.enabled=false)
    if [[ -n "$1" ]]; then
        # shellcheck disable=SC2206
        OPTS+=($1)
    fi
    if [[ $JFR == 1 ]]; then
        OPTS+=("-XX:StartFlightRecording=filename=$RUN/$2.jfr,settings=profile,dumponexit=true")
    fi
}

await_ready() { # $1 = base URL, $2 = pid, $3 = log
    for _ in $(seq 1 "$READY_TIMEOUT"); do
        if curl -fsS "$1/q/health/ready" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || { tail -30 "$3" >&2; exit 1; }
        sleep 1
    done
    echo "the engine did not become ready within ${READY_TIMEOUT}s; see $3" >&2
    exit 1
}

# server_engine ROLE PORT LOG OPTS...: an engine in server mode on the infra process's broker and Redis.
server_engine() {
    local role=$1 port=$2 log=$3
    shift 3
    env LODESTONE_EMBEDDED_ENABLED=false LODESTONE_ROLE="$role" LODESTONE_INSTANCE_ID="bench-$role" \
        LODESTONE_DATA_DIR="$DATA/$role" PORT="$port" \
        KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" REDIS_HOSTS="redis://localhost:$REDIS_PORT" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS_DIR/keys/public.pem" LODESTONE_GIFTS_COUPON_SECRET="$COUPON_SECRET" \
        "$JAVA" "$@" -jar "$JAR" >"$log" 2>&1 &
}

start_engine() {
    GUARANTEE=$1
    STARTS=$((STARTS + 1))
    # One client drives the whole engine here: its capacity is measured, not the per-client budgets.
    jvm_opts "${ENGINE_OPTS:-}" "engine-$GUARANTEE"
    if [[ $SPLIT == 0 ]]; then
        ENGINE_ARGS="java ${OPTS[*]} -jar ${JAR#"$ROOT"/}"
        say "starting the engine ($GUARANTEE) on :$PORT, Kafka :$KAFKA_PORT, Redis :$REDIS_PORT, data $DATA"
        PORT=$PORT LODESTONE_DATA_DIR=$DATA LODESTONE_EMBEDDED_KAFKA_PORT=$KAFKA_PORT \
            LODESTONE_EMBEDDED_REDIS_PORT=$REDIS_PORT \
            "$JAVA" "${OPTS[@]}" -jar "$JAR" >"$RUN/engine-$STARTS.log" 2>&1 &
        ENGINE_PID=$!
        await_ready "$BASE" "$ENGINE_PID" "$RUN/engine-$STARTS.log"
        say "engine ready (pid $ENGINE_PID)"
        return 0
    fi
    if [[ -z $INFRA_PID ]]; then
        say "starting the broker and Redis (infra): Kafka :$KAFKA_PORT, Redis :$REDIS_PORT, data $DATA/infra"
        LODESTONE_DATA_DIR=$DATA/infra "$JAVA" -jar "$JAR" infra --kafka-port "$KAFKA_PORT" --redis-port "$REDIS_PORT" \
            >"$RUN/engine-infra.log" 2>&1 &
        INFRA_PID=$!
        for _ in $(seq 1 "$READY_TIMEOUT"); do
            grep -q '^REDIS_HOSTS=' "$RUN/engine-infra.log" && grep -q '^MP_JWT_VERIFY_PUBLICKEY_LOCATION=' \
                "$RUN/engine-infra.log" && break
            kill -0 "$INFRA_PID" 2>/dev/null || { tail -30 "$RUN/engine-infra.log" >&2; exit 1; }
            sleep 1
        done
    fi
    local streams_args=("${OPTS[@]}")
    say "starting the streams instance ($GUARANTEE) on :$STREAMS_PORT"
    server_engine streams "$STREAMS_PORT" "$RUN/engine-streams-$STARTS.log" "${OPTS[@]}"
    ENGINE_PID=$!
    if [[ -z $API_PID ]]; then
        jvm_opts "${API_OPTS:-${ENGINE_OPTS:-}}" "engine-api"
        say "starting the api instance on :$PORT"
        server_engine api "$PORT" "$RUN/engine-api.log" "${OPTS[@]}"
        API_PID=$!
        await_ready "$BASE" "$API_PID" "$RUN/engine-api.log"
    fi
    await_ready "$ADMIN_BASE" "$ENGINE_PID" "$RUN/engine-streams-$STARTS.log"
    ENGINE_ARGS="split: infra; streams: java ${streams_args[*]} -jar ${JAR#"$ROOT"/}; api: java ${OPTS[*]} -jar ${JAR#"$ROOT"/}"
    say "streams instance ready (pid $ENGINE_PID), api instance ready (pid $API_PID)"
}

memory() { py memory "$ENGINE_PID" "$REDIS_PORT" "$ADMIN_BASE" | record figure=memory "label=$1"; }
drain() { bench drain --bootstrap="$BOOTSTRAP" --timeoutSeconds="$DRAIN_TIMEOUT" >/dev/null; }

start_engine exactly_once_v2
ADMIN=$(LODESTONE_DATA_DIR=$KEYS_DIR "$JAVA" -jar "$JAR" token --role admin --hours 24)
STOREFRONT=$(LODESTONE_DATA_DIR=$KEYS_DIR "$JAVA" -jar "$JAR" token --role storefront --hours 24)
read -r -a AVAILABLE < <(py available "$BASE"; echo)
has() { [[ " ${AVAILABLE[*]:-} " == *" $1 "* ]]; }
say "optional APIs available: ${AVAILABLE[*]:-none}"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
drain
memory baseline

# --- Seed -------------------------------------------------------------------------------------
if has catalog; then
    for chunk in $(seq 1 "$CHUNKS"); do
        from=$(( (chunk - 1) * ITEMS / CHUNKS )); to=$(( chunk * ITEMS / CHUNKS ))
        say "seeding catalog items $from..$((to - 1)) (chunk $chunk/$CHUNKS)"
        bench seed-catalog --baseUrl="$BASE" --token="$ADMIN" --from=$from --items=$((to - from)) \
            --connections="$SEED_CONNECTIONS" | record figure=seed-catalog chunk=$chunk
        drain
        memory "catalog-$chunk"
    done
else
    say "catalog API not available: events refer to items the catalog does not know (accepted by design)"
fi
for chunk in $(seq 1 "$CHUNKS"); do
    ufrom=$(( (chunk - 1) * USERS / CHUNKS )); uto=$(( chunk * USERS / CHUNKS ))
    say "seeding $((EVENTS / CHUNKS)) history events for shoppers $ufrom..$((uto - 1)) (chunk $chunk/$CHUNKS)"
    bench seed-events --baseUrl="$BASE" --token="$ADMIN" --events=$((EVENTS / CHUNKS)) --items="$ITEMS" \
        --userFrom=$ufrom --userTo=$uto --connections="$SEED_CONNECTIONS" --zipf="$ZIPF" --run="seed$chunk" \
        | record figure=seed-events chunk=$chunk
    say "waiting for Streams and the projections to catch up"
    drain
    memory "events-$chunk"
done

# --- R1: maximum throughput, endpoint ÷ ping --------------------------------------------------
cat >"$RUN/users.lua" <<'LUA'
-- A random seeded shopper per request; the same script (and headers) for every endpoint.
local path = os.getenv("WRK_PATH")
local users = tonumber(os.getenv("WRK_USERS")) -- shoppers, or items for /similar
math.randomseed(os.time())
request = function()
    return wrk.format("GET", string.format(path, math.random(0, users - 1)))
end
LUA
WRK="wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s --latency -s users.lua -H 'Authorization: Bearer …'"
wrk_rps() {
    WRK_PATH=$1 WRK_USERS=${2:-$USERS} wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --latency \
        -s "$RUN/users.lua" -H "Authorization: Bearer $STOREFRONT" "$BASE" >"$RUN/wrk.out" 2>&1 || true
    cat "$RUN/wrk.out" >>"$LOG"
    py wrk-rate "$RUN/wrk.out"
}
declare -A PATHS=([recommendations]="/v1/users/user-%d/recommendations?limit=20" [activity]="/v1/users/user-%d/activity"
    [similar]="/v1/items/item-%d/similar?limit=20" [trending]="/v1/trending?limit=20")
# /similar draws a random seeded item per request instead of a shopper; /trending ignores the number.
declare -A RANGE=([similar]=$ITEMS)
R1_TARGETS=(recommendations similar trending activity)
# L1 and F1 stay on recommendations and the activity reference: R1 is the figure for the other two.
L1_CANDIDATES=(recommendations activity)
declare -A MAXRPS=()
want r1 || R1_TARGETS=()
for target in "${R1_TARGETS[@]}"; do
    if [[ $target != activity ]] && ! has "$target"; then
        say "R1 $target: not available"
        continue
    fi
    say "R1 $target vs ping: warming up"
    wrk_rps "/v1/ping" >/dev/null
    wrk_rps "${PATHS[$target]}" "${RANGE[$target]:-}" >/dev/null
    for rep in $(seq 1 "$REPS"); do
        ping=$(wrk_rps "/v1/ping")
        ep=$(wrk_rps "${PATHS[$target]}" "${RANGE[$target]:-}")
        python3 - "$ping" "$ep" <<'PY' | record figure=R1 "target=$target" rep=$rep
import json, sys
ping, ep = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = ep["rps"] / ping["rps"] if ping.get("rps") and ep.get("rps") else None
print(json.dumps({"pingRps": ping["rps"], "rps": ep["rps"], "ratio": ratio, "non2xx": ep["non2xx"] + ping["non2xx"]}))
PY
        say "R1 $target rep $rep: $(tail -1 "$RESULTS")"
    done
    MAXRPS[$target]=$(py median "$RESULTS" R1 rps "target=$target")
    if [[ $target == recommendations ]]; then
        # How the plain lists of R1 were answered: from kept candidates or ranked on the request, and
        # whether their read came from the near cache or from Redis.
        say "recommendation paths so far: $(curl -s "$BASE/q/metrics" | grep -E '^lodestone_recommend_(path|plain_reads)_total' | tr '\n' ' ')"
    fi
done

# --- L1: latency at half the maximum rate, open model -----------------------------------------
L1_TARGETS=()
want l1 || L1_CANDIDATES=()
for target in "${L1_CANDIDATES[@]}"; do
    if [[ -n "${L1_RATE:-}" ]]; then
        rate=$L1_RATE
    elif [[ -n "${MAXRPS[$target]:-}" ]]; then
        rate=$(python3 -c "print(round(float('${MAXRPS[$target]}') / 2))")
    else
        continue
    fi
    L1_TARGETS+=("$target")
    for rep in $(seq 1 "$REPS"); do
        say "L1 $target at $rate req/s (rep $rep/$REPS)"
        bench openloop --baseUrl="$BASE" --token="$STOREFRONT" --path="${PATHS[$target]}" --users="$USERS" \
            --connections="$WRK_CONNECTIONS" \
            --rate="$rate" --seconds="$L1_SECONDS" --warmup="$L1_WARMUP" | record figure=L1 "target=$target" rep=$rep
        say "L1 $target rep $rep: $(tail -1 "$RESULTS" | cut -c1-200)"
        if [[ $target == recommendations ]]; then
            # The same client at the same rate against ping, right after: what the machine and the client
            # give an endpoint that does nothing, so the endpoint's own share of the tail shows.
            say "L1 ping at $rate req/s (rep $rep/$REPS)"
            bench openloop --baseUrl="$BASE" --token="$STOREFRONT" --path="/v1/ping" --users="$USERS" \
                --connections="$WRK_CONNECTIONS" \
                --rate="$rate" --seconds="$L1_SECONDS" --warmup="$L1_WARMUP" | record figure=L1 "target=ping" rep=$rep
            say "L1 ping rep $rep: $(tail -1 "$RESULTS" | cut -c1-200)"
        fi
    done
done

# --- T1: Kafka → Streams → Redis, exactly-once (before F1, which takes half of it) then at-least-once
t1() {
    # Not recorded as T1: after a restart the Streams group waits for the old member's session to
    # time out before it processes anything; this batch waits that out and warms the JIT.
    say "T1 $GUARANTEE: warm-up of $T1_WARMUP events"
    bench produce --bootstrap="$BOOTSTRAP" --baseUrl="$BASE" --token="$ADMIN" --events="$T1_WARMUP" \
        --timeoutSeconds="$T1_TIMEOUT" --items="$ITEMS" --userFrom=0 --userTo="$USERS" --run="t1-warmup-$GUARANTEE" \
        | record figure=T1-warmup "guarantee=$GUARANTEE" "start=$STARTS"
    say "T1 $GUARANTEE warm-up: $(tail -1 "$RESULTS")"
    if [[ $(tail -1 "$RESULTS" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("completed"))') != True ]]; then
        say "T1 $GUARANTEE: the pipeline did not take the warm-up batch within $T1_TIMEOUT s; skipping its repetitions"
        return 0
    fi
    drain
    for rep in $(seq 1 "$REPS"); do
        say "T1 $GUARANTEE: producing $T1_EVENTS events straight to shopper-events (rep $rep/$REPS)"
        py thread-cpu "$ENGINE_PID" "$RUN/cpu-before.json"
        bench produce --bootstrap="$BOOTSTRAP" --baseUrl="$BASE" --token="$ADMIN" --events="$T1_EVENTS" \
            --timeoutSeconds="$T1_TIMEOUT" --items="$ITEMS" --userFrom=0 --userTo="$USERS" --run="t1-$GUARANTEE-$rep" \
            --timeline="$RUN/t1-$GUARANTEE-$rep.csv" \
            | record figure=T1 "guarantee=$GUARANTEE" rep=$rep "timeline=$RUN/t1-$GUARANTEE-$rep.csv"
        py thread-cpu "$ENGINE_PID" "$RUN/cpu-after.json"
        say "T1 $GUARANTEE rep $rep: $(tail -1 "$RESULTS")"
        processed=$(tail -1 "$RESULTS" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("processed") or 0)')
        client=$(tail -1 "$RESULTS" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("processCpuSeconds", "nan"))')
        if [[ $processed -gt 0 ]]; then
            py cpu-per-event "$RUN/cpu-before.json" "$RUN/cpu-after.json" "$processed" \
                | record figure=T1cpu "guarantee=$GUARANTEE" rep=$rep
            say "T1 $GUARANTEE rep $rep CPU per 1,000 events: $(tail -1 "$RESULTS")"
            py run-cpu "$RUN/cpu-before.json" "$RUN/cpu-after.json" "$processed" "$client" \
                | record figure=T1runcpu "guarantee=$GUARANTEE" rep=$rep
        fi
        drain
        # T1r's reference, alternated with T1 on the same broker while the engine idles: a trivial
        # Streams app (dedupe by event id, count per shopper) with shopper-events' partitions and this guarantee.
        say "T1 $GUARANTEE: reference topology on $T1_EVENTS events (rep $rep/$REPS)"
        py thread-cpu "$ENGINE_PID" "$RUN/cpu-before.json"
        bench reference --bootstrap="$BOOTSTRAP" --events="$T1_EVENTS" --guarantee="$GUARANTEE" \
            --timeoutSeconds="$T1_TIMEOUT" --items="$ITEMS" --userFrom=0 --userTo="$USERS" --run="t1r-$GUARANTEE-$rep" \
            | record figure=T1ref "guarantee=$GUARANTEE" rep=$rep \
            || say "T1 $GUARANTEE reference rep $rep failed (reported as not available)"
        py thread-cpu "$ENGINE_PID" "$RUN/cpu-after.json"
        say "T1 $GUARANTEE reference rep $rep: $(tail -1 "$RESULTS")"
        # The reference's CPU per event beside T1's: its process and the engine's (the broker it writes to).
        read -r processed client < <(tail -1 "$RESULTS" | python3 -c 'import json,sys; r=json.load(sys.stdin)
print((r.get("processed") or 0) if r.get("figure") == "T1ref" else 0, r.get("processCpuSeconds", "nan"))')
        if [[ $processed -gt 0 ]]; then
            py run-cpu "$RUN/cpu-before.json" "$RUN/cpu-after.json" "$processed" "$client" \
                | record figure=T1refcpu "guarantee=$GUARANTEE" rep=$rep
            say "T1 $GUARANTEE reference rep $rep CPU per 1,000 events: $(tail -1 "$RESULTS")"
        fi
    done
}
want t1 && t1

# --- F1: freshness under background ingest load -----------------------------------------------
# Background at half of what the pipeline takes (the median exactly-once T1 above) unless F1_BACKGROUND
# is given: a load beyond the pipeline's capacity measures the growing lag, not freshness.
if [[ -z "${F1_BACKGROUND:-}" ]]; then
    t1_median=$(py median "$RESULTS" T1 eventsPerSecond guarantee=exactly_once_v2)
    F1_BACKGROUND=$(python3 -c "print(max(50, round(float('${t1_median:-400}') / 2)))")
    say "F1 background: half of the median exactly-once T1 ($t1_median events/s) = $F1_BACKGROUND events/s"
fi
F1_TARGETS=(recommendations profile activity)
want f1 || F1_TARGETS=()
for target in "${F1_TARGETS[@]}"; do
    if [[ $target != activity ]] && ! has $target; then
        say "F1 $target: not available"
        continue
    fi
    for rep in $(seq 1 "$REPS"); do
        say "F1 $target (rep $rep/$REPS, $F1_PROBES probes, background $F1_BACKGROUND events/s)"
        bench freshness --baseUrl="$BASE" --token="$ADMIN" --mode=$target --probes="$F1_PROBES" \
            --background="$F1_BACKGROUND" --users="$USERS" --items="$ITEMS" --run="f1-$target-$rep" \
            --pollMs="$F1_POLL_MS" \
            | record figure=F1 "target=$target" rep=$rep
        say "F1 $target rep $rep: $(tail -1 "$RESULTS")"
    done
done
drain
stop_engine
if want alos; then
    start_engine at_least_once
    drain
    t1
    stop_engine
fi
FINISHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
stop_engine

# --- Report -----------------------------------------------------------------------------------
# Errors in the engine's logs invalidate what was measured after them: the report shows them first.
WARNINGS=$(cat "$RUN"/engine-*.log | grep -v 'Error Occurred After Shutdown' | grep -o 'ConnectionPoolTooBusyException\|fail-stop\|Too many open files\|OutOfMemoryError' \
    | sort | uniq -c | awk '{printf "%s× %s; ", $1, $2}' || true)
python3 - "$RUN/meta.json" <<PY
import json, sys
json.dump({
    "mode": "$MODE", "started": "$STARTED", "finished": "$FINISHED", "reps": $REPS, "chunks": $CHUNKS,
    "commit": "$(cd "$ROOT" && git rev-parse --short HEAD)", "available": "${AVAILABLE[*]:-}".split(),
    "engineArgs": "$ENGINE_ARGS".replace("at_least_once", "{exactly_once_v2|at_least_once}"),
    "warnings": "$WARNINGS", "wrk": "$WRK", "wrkConnections": $WRK_CONNECTIONS, "zipf": "$ZIPF", "seedConnections": $SEED_CONNECTIONS,
    "r1Targets": "${R1_TARGETS[*]}".split(), "l1Targets": "${L1_CANDIDATES[*]}".split() + (["ping"] if "recommendations" in "${L1_TARGETS[*]}".split() else []),
}, open(sys.argv[1], "w"), indent=2)
PY
py report "$RUN" "$DOC"
say "done: $DOC (raw results and logs in $RUN)"
