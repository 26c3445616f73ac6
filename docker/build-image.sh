#!/usr/bin/env bash
# Builds the engine image here, with no container registry: a base image from Debian packages
# (debootstrap --variant=minbase bookworm, libssl3, ca-certificates) plus a jlink-ed Java runtime, then
# docker/Dockerfile.jvm on it; runs the image in the `all` role on its embedded default and checks
# health and the README tour's calls. Prints the image size and the start time.
#
#   docker/build-image.sh            # base image (once), engine image, run and check
#   REBUILD_BASE=1 docker/build-image.sh
#
# Needs root, docker (apt-get install -y docker.io debootstrap; dockerd is started when not running)
# and a JDK 21+ with jlink (JAVA_HOME, else the one ./lodestone picks).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
IMAGE=${IMAGE:-lodestone:0.1.0}
BASE_IMAGE=${BASE_IMAGE:-lodestone-base:bookworm}
MIRROR=${MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
JAVA_HOME=${JAVA_HOME:-$(./lodestone java-home)}
# What the engine and its libraries use (Kafka: management, naming, SASL/GSS; Quarkus: JFR, sql, xml…).
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,\
java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.attach,jdk.charsets,\
jdk.crypto.cryptoki,jdk.jcmd,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,\
jdk.net,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs
started=$(date +%s)

step() { echo "== $* ($(( $(date +%s) - started )) s)"; }

if ! docker info >/dev/null 2>&1; then
  step "starting dockerd"
  (dockerd >/tmp/lodestone-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: /tmp/lodestone-dockerd.log" >&2; exit 1; }
fi

if [[ ${REBUILD_BASE:-0} == 1 ]] || ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  step "base image $BASE_IMAGE: debootstrap bookworm from $MIRROR and a jlink-ed runtime"
  ROOTFS=$(mktemp -d /tmp/lodestone-rootfs-XXXXXX)
  trap 'rm -rf "$ROOTFS"' EXIT
  debootstrap --variant=minbase --include=libssl3,ca-certificates bookworm "$ROOTFS" "$MIRROR" >/tmp/lodestone-debootstrap.log 2>&1 \
    || { echo "debootstrap failed: /tmp/lodestone-debootstrap.log" >&2; exit 1; }
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$ROOTFS/opt/java" \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6
  # What a running container never needs: package caches, docs, locales.
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* \
    "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
  tar -C "$ROOTFS" -c . | docker import \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$ROOTFS"
  trap - EXIT
fi

if [[ ! -f target/quarkus-app/quarkus-run.jar ]] \
    || [[ -n $(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit) ]]; then
  step "packaging the engine"
  ./mvnw -B -ntp -q package -DskipTests
fi

step "engine image $IMAGE on $BASE_IMAGE"
docker build -q -f docker/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" . >/dev/null
size=$(docker image inspect "$IMAGE" --format '{{.Size}}')
base_size=$(docker image inspect "$BASE_IMAGE" --format '{{.Size}}')
echo "image $IMAGE: $((size / 1024 / 1024)) MB (base $((base_size / 1024 / 1024)) MB)"

step "running $IMAGE (role all, embedded Kafka and Redis)"
source load-tests/ports.sh
PORT=$(free_port)
NAME=lodestone-image-check-$$
cleanup() { docker rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
run_at=$(date +%s.%N)
docker run -d --name "$NAME" -p "127.0.0.1:$PORT:8080" "$IMAGE" >/dev/null
ready=
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  if ! docker ps -q --filter "name=$NAME" | grep -q .; then break; fi
  sleep 0.5
done
if [[ -z $ready ]]; then
  docker logs "$NAME" 2>&1 | tail -30
  echo "the container did not become ready" >&2
  exit 1
fi
echo "ready $(python3 -c "print('%.1f' % ($(date +%s.%N) - $run_at))") s after docker run (load average $(cut -d' ' -f1 /proc/loadavg))"

BASE=http://127.0.0.1:$PORT
TOKEN=$(docker exec "$NAME" java -jar /deployments/quarkus-run.jar token --role storefront 2>/dev/null)
SHOPPER=$(docker exec "$NAME" java -jar /deployments/quarkus-run.jar token --role shopper --sub bob 2>/dev/null)
fail=0
check() { # check NAME WANT GOT
  if [[ $3 == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: wanted $2, got $3"; fail=1; fi
}
check "ping" '"pong":true' "$(curl -s "$BASE/v1/ping")"
check "post events (202 after the broker's ack)" '"accepted":2' "$(curl -s -X POST "$BASE/v1/events" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '[{"eventId":"e-1","type":"view","userId":"alice","itemId":"phone-1"},
       {"eventId":"e-2","type":"add_to_cart","userId":"alice","itemId":"phone-1","quantity":1,"price":299,"currency":"CNY"}]')"
activity=
for _ in $(seq 1 100); do
  activity=$(curl -s "$BASE/v1/users/alice/activity" -H "Authorization: Bearer $TOKEN")
  [[ $activity == *'"version":2'* ]] && break
  sleep 0.2
done
check "read the activity" '"version":2' "$activity"
check "bad input names the field" '"field":"type"' "$(curl -s -X POST "$BASE/v1/events" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"eventId":"e-3","type":"teleport","userId":"alice"}')"
check "a shopper sees only its own data" 403 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/v1/users/alice/activity" \
  -H "Authorization: Bearer $SHOPPER")"
check "runs as a non-root user" 185 "$(docker exec "$NAME" id -u)"
for _ in $(seq 1 30); do
  health=$(docker inspect "$NAME" --format '{{.State.Health.Status}}')
  [[ $health == healthy ]] && break
  sleep 2
done
check "docker HEALTHCHECK" healthy "$health"
stop_at=$(date +%s.%N)
docker stop -t 30 "$NAME" >/dev/null
echo "stopped in $(python3 -c "print('%.1f' % ($(date +%s.%N) - $stop_at))") s (exit code $(docker inspect "$NAME" --format '{{.State.ExitCode}}'))"
step "done"
exit $fail
