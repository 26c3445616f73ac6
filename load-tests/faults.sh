#!/usr/bin/env bash
# The fault-and-abuse suite (docs/reliability.md): crashes, pauses, lost Redis, poison records and
# hostile clients against the PACKAGED engine, each case with a figure and a verdict.
#
# Steps, per case: start target/quarkus-app/quarkus-run.jar on a fresh temporary data directory and
# free ports below 32768; inflict the case's fault or attack (load-tests/faultlib.py does the HTTP,
# Redis and Kafka work); for cases that move points or stock, run the jar's `verify-points`
# (earned − spent = Σ balances, stock ≥ 0, each event applied once) and count its violations; stop
# the engine. Each case prints one line
#     case | figure | lost | duplicated | violations | PASS/FAIL
# and the run ends with the table and a summary. Exit 0 only when every case passed.
#
# Usage: load-tests/faults.sh [--quick] [--only CASE[,CASE…]] [--list] [--keep] [--doc FILE]
#   --quick      smaller sizes (fewer events, kills and race rounds; shorter bursts)
#   --only       run only these cases (see --list)
#   --list       print the cases and exit
#   --keep       keep each case's data directory and engine logs (under /tmp/lodestone-faults-*)
#   --doc FILE   also write the results table into FILE between its generated markers
#
# Environment (defaults): STOP_SECONDS=25 (SIGSTOP length, past the 10 s Kafka transaction timeout of
# Kafka Streams under exactly-once), RACE_ROUNDS=100 (20 with --quick), READY_TIMEOUT=180,
# FRESH_GRACE=5 (seconds reads may trail readiness after a restart), ENGINE_OPTS (extra JVM options),
# RATE_LIMIT_ENV (environment for the rate-burst case's engine, e.g. a low per-client limit).
# Needs python3, curl, openssl, kcat and redis-cli; installs kcat and redis-tools with apt-get when missing.
set -uo pipefail
shopt -s lastpipe # `py case | outcome` sets the variables of this shell

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
LIB="$ROOT/load-tests/faultlib.py"

CASES=(kill9-stream kill9-exchange sigstop restart redis-flush projector-replay duplicate-ids timestamps
    poison-records tokens cross-shopper mass-assignment oversize hostile-ids rate-burst last-gift minting)
declare -A ABOUT=(
    [kill9-stream]="kill -9 mid-stream, three times; clients re-send what got no 202; every event counted once"
    [kill9-exchange]="kill -9 while gift exchanges are between reservation and debit; retries; stock = debits"
    [sigstop]="SIGSTOP the engine past the Kafka transaction timeout, SIGCONT; no loss, no duplicate"
    [restart]="SIGTERM vs SIGKILL: seconds from restart to ready and to reads showing every event"
    [redis-flush]="Redis FLUSHALL: seconds to rebuilt; reads meanwhile right or 503 + Retry-After, never 0/404"
    [projector-replay]="projections re-read from the beginning (offsets reset): lodestone:* keyspace unchanged"
    [duplicate-ids]="one eventId posted 50 times at once (counted once); one eventId from 20 shoppers (20)"
    [timestamps]="occurredAt in year -300000000 / 9999 / 31 days back: 400 at intake, dead-lettered on the topic"
    [poison-records]="garbage bytes, a JSON array and a 2 MB record on shopper-events: dead-lettered, still ready"
    [tokens]="alg none, foreign key, expired, wrong issuer, HS256 confusion, swapped payload: 401; sub/role: 403"
    [cross-shopper]="every per-shopper endpoint (from the OpenAPI document) with another shopper's token: 403"
    [mass-assignment]="balance, points, stock, role, version… in bodies: 400 or ignored, never applied"
    [oversize]="bodies over the limits, with Content-Length and chunked: 413 with the JSON error"
    [hostile-ids]="'.', '..', lone surrogate, U+200B, U+202E, over-long ids in paths and bodies: 400"
    [rate-burst]="one shopper app reads from 24 connections: share of 429 (with Retry-After), another shopper's p99"
    [last-gift]="200 shoppers race for a gift's last unit, round after round: exactly one 201 each round"
    [minting]="shopper tokens post purchase/refund/review/share: 403; back-dated shares, 2020 campaign, reviews capped"
)

QUICK=0 KEEP=0 ONLY="" DOC=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) QUICK=1 ;;
        --keep) KEEP=1 ;;
        --only) ONLY=${2:?--only needs CASE[,CASE…]}; shift ;;
        --only=*) ONLY=${1#--only=} ;;
        --doc) DOC=${2:?--doc needs a file}; shift ;;
        --list)
            for c in "${CASES[@]}"; do printf '%-17s %s\n' "$c" "${ABOUT[$c]}"; done
            exit 0 ;;
        -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
SELECTED=("${CASES[@]}")
if [[ -n $ONLY ]]; then
    IFS=, read -r -a SELECTED <<<"$ONLY"
    for c in "${SELECTED[@]}"; do
        [[ -n ${ABOUT[$c]:-} ]] || { echo "unknown case '$c' (see --list)" >&2; exit 2; }
    done
fi

STOP_SECONDS=${STOP_SECONDS:-25}
RACE_ROUNDS=${RACE_ROUNDS:-$([[ $QUICK == 1 ]] && echo 20 || echo 100)}
READY_TIMEOUT=${READY_TIMEOUT:-180}
FRESH_GRACE=${FRESH_GRACE:-5}
ENGINE_OPTS=${ENGINE_OPTS:-}
RATE_LIMIT_ENV=${RATE_LIMIT_ENV:-}

# ----------------------------------------------------------------------------------------- tools

need_tools() {
    local missing=()
    command -v kcat >/dev/null || missing+=(kcat)
    command -v redis-cli >/dev/null || missing+=(redis-tools)
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "installing ${missing[*]} (apt-get)"
        apt-get install -y "${missing[@]}" >/dev/null 2>&1 \
            || { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null 2>&1; } \
            || { echo "could not install ${missing[*]}; install them and run again" >&2; exit 2; }
    fi
    for t in python3 curl openssl kcat redis-cli; do
        command -v "$t" >/dev/null || { echo "$t is required" >&2; exit 2; }
    done
}

need_tools
export JAVA_HOME
JAVA_HOME=$("$ROOT/lodestone" java-home) || exit 2
JAVA=$JAVA_HOME/bin/java
if [[ ! -f $JAR || -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit) ]]; then
    echo "building the engine (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests || exit 2
fi

RUN_DIR=$(mktemp -d /tmp/lodestone-faults-XXXXXX)
RESULTS=$RUN_DIR/results.tsv
: >"$RESULTS"
export FAULT_QUICK=$QUICK

# ---------------------------------------------------------------------------------------- engine

# free_port: a port below the kernel's ephemeral range.
source load-tests/ports.sh

ENGINE_PID="" DATA="" LAUNCHES=0 LAUNCHED_AT=0

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

alive() {
    [[ -n $1 ]] && kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# A fresh data directory and ports for one case; its engine keeps them across restarts.
engine_new() {
    DATA=$(mktemp -d "$RUN_DIR/$1-XXXX")
    HTTP_PORT=$(free_port) KAFKA_PORT=$(free_port) REDIS_PORT=$(free_port)
    LAUNCHES=0
    export LODESTONE_DATA_DIR=$DATA FAULT_WORK=$DATA/work FAULT_RUN=$(printf '%04x' $RANDOM)
    export FAULT_HTTP_PORT=$HTTP_PORT FAULT_KAFKA_PORT=$KAFKA_PORT FAULT_REDIS_PORT=$REDIS_PORT
    mkdir -p "$FAULT_WORK"
}

# Starts the engine without waiting; extra arguments are environment assignments for this start.
# The pid is recorded from inside the new session (setsid may fork; STACK.md).
engine_launch() {
    LAUNCHES=$((LAUNCHES + 1))
    rm -f "$DATA/engine.pid"
    # In a subshell that exits at once: the engine is no child of this script (no job messages when
    # it is killed, and init reaps it), so liveness is checked with kill -0.
    # shellcheck disable=SC2086
    (env PORT="$HTTP_PORT" LODESTONE_EMBEDDED_KAFKA_PORT="$KAFKA_PORT" LODESTONE_EMBEDDED_REDIS_PORT="$REDIS_PORT" "$@" \
        setsid bash -c 'echo $$ >"$0"; exec "$1" --enable-native-access=ALL-UNNAMED $2 -jar "$3"' \
        "$DATA/engine.pid" "$JAVA" "$ENGINE_OPTS" "$JAR" >>"$DATA/engine-$LAUNCHES.log" 2>&1 </dev/null &)
    LAUNCHED_AT=$(now)
    for _ in $(seq 50); do [[ -s $DATA/engine.pid ]] && break; sleep 0.1; done
    ENGINE_PID=$(cat "$DATA/engine.pid" 2>/dev/null)
}

# engine_wait_ready [TIMEOUT [SINCE LABEL]]: until /q/health/ready answers 200; says how long it took.
engine_wait_ready() {
    local deadline=$((SECONDS + ${1:-$READY_TIMEOUT})) t0=${2:-$LAUNCHED_AT} label=${3:-"start $LAUNCHES"}
    while ((SECONDS < deadline)); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/q/health/ready") == 200 ]]; then
            echo "    engine ready $(since "$t0") s after $label"
            return 0
        fi
        alive "$ENGINE_PID" || { echo "    engine exited; see $DATA/engine-$LAUNCHES.log"; return 1; }
        sleep 0.5
    done
    echo "    engine not ready after ${1:-$READY_TIMEOUT} s; see $DATA/engine-$LAUNCHES.log"
    return 1
}

engine_start() {
    engine_launch "$@"
    engine_wait_ready
}

# SIGTERM and wait; prints the seconds it took to exit, or "-" when it did not within 60 s.
engine_term() {
    local t0
    t0=$(now)
    kill -TERM "$ENGINE_PID" 2>/dev/null
    for _ in $(seq 600); do
        alive "$ENGINE_PID" || { since "$t0"; return 0; }
        sleep 0.1
    done
    echo "-"
}

engine_kill9() {
    kill -KILL "$ENGINE_PID" 2>/dev/null
    for _ in $(seq 100); do alive "$ENGINE_PID" || break; sleep 0.1; done
}

# The embedded Redis child outlives a kill -9 of its engine; stop it by its own pid file.
stop_orphan_redis() {
    local pid
    pid=$(cat "$DATA/redis/redis.pid" 2>/dev/null) || return 0
    if [[ -n $pid ]] && grep -q redis "/proc/$pid/cmdline" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    fi
}

# The end of a case: its data directory is thrown away, so there is nothing to stop gracefully.
engine_cleanup() {
    if alive "$ENGINE_PID"; then
        engine_kill9
    fi
    stop_orphan_redis
    ENGINE_PID=""
    if [[ $KEEP != 1 && -n $DATA ]]; then
        rm -rf "$DATA"
    fi
}

on_exit() {
    [[ -n $ENGINE_PID || -n $DATA ]] && engine_cleanup
    if [[ $KEEP == 1 ]]; then echo "data kept in $RUN_DIR"; else rm -rf "$RUN_DIR"; fi
}
trap on_exit EXIT
trap 'echo "interrupted"; exit 130' INT TERM

# ------------------------------------------------------------------------------------ case helpers

py() { python3 "$LIB" "$@"; }

# Runs the jar's verifier against this case's broker and Redis; prints the number of violations.
verify() {
    local out status n
    out=$("$JAVA" -jar "$JAR" verify-points --bootstrap "127.0.0.1:$KAFKA_PORT" \
        --redis "redis://127.0.0.1:$REDIS_PORT" --wait "${1:-60}" 2>&1)
    status=$?
    echo "$out" | grep -E 'VIOLATION|shoppers=|error' | head -6 | sed 's/^/    verify-points: /' >&2
    n=$(echo "$out" | sed -n 's/.*violations=\([0-9]*\).*/\1/p' | tail -1)
    if [[ -z $n ]]; then
        [[ $status -eq 0 ]] && n=0 || n="error"
    fi
    echo "$n"
}

# Reads a case command's last line (figure, lost, duplicated, ok) into FIGURE LOST DUP OK.
FIGURE="" LOST="-" DUP="-" OK=0
outcome() {
    local line
    line=$(tail -1)
    IFS=$'\t' read -r FIGURE LOST DUP OK <<<"$line"
    [[ -n $FIGURE ]] || { FIGURE="(no result: the case's checks did not finish)"; LOST="-"; DUP="-"; OK=0; }
}

# record CASE VIOLATIONS: prints the case's line and appends it to the results.
record() {
    local name=$1 violations=${2:--} verdict=PASS
    [[ $OK == 1 ]] || verdict=FAIL
    [[ $LOST == - || $LOST == 0 ]] || verdict=FAIL
    [[ $DUP == - || $DUP == 0 ]] || verdict=FAIL
    [[ $violations == - || $violations == 0 ]] || verdict=FAIL
    printf '%s | %s | %s | %s | %s | %s\n' "$name" "$FIGURE" "$LOST" "$DUP" "$violations" "$verdict"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$FIGURE" "$LOST" "$DUP" "$violations" "$verdict" >>"$RESULTS"
}

# A case that could not even start its engine fails with the reason as its figure.
no_engine() {
    FIGURE="engine not ready: $1" LOST="-" DUP="-" OK=0
}

# ------------------------------------------------------------------------------------------ cases

# wait_for_progress ROUND DIVISOR: until 1/DIVISOR of the round's batches got their 202 (at most 30 s).
wait_for_progress() {
    local total
    total=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["rounds"][int(sys.argv[2])]))' \
        "$FAULT_WORK/stream-plan.json" "$1")
    local acked
    for _ in $(seq 300); do
        acked=$(cat "$FAULT_WORK/stream-progress-$1" 2>/dev/null)
        ((${acked:-0} * $2 >= total)) && return
        sleep 0.1
    done
}

case_kill9-stream() {
    local shoppers=200 per=10 batch=50 r
    [[ $QUICK == 1 ]] && shoppers=60 per=8
    engine_start || { no_engine "first start"; return; }
    py plan-stream "$shoppers" "$per" 3 "$batch"
    for r in 0 1 2; do
        py stream "$r" &
        local client=$!
        # Mid-stream: once a third of the round's batches are acknowledged (or after 30 s).
        wait_for_progress "$r" 3
        engine_kill9
        echo "    kill -9 $((r + 1)) during round $r ($(cat "$FAULT_WORK/stream-progress-$r" 2>/dev/null || echo 0) batches acknowledged)"
        wait "$client"
        engine_start || { no_engine "restart $((r + 1))"; return; }
        py stream "$r" --retry
    done
    py check-stream 3 "kills" | outcome
    VIOLATIONS=$(verify 90)
}

case_kill9-exchange() {
    local shoppers=100 requests=400
    [[ $QUICK == 1 ]] && shoppers=50 requests=300
    engine_start || { no_engine "first start"; return; }
    py exchange-setup "$shoppers" 10 20 10
    local marker=$FAULT_WORK/first-decision
    py exchange-burst "$requests" "$marker" &
    local client=$!
    for _ in $(seq 300); do [[ -e $marker ]] && break; sleep 0.1; done
    sleep 0.3
    engine_kill9
    echo "    kill -9 with exchanges in flight"
    wait "$client"
    engine_start || { no_engine "restart"; return; }
    py exchange-burst "$requests" "$marker" --retry
    py check-exchanges | outcome
    VIOLATIONS=$(verify 90)
}

case_sigstop() {
    local shoppers=100 per=20
    [[ $QUICK == 1 ]] && shoppers=50 per=16
    engine_start || { no_engine "first start"; return; }
    py plan-stream "$shoppers" "$per" 1 50
    # Four paced clients, so that requests are in flight when the engine freezes and keep coming after.
    py stream 0 --workers 4 --pace 1 &
    local client=$!
    wait_for_progress 0 4
    kill -STOP "$ENGINE_PID"
    echo "    SIGSTOP for ${STOP_SECONDS} s ($(cat "$FAULT_WORK/stream-progress-0" 2>/dev/null || echo 0) batches acknowledged)"
    sleep "$STOP_SECONDS"
    kill -CONT "$ENGINE_PID"
    local t0
    t0=$(now)
    engine_wait_ready "$READY_TIMEOUT" "$t0" SIGCONT || { no_engine "after SIGCONT"; return; }
    wait "$client"
    py stream 0 --retry
    py check-stream "$STOP_SECONDS s" "SIGSTOP" | outcome
    VIOLATIONS=$(verify 90)
}

case_restart() {
    local shoppers=30 stop_s
    engine_start || { no_engine "first start"; return; }
    py plan-stream "$shoppers" 5 3 50
    py settle-stream 0
    py stream 1 --retry
    stop_s=$(engine_term)
    echo "    SIGTERM: exited after $stop_s s"
    engine_launch
    py watch-restart "$LAUNCHED_AT" 2 "$FAULT_WORK/term.json"
    engine_wait_ready 60 || true
    py stream 2 --retry
    engine_kill9
    echo "    SIGKILL right after the last events were accepted"
    engine_launch
    py watch-restart "$LAUNCHED_AT" 3 "$FAULT_WORK/kill.json"
    py restart-verdict "$stop_s" "$FAULT_WORK/term.json" "$FAULT_WORK/kill.json" "$FRESH_GRACE" | outcome
    VIOLATIONS=$(verify 60)
}

case_redis-flush() {
    local shoppers=50 t0
    [[ $QUICK == 1 ]] && shoppers=20
    engine_start || { no_engine "first start"; return; }
    py seed-read-models "$shoppers"
    t0=$(now)
    redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
    echo "    FLUSHALL"
    py watch-rebuild "$t0" | outcome
    VIOLATIONS=$(verify 90)
}

# Every projection consumer group from application.properties as GROUP=TOPIC, and the environment that
# gives each a new group id: a group without committed offsets starts from the beginning
# (auto.offset.reset=earliest), which is what resetting the offsets of the old one would do.
projection_groups() {
    python3 - "$ROOT/src/main/resources/application.properties" "$1" <<'EOF'
import re, sys
props = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"\s*mp\.messaging\.incoming\.([\w-]+)\.(group\.id|topic)\s*=\s*(\S+)", line)
    if m:
        props.setdefault(m.group(1), {})[m.group(2)] = m.group(3)
for channel, p in sorted(props.items()):
    if "group.id" in p and "topic" in p:
        if sys.argv[2] == "env":
            var = "MP_MESSAGING_INCOMING_" + re.sub(r"[^A-Za-z0-9]", "_", channel).upper() + "_GROUP_ID"
            print(f"{var}={p['group.id']}-replay")
        else:
            print(f"{p['group.id']}-replay={p['topic']}")
EOF
}

case_projector-replay() {
    local shoppers=40 lag envs groups
    [[ $QUICK == 1 ]] && shoppers=20
    engine_start || { no_engine "first start"; return; }
    py seed-read-models "$shoppers"
    py hash-keyspace "$FAULT_WORK/keyspace-before.json" >/dev/null
    echo "    SIGTERM: exited after $(engine_term) s"
    mapfile -t envs < <(projection_groups env)
    mapfile -t groups < <(projection_groups groups)
    echo "    restarting with ${#envs[@]} projections in new consumer groups (offsets from the beginning)"
    engine_start "${envs[@]}" || { no_engine "restart"; return; }
    local deadline=$((SECONDS + 180)) previous="" same_since=$SECONDS lags=""
    while ((SECONDS < deadline)); do
        lags=$("$JAVA" -cp "$ROOT/target/quarkus-app/lib/main/*" "$ROOT/load-tests/FaultKafka.java" lag \
            "127.0.0.1:$KAFKA_PORT" "${groups[@]}" 2>/dev/null)
        lag=$(awk '{s += $2} END {print s + 0}' <<<"$lags")
        [[ -n $lags && $lag == 0 ]] && break
        [[ $lag != "$previous" ]] && previous=$lag same_since=$SECONDS
        # Commits may stay a few offsets behind the end (transaction markers, idle partitions): settled is settled.
        ((SECONDS - same_since >= 20)) && break
        sleep 2
    done
    echo "    projection lag after the replay: ${lag:-unknown}$(awk '$2 != 0 {printf " (%s %s)", $1, $2}' <<<"$lags")"
    py compare-keyspace "$FAULT_WORK/keyspace-before.json" "after the replay" | outcome
    VIOLATIONS=$(verify 60)
}

case_duplicate-ids() {
    engine_start || { no_engine "first start"; return; }
    py duplicate-ids | outcome
    VIOLATIONS=$(verify 60)
}

case_timestamps() {
    engine_start || { no_engine "first start"; return; }
    py timestamps | outcome
}

case_poison-records() {
    engine_start || { no_engine "first start"; return; }
    py poison | outcome
}

case_tokens() {
    engine_start || { no_engine "first start"; return; }
    py tokens | outcome
}

case_cross-shopper() {
    engine_start || { no_engine "first start"; return; }
    py cross-shopper | outcome
    VIOLATIONS=$(verify 60)
}

case_mass-assignment() {
    engine_start || { no_engine "first start"; return; }
    py mass-assignment | outcome
    VIOLATIONS=$(verify 60)
}

case_oversize() {
    engine_start || { no_engine "first start"; return; }
    py oversize | outcome
}

case_hostile-ids() {
    engine_start || { no_engine "first start"; return; }
    py hostile-ids | outcome
}

case_rate-burst() {
    local envs=()
    [[ -n $RATE_LIMIT_ENV ]] && read -r -a envs <<<"$RATE_LIMIT_ENV"
    engine_start "${envs[@]}" || { no_engine "first start"; return; }
    py rate-burst | outcome
}

case_last-gift() {
    engine_start || { no_engine "first start"; return; }
    py last-gift "$RACE_ROUNDS" | outcome
    VIOLATIONS=$(verify 90)
}

case_minting() {
    engine_start || { no_engine "first start"; return; }
    py minting | outcome
    VIOLATIONS=$(verify 60)
}

# ------------------------------------------------------------------------------------------- run

echo "fault suite: ${#SELECTED[@]} case(s)$([[ $QUICK == 1 ]] && echo ', quick sizes'); JDK $JAVA_HOME; work in $RUN_DIR"
echo "case | figure | lost | duplicated | violations | PASS/FAIL"
SUITE_START=$SECONDS
for c in "${SELECTED[@]}"; do
    echo "--- $c: ${ABOUT[$c]}"
    engine_new "$c"
    FIGURE="" LOST="-" DUP="-" OK=0 VIOLATIONS="-"
    case_start=$SECONDS
    "case_$c"
    record "$c" "$VIOLATIONS"
    echo "    ($((SECONDS - case_start)) s)"
    engine_cleanup
    DATA=""
done

passed=$(awk -F'\t' '$6 == "PASS"' "$RESULTS" | wc -l)
total=$(wc -l <"$RESULTS")
echo
echo "| case | figure | lost | duplicated | violations | result |"
echo "| --- | --- | --- | --- | --- | --- |"
awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$RESULTS"
echo
echo "$passed of $total cases passed in $(((SECONDS - SUITE_START) / 60)) min $(((SECONDS - SUITE_START) % 60)) s"
awk -F'\t' '$6 != "PASS" {print "  FAILED: " $1}' "$RESULTS"

if [[ -n $DOC ]]; then
    python3 - "$DOC" "$RESULTS" "$QUICK" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF'
import sys, time
doc, results, quick, commit = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
load = open("/proc/loadavg").read().split()[0]
begin, end = "<!-- BEGIN GENERATED: faults -->", "<!-- END GENERATED: faults -->"
rows = [line.rstrip("\n").split("\t") for line in open(results, encoding="utf-8") if line.strip()]
body = [f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on commit {commit}"
        f"{' with --quick sizes' if quick else ''}, load average {load} at the end: "
        f"{sum(r[5] == 'PASS' for r in rows)} of {len(rows)} cases passed.", "",
        "| case | figure | lost | duplicated | violations | result |", "| --- | --- | --- | --- | --- | --- |"]
body += [f"| `{r[0]}` | {r[1].replace('|', '/')} | {r[2]} | {r[3]} | {r[4]} | {r[5]} |" for r in rows]
text = open(doc, encoding="utf-8").read()
if begin not in text:
    text += f"\n{begin}\n{end}\n"
pre, rest = text.split(begin, 1)
_, post = rest.split(end, 1)
open(doc, "w", encoding="utf-8").write(pre + begin + "\n" + "\n".join(body) + "\n" + end + post)
print(f"results written to {doc}")
EOF
fi

[[ $passed -eq $total && $total -gt 0 ]]
