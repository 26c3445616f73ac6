#!/usr/bin/env python3
"""Workloads and checks of the fault-and-abuse suite (faults.sh); python3 standard library only.

faults.sh starts, kills and restarts the engine; this file does the HTTP, Redis and Kafka work of each
case. A case command prints its details on stderr and, as its last stdout line,
    figure <TAB> lost <TAB> duplicated <TAB> ok(1|0)
("-" where a column does not apply). Commands are listed in COMMANDS at the bottom.

Environment (set by faults.sh): FAULT_HTTP_PORT, FAULT_KAFKA_PORT, FAULT_REDIS_PORT, LODESTONE_DATA_DIR
(the engine's, for its signing key), FAULT_WORK (a directory for plans and outcomes), FAULT_QUICK=1 for
smaller sizes, FAULT_RUN (a short id that keeps names unique).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

HTTP_PORT = int(os.environ.get("FAULT_HTTP_PORT", "8080"))
KAFKA_PORT = int(os.environ.get("FAULT_KAFKA_PORT", "9092"))
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6379"))
DATA_DIR = os.environ.get("LODESTONE_DATA_DIR", "data")
WORK = os.environ.get("FAULT_WORK", "/tmp")
QUICK = os.environ.get("FAULT_QUICK") == "1"
RUN = os.environ.get("FAULT_RUN") or uuid.uuid4().hex[:6]

# The engine's issuer (mp.jwt.verify.issuer); tokens are minted here with the engine's own key, with
# the claims its `token` command writes, so hundreds of shopper tokens cost no JVM start each.
ISSUER = "https://lodestone.dev/local"
EVENTS_TOPIC = "shopper-events"
DLQ_TOPIC = "shopper-events-dlq"


def log(*parts):
    print("    " + " ".join(str(p) for p in parts), file=sys.stderr, flush=True)


def result(figure, lost="-", dup="-", ok=True):
    print(f"{figure}\t{lost}\t{dup}\t{1 if ok else 0}", flush=True)


def now_iso(offset_s=0.0):
    t = time.time() + offset_s
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


# ---------------------------------------------------------------------------------------------- HTTP

class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def code(self):
        j = self.json()
        return j.get("code") if isinstance(j, dict) else None

    def __repr__(self):
        return f"{self.status} {self.body[:160]!r}"


def request(method, path, token=None, body=None, headers=None, timeout=60):
    """One HTTP exchange on its own connection; status 0 when the engine did not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=timeout)
    h = {}
    if token:
        h["Authorization"] = "Bearer " + token
    if body is not None:
        if isinstance(body, str):
            body = body.encode()
        elif not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    except (OSError, http.client.HTTPException) as e:
        return Resp(0, {}, str(e).encode())
    finally:
        conn.close()


def send_until(method, path, token=None, body=None, headers=None, deadline_s=180, stats=None):
    """Retries what a well-behaved client retries (no answer, 5xx, 429 after Retry-After) until an answer."""
    end = time.time() + deadline_s
    delay = 0.2
    while True:
        r = request(method, path, token, body, headers)
        if stats is not None:
            stats[r.status] = stats.get(r.status, 0) + 1
        retry = r.status == 0 or r.status >= 500 or r.status == 429
        if not retry or time.time() > end:
            return r
        if r.status == 429:
            time.sleep(min(5.0, float(r.headers.get("retry-after", "1") or 1)))
        else:
            time.sleep(delay)
            delay = min(2.0, delay * 2)


def q(segment):
    """A path segment, percent-encoded as UTF-8 (lone surrogates as their 3-byte form)."""
    return urllib.parse.quote(segment.encode("utf-8", "surrogatepass"), safe="")


def ready():
    return request("GET", "/q/health/ready", timeout=10).status == 200


def wait_until(check, timeout_s, interval=0.5):
    end = time.time() + timeout_s
    while True:
        value = check()
        if value or time.time() > end:
            return value
        time.sleep(interval)


# -------------------------------------------------------------------------------------------- tokens

def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def private_key():
    return os.path.join(DATA_DIR, "keys", "private.pem")


def claims(role, sub, iss=ISSUER, exp_in=3600, upn=None, groups=None, iat_offset=0):
    now = int(time.time())
    c = {"iss": iss, "sub": sub, "upn": upn if upn is not None else sub,
         "groups": groups if groups is not None else [role],
         "iat": now + iat_offset, "exp": now + exp_in, "jti": str(uuid.uuid4())}
    return {k: v for k, v in c.items() if v is not None}


def jwt(payload, alg="RS256", key=None, hmac_key=None):
    signing_input = b64u(json.dumps({"alg": alg, "typ": "JWT"})) + "." + b64u(json.dumps(payload))
    if alg == "none":
        return signing_input + "."
    if alg == "HS256":
        return signing_input + "." + b64u(hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest())
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key or private_key()],
                         input=signing_input.encode(), capture_output=True, check=True).stdout
    return signing_input + "." + b64u(sig)


_tokens = {}


def token(role, sub=None):
    sub = sub or f"{role}-faults"
    if (role, sub) not in _tokens:
        _tokens[(role, sub)] = jwt(claims(role, sub))
    return _tokens[(role, sub)]


def storefront():
    return os.environ.get("FAULT_STOREFRONT") or token("storefront")


def marketer():
    return os.environ.get("FAULT_MARKETER") or token("marketer")


# ------------------------------------------------------------------------------------ domain helpers

def event(event_id, etype, user, item, **extra):
    e = {"eventId": event_id, "type": etype, "userId": user, "itemId": item}
    if etype == "purchase":
        e.update({"quantity": 1, "price": 100, "currency": "CNY"})
    e.update(extra)
    return e


def post_events(events, tok=None, deadline_s=180):
    return send_until("POST", "/v1/events", tok or storefront(), events, deadline_s=deadline_s)


def activity(user, tok=None):
    r = request("GET", f"/v1/users/{q(user)}/activity", tok or storefront(), timeout=20)
    return r.json() if r.status == 200 else None


def counts(user):
    a = activity(user)
    return (a or {}).get("counts") or {}


def balance(user, tok=None):
    r = request("GET", f"/v1/users/{q(user)}/points", tok or storefront(), timeout=20)
    j = r.json() if r.status == 200 else None
    return j.get("balance") if isinstance(j, dict) else None


def put_gift(gift, stock, cost, tok=None):
    body = {"name": "Gift " + gift, "cost": cost, "stock": stock, "kind": "coupon",
            "validFrom": "2020-01-01T00:00:00Z", "validTo": "2099-01-01T00:00:00Z"}
    return send_until("PUT", f"/v1/gifts/{q(gift)}", tok or marketer(), body)


def gift_state(gift):
    r = request("GET", f"/v1/gifts/{q(gift)}", storefront(), timeout=20)
    return r.json() if r.status == 200 else None


def seed_points(users, amount, prefix):
    """Storefront purchases worth `amount` points each; waits until every balance shows it."""
    events = [event(f"{prefix}-{u}", "purchase", u, "seed-item", price=amount) for u in users]
    for i in range(0, len(events), 500):
        r = post_events(events[i:i + 500])
        if r.status != 202:
            raise SystemExit(f"seeding points failed: {r}")
    return wait_until(lambda: all(balance(u) == amount for u in users), 180, 1.0)


def wait_visible(user, etype, count, timeout_s=120):
    return wait_until(lambda: counts(user).get(etype, 0) >= count, timeout_s, 0.5)


def exchange(user, gift, key, tok):
    """One exchange to its decision: (status, body) after following a 202 to its status URL."""
    r = send_until("POST", f"/v1/users/{q(user)}/gifts/{q(gift)}/exchanges", tok,
                   headers={"Idempotency-Key": key}, deadline_s=120)
    end = time.time() + 120
    while r.status == 202 and time.time() < end:
        url = (r.json() or {}).get("statusUrl") or r.headers.get("location")
        if not url:
            break
        time.sleep(0.5)
        nxt = request("GET", urllib.parse.urlparse(url).path, tok)
        if nxt.status in (0, 429) or nxt.status >= 500:
            continue
        r = nxt
    return r


def decision(r):
    j = r.json() or {}
    if r.status in (200, 201) and j.get("status") == "confirmed":
        return "confirmed"
    if r.status == 409:
        return j.get("code") or "409"
    if r.status == 202:
        return "pending"
    if r.status == 0:
        return "no answer"
    return f"{r.status} {j.get('code')}"


# --------------------------------------------------------------------------------------------- Redis

class Redis:
    """The few RESP commands the suite needs, on one socket."""

    def __init__(self, port=REDIS_PORT):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.file = self.sock.makefile("rb")

    def cmd(self, *args):
        parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        self.sock.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
        return self._read()

    def _read(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise RuntimeError(f"unexpected reply {line!r}")

    def close(self):
        self.sock.close()


# Keys that record the projection's own progress (the rebuild marker) rather than projected state.
META_KEY = re.compile(rb"^lodestone:meta:")


def keyspace():
    """Every lodestone:* key with its value in a canonical form (no TTLs)."""
    r = Redis()
    try:
        keys, cursor = set(), b"0"
        while True:
            cursor, batch = r.cmd("SCAN", cursor, "MATCH", "lodestone:*", "COUNT", 1000)
            keys.update(batch)
            if cursor == b"0":
                break
        dump = {}
        for k in sorted(keys):
            if META_KEY.match(k):
                continue
            t = r.cmd("TYPE", k)
            if t == "string":
                v = r.cmd("GET", k)
            elif t == "hash":
                flat = r.cmd("HGETALL", k)
                v = sorted(zip(flat[::2], flat[1::2]))
            elif t == "zset":
                flat = r.cmd("ZRANGE", k, 0, -1, "WITHSCORES")
                v = sorted(zip(flat[::2], flat[1::2]))
            elif t == "set":
                v = sorted(r.cmd("SMEMBERS", k))
            elif t == "list":
                v = r.cmd("LRANGE", k, 0, -1)
            else:
                continue
            dump[k] = (t, v)
        return dump
    finally:
        r.close()


def keyspace_hash(dump):
    h = hashlib.sha256()
    for k in sorted(dump):
        h.update(repr((k, dump[k])).encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- Kafka

def murmur2(data):
    """Kafka's murmur2, as the Java client's default partitioner uses it."""
    m, r = 0x5BD1E995, 24
    h = (0x9747B28C ^ len(data)) & 0xFFFFFFFF
    for i in range(len(data) // 4):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    tail, rest = len(data) & ~3, len(data) % 4
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def partitions(topic):
    out = subprocess.run(["kcat", "-b", f"127.0.0.1:{KAFKA_PORT}", "-L", "-t", topic],
                         capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"with (\d+) partitions", out)
    return int(m.group(1)) if m else 4


def partition_for(key, count):
    return (murmur2(key.encode()) & 0x7FFFFFFF) % count


def produce_raw(topic, key, value, count):
    """Writes one record the way a foreign producer would (kcat), on the partition Java would choose."""
    path = os.path.join(WORK, f"record-{uuid.uuid4().hex}")
    with open(path, "wb") as f:
        f.write(value)
    try:
        proc = subprocess.run(
            ["kcat", "-P", "-b", f"127.0.0.1:{KAFKA_PORT}", "-t", topic, "-k", key,
             "-p", str(partition_for(key, count)), "-z", "gzip", "-X", "message.max.bytes=10000000", path],
            capture_output=True, text=True, timeout=60)
        return proc.returncode == 0, proc.stderr.strip()
    finally:
        os.remove(path)


def dlq_topics():
    """shopper-events-dlq and any other dead-letter topic the engine has (e.g. one for processing failures)."""
    out = subprocess.run(["kcat", "-b", f"127.0.0.1:{KAFKA_PORT}", "-L"],
                         capture_output=True, text=True, timeout=60).stdout
    topics = set(re.findall(r'topic "([^"]*dlq[^"]*)"', out))
    return sorted(topics | {DLQ_TOPIC})


def dlq_keys():
    """Keys of every record on the dead-letter topics, with their reason header."""
    found = {}
    for topic in dlq_topics():
        out = subprocess.run(
            ["kcat", "-C", "-b", f"127.0.0.1:{KAFKA_PORT}", "-t", topic, "-o", "beginning", "-e", "-q",
             "-X", "fetch.message.max.bytes=16000000", "-f", "%k\t%h\n"],
            capture_output=True, timeout=120).stdout.decode("utf-8", "replace")
        for line in out.splitlines():
            key, _, headers = line.partition("\t")
            m = re.search(r"lodestone\.dlq\.reason=([^,]*)", headers)
            found.setdefault(key, f"{topic}: {m.group(1) if m else ''}")
    return found


# ------------------------------------------------------------------------------- stream (kill, stop)

def plan_stream(args):
    """plan-stream SHOPPERS EVENTS_PER_SHOPPER ROUNDS BATCH: the events of each round, fixed ids."""
    shoppers, per, rounds, batch = (int(a) for a in args)
    users = [f"ks-{RUN}-u{i}" for i in range(shoppers)]
    plan = {"users": users, "rounds": []}
    n = 0
    for r in range(rounds):
        events = []
        for k in range(per):
            for u in users:
                etype = "purchase" if k == per - 1 else ("add_to_cart" if k % 3 == 2 else "view")
                events.append(event(f"ks-{RUN}-{n}", etype, u, f"item-{n % 97}", price=1 + n % 50))
                n += 1
        random.Random(r).shuffle(events)
        plan["rounds"].append([events[i:i + batch] for i in range(0, len(events), batch)])
    with open(os.path.join(WORK, "stream-plan.json"), "w") as f:
        json.dump(plan, f)
    log(f"{shoppers} shoppers, {rounds} round(s) of {shoppers * per} events in batches of {batch}")


def stream(args):
    """stream ROUND [--retry] [--workers N] [--pace S]: posts the round's batches (N clients, each waiting S
    seconds between batches); --retry re-sends every batch without a 202 until it gets one."""
    rnd, retry = int(args[0]), "--retry" in args
    workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 8
    pace = float(args[args.index("--pace") + 1]) if "--pace" in args else 0.0
    plan = json.load(open(os.path.join(WORK, "stream-plan.json")))
    batches = plan["rounds"][rnd]
    acks_path = os.path.join(WORK, f"stream-acks-{rnd}.json")
    acked = set(json.load(open(acks_path))) if os.path.exists(acks_path) else set()
    todo = [i for i in range(len(batches)) if i not in acked]
    progress = os.path.join(WORK, f"stream-progress-{rnd}")
    stats = {}
    lock = threading.Lock()

    def one(i):
        if retry:
            r = send_until("POST", "/v1/events", storefront(), batches[i], deadline_s=240)
        else:
            r = request("POST", "/v1/events", storefront(), batches[i])
        with lock:
            stats[r.status] = stats.get(r.status, 0) + 1
            if r.status == 202:
                acked.add(i)
                with open(progress + ".tmp", "w") as f:
                    f.write(str(len(acked)))
                os.replace(progress + ".tmp", progress)
        if not retry:
            time.sleep(pace)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, todo))
    json.dump(sorted(acked), open(acks_path, "w"))
    what = "re-sent" if retry else "sent"
    log(f"round {rnd}: {what} {len(todo)} batches: " + ", ".join(f"{v} × {k or 'no answer'}"
                                                               for k, v in sorted(stats.items())))
    resent_path = os.path.join(WORK, "stream-resent")
    if retry:
        with open(resent_path, "a") as f:
            f.write(f"{len(todo)}\n")


def check_stream(args):
    """check-stream KILLS LABEL: every event of every round counted exactly once in its shopper's activity."""
    kills, label = args[0], args[1]
    plan = json.load(open(os.path.join(WORK, "stream-plan.json")))
    expected = {u: {} for u in plan["users"]}
    total = 0
    for rnd, batches in enumerate(plan["rounds"]):
        acks_path = os.path.join(WORK, f"stream-acks-{rnd}.json")
        acked = set(json.load(open(acks_path))) if os.path.exists(acks_path) else set()
        if len(acked) != len(batches):
            log(f"round {rnd}: {len(batches) - len(acked)} batches never got a 202")
        for i in acked:
            for e in batches[i]:
                c = expected[e["userId"]]
                c[e["type"]] = c.get(e["type"], 0) + 1
                total += 1
    seen = {}

    def converged():
        for u in plan["users"]:
            if seen.get(u) != expected[u]:
                seen[u] = counts(u)
        return all(seen.get(u) == expected[u] for u in plan["users"])

    wait_until(converged, 120, 1.0)
    lost = dup = 0
    for u in plan["users"]:
        for t in set(expected[u]) | set(seen.get(u) or {}):
            diff = (seen.get(u) or {}).get(t, 0) - expected[u].get(t, 0)
            lost += max(0, -diff)
            dup += max(0, diff)
    resent = 0
    path = os.path.join(WORK, "stream-resent")
    if os.path.exists(path):
        resent = sum(int(x) for x in open(path).read().split())
    log(f"{total} events acknowledged; counted: lost {lost}, duplicated {dup}")
    result(f"{total} events, {kills} {label}, {resent} batches re-sent", lost, dup, lost == 0 and dup == 0)


# ---------------------------------------------------------------------------- exchanges in flight

def exchange_setup(args):
    """exchange-setup SHOPPERS GIFTS STOCK COST: shoppers with points, gifts with stock."""
    shoppers, gifts, stock, cost = (int(a) for a in args)
    users = [f"kx-{RUN}-u{i}" for i in range(shoppers)]
    names = [f"kx-{RUN}-g{g}" for g in range(gifts)]
    for g in names:
        r = put_gift(g, stock, cost)
        if r.status != 200:
            raise SystemExit(f"gift {g}: {r}")
    points = cost * 10
    if not seed_points(users, points, f"kx-{RUN}"):
        log("not every seeded balance became visible")
    json.dump({"users": users, "gifts": names, "stock": stock, "cost": cost, "points": points},
              open(os.path.join(WORK, "exchange-plan.json"), "w"))
    log(f"{shoppers} shoppers with {points} points, {gifts} gifts × {stock} units at {cost} points")


def exchange_burst(args):
    """exchange-burst REQUESTS MARKER [--retry]: concurrent exchanges; MARKER is touched at the first decision."""
    n, marker, retry = int(args[0]), args[1], "--retry" in args
    plan = json.load(open(os.path.join(WORK, "exchange-plan.json")))
    out_path = os.path.join(WORK, "exchange-outcomes.json")
    outcomes = json.load(open(out_path)) if os.path.exists(out_path) else {}
    lock = threading.Lock()
    reqs = [(plan["users"][i % len(plan["users"])], plan["gifts"][i % len(plan["gifts"])], f"kx-key-{i}")
            for i in range(n)]

    def one(req):
        user, gift, key = req
        if outcomes.get(key, {}).get("final"):
            return
        tok = token("shopper", user)
        if retry:
            r = exchange(user, gift, key, tok)
        else:
            r = request("POST", f"/v1/users/{q(user)}/gifts/{q(gift)}/exchanges", tok,
                        headers={"Idempotency-Key": key}, timeout=30)
        d = decision(r)
        with lock:
            if r.status in (200, 201, 409) and not os.path.exists(marker):
                open(marker, "w").close()
            outcomes[key] = {"user": user, "gift": gift, "decision": d,
                             "final": d == "confirmed" or r.status == 409}

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, reqs))
    json.dump(outcomes, open(out_path, "w"))
    tally = {}
    for o in outcomes.values():
        tally[o["decision"]] = tally.get(o["decision"], 0) + 1
    log(("retry: " if retry else "burst: ") + ", ".join(f"{v} × {k}" for k, v in sorted(tally.items())))


def check_exchanges(args):
    """check-exchanges: stock taken = exchanges confirmed = points debited, per gift and per shopper."""
    plan = json.load(open(os.path.join(WORK, "exchange-plan.json")))
    outcomes = json.load(open(os.path.join(WORK, "exchange-outcomes.json")))
    wins_by_gift, wins_by_user = {}, {}
    undecided = 0
    for o in outcomes.values():
        if o["decision"] == "confirmed":
            wins_by_gift[o["gift"]] = wins_by_gift.get(o["gift"], 0) + 1
            wins_by_user[o["user"]] = wins_by_user.get(o["user"], 0) + 1
        elif not o["final"]:
            undecided += 1
    lost = dup = 0

    def gifts_settled():
        return all((gift_state(g) or {}).get("confirmed") == wins_by_gift.get(g, 0) for g in plan["gifts"])

    wait_until(gifts_settled, 60, 1.0)
    for g in plan["gifts"]:
        s = gift_state(g) or {}
        confirmed = s.get("confirmed", 0)
        diff = confirmed - wins_by_gift.get(g, 0)
        dup += max(0, diff)
        lost += max(0, -diff)
        if s.get("stock", 0) < 0 or confirmed > plan["stock"] or s.get("reserved", 0) != 0:
            log(f"gift {g}: {s}")
            dup += 1
    expected = {u: plan["points"] - plan["cost"] * wins_by_user.get(u, 0) for u in plan["users"]}
    wait_until(lambda: all(balance(u) == expected[u] for u in plan["users"]), 60, 1.0)
    for u in plan["users"]:
        b = balance(u)
        if b is not None and b != expected[u]:
            log(f"shopper {u}: balance {b}, expected {expected[u]}")
            if b < expected[u]:
                dup += (expected[u] - b) // plan["cost"]
            else:
                lost += (b - expected[u]) // plan["cost"]
    confirmed = sum(wins_by_gift.values())
    result(f"{len(outcomes)} exchanges, {confirmed} confirmed, {undecided} undecided",
           lost, dup, lost == 0 and dup == 0 and undecided == 0)


# ---------------------------------------------------------------------------------- restart timing

def settle_stream(args):
    """settle-stream ROUND: posts a round completely and waits until it is visible (quiet start state)."""
    stream([args[0], "--retry"])
    plan = json.load(open(os.path.join(WORK, "stream-plan.json")))
    expected = expected_counts(plan, int(args[0]) + 1)
    ok = wait_until(lambda: all(counts(u) == expected[u] for u in plan["users"]), 120, 1.0)
    log("visible" if ok else "NOT visible after 120 s")


def expected_counts(plan, rounds):
    expected = {u: {} for u in plan["users"]}
    for batches in plan["rounds"][:rounds]:
        for b in batches:
            for e in b:
                c = expected[e["userId"]]
                c[e["type"]] = c.get(e["type"], 0) + 1
    return expected


def watch_restart(args):
    """watch-restart LAUNCHED_AT ROUNDS OUT: seconds from launch to ready and to reads showing every event."""
    launched, rounds, out = float(args[0]), int(args[1]), args[2]
    plan = json.load(open(os.path.join(WORK, "stream-plan.json")))
    expected = expected_counts(plan, rounds)
    t_ready = t_fresh = None
    stale_at_ready = None
    end = launched + 240
    while time.time() < end and (t_ready is None or t_fresh is None):
        is_ready = ready()
        stale = sum(1 for u in plan["users"] if counts(u) != expected[u]) if request(
            "GET", "/v1/ping").status == 200 else len(plan["users"])
        t = time.time() - launched
        if is_ready and t_ready is None:
            t_ready, stale_at_ready = t, stale
        if stale == 0 and t_fresh is None:
            t_fresh = t
        time.sleep(0.25)
    json.dump({"ready": t_ready, "fresh": t_fresh, "staleAtReady": stale_at_ready,
               "shoppers": len(plan["users"])}, open(out, "w"))
    log(f"ready after {fmt_s(t_ready)}, fresh after {fmt_s(t_fresh)}, "
        f"{stale_at_ready} of {len(plan['users'])} shoppers stale when ready went UP")


def fmt_s(v):
    return "never" if v is None else f"{v:.1f} s"


def restart_verdict(args):
    """restart-verdict STOP_SECONDS TERM_JSON KILL_JSON GRACE: both restarts ready, fresh, and fresh once ready."""
    stop_s, grace = args[0], float(args[3])
    term, kill = json.load(open(args[1])), json.load(open(args[2]))
    ok = True
    for name, w in (("SIGTERM", term), ("SIGKILL", kill)):
        if w["ready"] is None or w["fresh"] is None:
            log(f"{name}: never ready or never fresh")
            ok = False
        elif w["fresh"] - w["ready"] > grace:
            log(f"{name}: ready said UP {w['fresh'] - w['ready']:.1f} s before reads showed every event")
            ok = False
    stop = "did not exit" if stop_s == "-" else f"{stop_s} s"
    result(f"SIGTERM: exit {stop}, ready {fmt_s(term['ready'])}, fresh {fmt_s(term['fresh'])}; "
           f"SIGKILL: ready {fmt_s(kill['ready'])}, fresh {fmt_s(kill['fresh'])}", "0", "-",
           ok and stop_s != "-")


# ------------------------------------------------------------------------------------ Redis rebuild

def seed_read_models(args):
    """seed-read-models SHOPPERS: catalog items, gifts, events and points, all visible; the expected reads saved."""
    shoppers = int(args[0])
    users = [f"rb-{RUN}-u{i}" for i in range(shoppers)]
    items = [f"rb-{RUN}-item{i}" for i in range(20)]
    for i, item in enumerate(items):
        body = {"title": f"Item {i}", "category": "电子产品/手机" if i % 2 else "服装/上衣", "brand": "品牌A",
                "price": 10.0 + i, "currency": "CNY", "stock": 10 + i, "available": True}
        r = send_until("PUT", f"/v1/catalog/items/{q(item)}", marketer(), body)
        if r.status not in (200, 201):
            raise SystemExit(f"catalog {item}: {r}")
    gift = f"rb-{RUN}-gift"
    put_gift(gift, 50, 10)
    events = []
    for n, u in enumerate(users):
        for k in range(5):
            events.append(event(f"rb-{RUN}-{n}-{k}", "view", u, items[(n + k) % len(items)]))
        events.append(event(f"rb-{RUN}-{n}-p", "purchase", u, items[n % len(items)], price=50 + n))
    r = post_events(events)
    if r.status != 202:
        raise SystemExit(f"events: {r}")
    expected = {"activity": {}, "points": {}, "items": {}, "gift": gift}

    def all_visible():
        for u in users:
            a = activity(u)
            if not a or a.get("counts") != {"purchase": 1, "view": 5}:
                return False
            if balance(u) != 50 + users.index(u):
                return False
        return all(request("GET", f"/v1/catalog/items/{q(i)}", storefront()).status == 200 for i in items)

    if not wait_until(all_visible, 180, 1.0):
        log("not everything became visible in 180 s")
    for u in users:
        expected["activity"][u] = activity(u)["counts"] if activity(u) else None
        expected["points"][u] = balance(u)
    for i in items:
        expected["items"][i] = request("GET", f"/v1/catalog/items/{q(i)}", storefront()).json()
    expected["giftState"] = {k: v for k, v in (gift_state(gift) or {}).items() if k in ("stock", "cost", "confirmed")}
    json.dump(expected, open(os.path.join(WORK, "read-models.json"), "w"))
    log(f"{shoppers} shoppers (activity, points), {len(items)} catalog items, 1 gift visible")


def classify_reads(expected):
    """One pass over every seeded read: right value, 503 with Retry-After, or wrong."""
    right = unavailable = 0
    wrong = []

    def judge(name, r, ok):
        nonlocal right, unavailable
        if r.status == 503 and r.headers.get("retry-after"):
            unavailable += 1
        elif ok(r):
            right += 1
        else:
            wrong.append(f"{name}: {r}")

    sf = storefront()
    for u, c in expected["activity"].items():
        judge(f"activity {u}", request("GET", f"/v1/users/{q(u)}/activity", sf),
              lambda r, c=c: r.status == 200 and (r.json() or {}).get("counts") == c)
    for u, b in expected["points"].items():
        judge(f"points {u}", request("GET", f"/v1/users/{q(u)}/points", sf),
              lambda r, b=b: r.status == 200 and (r.json() or {}).get("balance") == b)
    for i, body in expected["items"].items():
        judge(f"item {i}", request("GET", f"/v1/catalog/items/{q(i)}", sf),
              lambda r, body=body: r.status == 200 and r.json() == body)
    g = expected["gift"]
    judge(f"gift {g}", request("GET", f"/v1/gifts/{q(g)}", sf),
          lambda r: r.status == 200 and all((r.json() or {}).get(k) == v for k, v in expected["giftState"].items()))
    return right, unavailable, wrong


def watch_rebuild(args):
    """watch-rebuild FLUSHED_AT: reads after FLUSHALL are right or 503 + Retry-After until all are right."""
    flushed = float(args[0])
    expected = json.load(open(os.path.join(WORK, "read-models.json")))
    totals = {"right": 0, "503": 0, "wrong": 0}
    wrong_examples = []
    rebuilt = None
    still_wrong = []
    while time.time() - flushed < 120:
        right, unavailable, wrong = classify_reads(expected)
        totals["right"] += right
        totals["503"] += unavailable
        totals["wrong"] += len(wrong)
        wrong_examples.extend(wrong[:2])
        still_wrong = wrong
        if unavailable == 0 and not wrong:
            rebuilt = time.time() - flushed
            break
        time.sleep(0.2)
    for w in wrong_examples[:4]:
        log("wrong read:", w)
    reads = len(expected["activity"]) + len(expected["points"]) + len(expected["items"]) + 1
    log(f"{len(still_wrong)} of {reads} reads still wrong at the end")
    ok = rebuilt is not None and totals["wrong"] == 0
    when = f"rebuilt in {rebuilt:.1f} s" if rebuilt is not None else "not rebuilt in 120 s"
    result(f"{when}; reads meanwhile: {totals['right']} right, {totals['503']} × 503, {totals['wrong']} wrong",
           len(still_wrong), "-", ok)


def flush_redis(args):
    print(Redis().cmd("FLUSHALL"))


def hash_keyspace(args):
    """hash-keyspace OUT: waits until two samples 3 s apart agree, then saves the dump and prints its hash."""
    out = args[0]
    prev = None
    for _ in range(40):
        dump = keyspace()
        h = keyspace_hash(dump)
        if h == prev:
            break
        prev = h
        time.sleep(3)
    with open(out, "w") as f:
        json.dump({k.decode(): repr(v) for k, v in dump.items()}, f)
    log(f"{len(dump)} lodestone:* keys, hash {h}")
    print(h)


def compare_keyspace(args):
    """compare-keyspace BEFORE LABEL: the keyspace now equals BEFORE (waits up to 60 s for it)."""
    before = json.load(open(args[0]))
    label = args[1]
    now = {}

    def same():
        nonlocal now
        now = {k.decode(): repr(v) for k, v in keyspace().items()}
        return now == before

    equal = wait_until(same, 60, 2.0)
    missing = [k for k in before if k not in now]
    extra = [k for k in now if k not in before]
    changed = [k for k in before if k in now and now[k] != before[k]]
    for k in changed[:3]:
        log(f"changed {k}: {before[k][:120]} → {now[k][:120]}")
    for k in missing[:3]:
        log(f"missing {k}")
    for k in extra[:3]:
        log(f"extra {k}")
    h1 = hashlib.sha256(repr(sorted(before.items())).encode()).hexdigest()[:12]
    h2 = hashlib.sha256(repr(sorted(now.items())).encode()).hexdigest()[:12]
    result(f"{len(before)} keys {label}: hash {h1} → {h2}; {len(missing)} missing, {len(extra)} extra, "
           f"{len(changed)} changed", len(missing), len(extra) + len(changed), equal)


# ---------------------------------------------------------------------------------- duplicate ids

def duplicate_ids(args):
    """One eventId posted 50 times at once (counted once); one eventId from 20 shoppers (counted 20 times)."""
    sf = storefront()
    user = f"dup-{RUN}-one"
    same = event(f"dup-{RUN}-evt", "add_to_cart", user, "item-1")
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(lambda _: post_events(same).status, range(50)))
    post_events(event(f"dup-{RUN}-sentinel", "view", user, "item-2"))
    wait_visible(user, "view", 1)
    once = counts(user).get("add_to_cart", 0)
    log(f"50 concurrent posts of one eventId: {statuses.count(202)} × 202, counted {once}")

    shared = f"order-{RUN}"
    users = [f"dup-{RUN}-s{i}" for i in range(20)]
    r = post_events([event(shared, "purchase", u, "item-3", price=30) for u in users])
    log(f"one eventId from 20 shoppers (purchases): {r.status}")
    for u in users:
        post_events(event(f"dup-{RUN}-{u}-sentinel", "view", u, "item-4"))
    wait_until(lambda: all(counts(u).get("view", 0) >= 1 for u in users), 120, 1.0)
    counted = sum(1 for u in users if counts(u).get("purchase", 0) == 1)
    wait_until(lambda: all(balance(u) == 30 for u in users), 30, 1.0)
    credited = sum(1 for u in users if balance(u) == 30)
    log(f"counted for {counted} of 20 shoppers, points credited to {credited}")
    lost = (20 - counted) + (1 - once if once < 1 else 0)
    dup = max(0, once - 1)
    result(f"1 id × 50 posts → {once} counted; 1 id × 20 shoppers → {counted} counted, {credited} credited",
           lost, dup, once == 1 and counted == 20 and credited == 20)


# -------------------------------------------------------------------------- records nobody validated

def sentinel_after(users):
    """A valid event per user through the intake; true when every one is counted (processing continues)."""
    for u in users:
        post_events(event(f"sentinel-{u}", "view", u, "item-s"))
    return wait_until(lambda: all(counts(u).get("view", 0) >= 1 for u in users), 90, 1.0)


def timestamps(args):
    """Out-of-range occurredAt: 400 at the intake; on the topic, dead-lettered while processing continues."""
    sf = storefront()
    stamps = {"year -300000000": "-300000000-01-01T00:00:00Z", "year 9999": "9999-01-01T00:00:00Z",
              "31 days back": now_iso(-31 * 86400)}
    refused = 0
    for name, at in stamps.items():
        r = request("POST", "/v1/events", sf, event(f"ts-{RUN}-{name.replace(' ', '')}", "view",
                                                     f"ts-{RUN}-intake", "item-1", occurredAt=at))
        fields = [e.get("field") for e in (r.json() or {}).get("errors", [])] if r.status == 400 else []
        good = r.status == 400 and "occurredAt" in fields
        refused += good
        log(f"intake, {name}: {r.status} {'(occurredAt named)' if good else r.body[:120]!r}")
    count = partitions(EVENTS_TOPIC)
    written = {}
    for i, (name, at) in enumerate(list(stamps.items()) + [("receivedAt year -300000000", None)]):
        user = f"ts-{RUN}-topic{i}"
        record = event(f"ts-{RUN}-raw{i}", "view", user, "item-1", occurredAt=at or now_iso(),
                       receivedAt=now_iso() if at else "-300000000-01-01T00:00:00Z")
        ok, err = produce_raw(EVENTS_TOPIC, "u:" + user, json.dumps(record).encode(), count)
        written["u:" + user] = name
        if not ok:
            log(f"kcat could not write {name}: {err}")
    continued = sentinel_after([k[2:] for k in written])
    parked = dlq_keys()
    dead = sum(1 for k in written if k in parked)
    for k, name in written.items():
        log(f"topic, {name}: " + (f"dead-lettered ({parked[k][:80]})" if k in parked else "NOT dead-lettered"))
    up = ready()
    log(f"processing continued: {bool(continued)}, ready: {up}")
    result(f"intake {refused}/{len(stamps)} × 400; topic {dead}/{len(written)} dead-lettered; "
           f"{'processing continued' if continued else 'processing STOPPED'}; ready {'UP' if up else 'DOWN'}",
           "-" if continued else len(written), "-",
           refused == len(stamps) and dead == len(written) and bool(continued) and up)


def poison(args):
    """Garbage bytes, a non-object and a 2 MB record on the topic: dead-lettered, processing continues."""
    count = partitions(EVENTS_TOPIC)
    rnd = random.Random(7)
    records = {
        "garbage bytes": bytes(rnd.getrandbits(8) for _ in range(1024)),
        "JSON array": b"[1,2,3]",
        "2 MB record": json.dumps(event(f"big-{RUN}", "view", "big", "item-1", receivedAt=now_iso(),
                                        context={"blob": "x" * (2 * 1024 * 1024)})).encode(),
    }
    keys = {}
    for i, (name, value) in enumerate(records.items()):
        user = f"poison-{RUN}-{i}"
        if name == "2 MB record":
            value = value.replace(b'"big"', json.dumps(user).encode())
        ok, err = produce_raw(EVENTS_TOPIC, "u:" + user, value, count)
        keys["u:" + user] = name
        log(f"wrote {name} ({len(value):,} bytes): {'ok' if ok else err}")
    continued = sentinel_after([k[2:] for k in keys])
    parked = dlq_keys()
    dead = sum(1 for k in keys if k in parked)
    for k, name in keys.items():
        log(f"{name}: " + (f"dead-lettered ({parked[k][:80]})" if k in parked else "NOT dead-lettered"))
    up = ready()
    result(f"{dead}/{len(keys)} dead-lettered; {'processing continued' if continued else 'processing STOPPED'}; "
           f"ready {'UP' if up else 'DOWN'}", "-" if continued else len(keys), "-",
           dead == len(keys) and bool(continued) and up)


# ----------------------------------------------------------------------------------- token attacks

def token_attacks(args):
    """Forged, expired, foreign and confused tokens: 401; valid tokens claiming someone else: 403."""
    victim = f"tok-{RUN}-victim"
    path = f"/v1/users/{q(victim)}/points"
    if request("GET", path, token("admin", "faults-admin")).status != 200:
        log("a valid admin token is refused: the attack results below mean nothing")
    foreign = os.path.join(WORK, "foreign.pem")
    subprocess.run(["openssl", "genrsa", "-out", foreign, "2048"], capture_output=True, check=True)
    public = open(os.path.join(DATA_DIR, "keys", "public.pem"), "rb").read()
    admin = claims("admin", "attacker")
    genuine = token("shopper", "attacker")
    head, _, sig = genuine.split(".")
    attacks = [
        ("alg none", jwt(admin, alg="none"), {401}),
        ("signed with a foreign RSA key", jwt(admin, key=foreign), {401}),
        ("expired an hour ago", jwt(claims("admin", "attacker", exp_in=-3600, iat_offset=-7200)), {401}),
        ("wrong issuer", jwt(claims("admin", "attacker", iss="https://evil.example/")), {401}),
        ("HS256 keyed with the public key", jwt(admin, alg="HS256", hmac_key=public), {401}),
        ("payload swapped under a valid signature", f"{head}.{b64u(json.dumps(admin))}.{sig}", {401}),
        ("signature stripped", f"{head}.{genuine.split('.')[1]}.", {401}),
        ("sub attacker, upn victim (principal is sub)", jwt(claims("shopper", "attacker", upn=victim)), {403}),
        ("unknown role", jwt(claims("shopper", victim, groups=["superuser"])), {403}),
        ("no sub claim", jwt({k: v for k, v in claims("shopper", victim).items() if k not in ("sub", "upn")}),
         {401, 403}),
    ]
    passed = 0
    for name, tok, want in attacks:
        r = request("GET", path, tok)
        good = r.status in want
        passed += good
        log(f"{name}: {r.status} {'ok' if good else 'expected ' + '/'.join(map(str, sorted(want)))}")
    result(f"{passed}/{len(attacks)} refused as expected", "-", "-", passed == len(attacks))


# ----------------------------------------------------------------------------------- cross-shopper

STATIC_USER_PATHS = {
    "/v1/users/{userId}/activity": ["get"], "/v1/users/{userId}/profile": ["get"], "/v1/users/{userId}": ["delete"],
    "/v1/users/{userId}/recommendations": ["get"], "/v1/users/{userId}/points": ["get"],
    "/v1/users/{userId}/points/history": ["get"], "/v1/users/{userId}/points/redemptions": ["post"],
    "/v1/users/{userId}/points/redemptions/{redemptionId}": ["get"],
    "/v1/users/{userId}/gifts/{giftId}/exchanges": ["post"],
    "/v1/users/{userId}/gifts/{giftId}/exchanges/{exchangeId}": ["get"],
}


def user_endpoints():
    """Every operation on a path with {userId}, from the engine's OpenAPI document (else a fixed list)."""
    r = request("GET", "/q/openapi?format=json")
    paths = (r.json() or {}).get("paths") if r.status == 200 else None
    if not paths:
        log("no OpenAPI document: using the fixed list of per-shopper endpoints")
        return STATIC_USER_PATHS
    return {p: [m for m in ops if m in ("get", "post", "put", "delete", "patch")]
            for p, ops in paths.items() if "{userId}" in p}


def cross_shopper(args):
    """Every per-shopper endpoint with another shopper's token: 403, and nothing of the victim changes."""
    victim, attacker = f"x-{RUN}-victim", f"x-{RUN}-attacker"
    gift = f"x-{RUN}-gift"
    put_gift(gift, 5, 10)
    post_events([event(f"x-{RUN}-v1", "view", victim, "item-1")])
    seed_points([victim], 100, f"x-{RUN}")
    wait_until(lambda: request("GET", f"/v1/users/{q(victim)}/profile", storefront()).status == 200, 60, 1.0)
    mal = token("shopper", attacker)
    probes = []
    for path, methods in sorted(user_endpoints().items()):
        concrete = re.sub(r"\{userId\}", q(victim), path)
        concrete = concrete.replace("{giftId}", q(gift))
        concrete = re.sub(r"\{[^}]+\}", "x-1", concrete)
        for m in methods:
            body = {"points": 10, "reason": "x"} if path.endswith("/redemptions") and m == "post" else None
            probes.append((f"{m.upper()} {path}", m.upper(), concrete, body))
    probes += [
        ("POST /v1/events for the victim", "POST", "/v1/events", [event(f"x-{RUN}-m", "view", victim, "item-9")]),
        ("POST /v1/recommendations {userId: victim}", "POST", "/v1/recommendations", {"userId": victim}),
        ("POST /v1/recommendations {sessionId: victim's}", "POST", "/v1/recommendations",
         {"sessionId": f"{victim}-session"}),
    ]
    refused = 0
    for name, method, path, body in probes:
        r = request(method, path, mal, body, headers={"Idempotency-Key": f"x-{RUN}-{uuid.uuid4().hex[:8]}"})
        refused += r.status == 403
        if r.status != 403:
            log(f"{name}: {r}")
    time.sleep(2)
    intact = balance(victim) == 100
    profile = request("GET", f"/v1/users/{q(victim)}/profile", storefront()).status == 200
    g = gift_state(gift) or {}
    untouched = intact and profile and g.get("stock") == 5
    log(f"{refused}/{len(probes)} × 403; victim's balance {balance(victim)}, profile "
        f"{'kept' if profile else 'GONE'}, gift stock {g.get('stock')}")
    result(f"{refused}/{len(probes)} per-shopper operations refused (403)", 0 if untouched else 1, "-",
           refused == len(probes) and untouched)


# ---------------------------------------------------------------------------------- mass assignment

def mass_assignment(args):
    """Fields a client must not set (balance, points, stock, role, version…): 400 or ignored, never applied."""
    sf, mk = storefront(), marketer()
    user = f"ma-{RUN}-u"
    shopper = token("shopper", user)
    checks = []

    def answered(name, r, applied):
        ok_status = r.status == 400 or 200 <= r.status < 300
        checks.append((name, r.status, ok_status and not applied))
        log(f"{name}: {r.status}{' APPLIED' if applied else ''}{'' if ok_status else ' ' + repr(r.body[:100])}")

    extra = {"balance": 1_000_000, "points": 1_000_000, "stock": 99, "role": "admin", "version": 999}
    r = request("POST", "/v1/events", sf, event(f"ma-{RUN}-1", "view", user, "item-1", **extra))
    post_events(event(f"ma-{RUN}-2", "view", user, "item-2"))
    wait_visible(user, "view", 1)
    answered("event with balance/points/role", r, (balance(user) or 0) != 0)

    seed_points([user], 100, f"ma-{RUN}")
    r = request("POST", f"/v1/users/{q(user)}/points/redemptions", shopper,
                {"points": 10, "reason": "x", "balance": 999_999, "userId": "someone-else", "status": "confirmed"},
                headers={"Idempotency-Key": f"ma-{RUN}-r"})
    time.sleep(1)
    b = balance(user)
    answered("redemption with balance/userId/status", r, b not in (100, 90) or balance("someone-else") != 0)

    gift = f"ma-{RUN}-gift"
    r = request("PUT", f"/v1/gifts/{q(gift)}", mk,
                {"name": "G", "cost": 10, "stock": 3, "kind": "coupon", "reserved": -50, "confirmed": 99,
                 "version": 1000, "giftId": f"ma-{RUN}-other"})
    time.sleep(1)
    g = gift_state(gift) or {}
    other = gift_state(f"ma-{RUN}-other")
    answered("gift with reserved/confirmed/version/giftId", r,
             g.get("reserved", 0) != 0 or g.get("confirmed", 0) != 0 or g.get("version", 0) >= 1000
             or other is not None)

    item = f"ma-{RUN}-item"
    r = request("PUT", f"/v1/catalog/items/{q(item)}", mk,
                {"title": "T", "category": "图书", "price": 10.0, "currency": "CNY", "stock": 1, "available": True,
                 "role": "admin", "score": 1e9, "version": 999})
    time.sleep(1)
    got = request("GET", f"/v1/catalog/items/{q(item)}", sf).json() or {}
    answered("catalog item with role/score/version", r, any(k in got for k in ("role", "score")) or
             got.get("version") == 999)

    r = request("PUT", "/v1/points/rules", mk, {"reviewPoints": 10, "balance": 1_000_000, "role": "admin"})
    rules = request("GET", "/v1/points/rules", mk).json() or {}
    answered("rules with balance/role", r, "balance" in rules or "role" in rules)

    r = request("POST", "/v1/recommendations", shopper, {"userId": user, "limit": 5, "role": "admin"})
    answered("recommendations with role", r, False)

    put_gift(f"ma-{RUN}-g2", 5, 10)
    before = balance(user)
    r = exchange(user, f"ma-{RUN}-g2", f"ma-{RUN}-x", shopper)
    r2 = request("POST", f"/v1/users/{q(user)}/gifts/{q(f'ma-{RUN}-g2')}/exchanges", shopper,
                 {"cost": 0, "points": 0}, headers={"Idempotency-Key": f"ma-{RUN}-y"})
    time.sleep(2)
    after = balance(user)
    spent = (before or 0) - (after or 0)
    confirmed = (decision(r) == "confirmed") + (decision(r2) == "confirmed")
    answered("exchange with cost 0 in the body", r2, spent != 10 * confirmed)

    applied = sum(1 for c in checks if not c[2])
    result(f"{len(checks)} bodies: {sum(1 for c in checks if c[1] == 400)} × 400, "
           f"{sum(1 for c in checks if 200 <= c[1] < 300)} × 2xx, {applied} applied or 5xx",
           "-", "-", applied == 0)


# -------------------------------------------------------------------------------------- oversize

def raw_request(method, path, headers, chunks, timeout=60):
    """Sends a request from a thread while reading the answer, so an early 413 is read before a reset."""
    sock = socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=timeout)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    chunked = headers.get("Transfer-Encoding") == "chunked"

    def send():
        try:
            sock.sendall((head + "\r\n").encode())
            for c in chunks:
                sock.sendall(b"%x\r\n%s\r\n" % (len(c), c) if chunked else c)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    data = b""
    try:
        while True:
            part = sock.recv(65536)
            if not part:
                break
            data += part
            header_end = data.find(b"\r\n\r\n")
            if header_end >= 0:
                m = re.search(rb"content-length:\s*(\d+)", data[:header_end], re.I)
                if m and len(data) >= header_end + 4 + int(m.group(1)):
                    break
    except OSError:
        pass
    finally:
        sock.close()
    if not data.startswith(b"HTTP/"):
        return Resp(0, {}, data)
    head_part, _, body = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    if hdrs.get("transfer-encoding") == "chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return Resp(status, hdrs, body)


def oversize(args):
    """Bodies over the limits, with and without Content-Length: 413 with the JSON error, never 500."""
    sf, mk = storefront(), marketer()
    big = 9 * 1024 * 1024
    mid = 1536 * 1024
    chunk = b" " * 65536

    def body_of(size):
        return [chunk] * (size // len(chunk))

    def h(tok, extra):
        return dict({"Authorization": "Bearer " + tok, "Content-Type": "application/json"}, **extra)

    cases = [
        ("events, Content-Length 1.5 MB (over the intake's limit)", "POST", "/v1/events", sf, mid, False),
        ("events, Content-Length 9 MB (over the HTTP limit)", "POST", "/v1/events", sf, big, False),
        ("events, chunked 1.5 MB without length", "POST", "/v1/events", sf, mid, True),
        ("events, chunked 9 MB without length", "POST", "/v1/events", sf, big, True),
        ("catalog item, chunked 9 MB", "PUT", f"/v1/catalog/items/os-{RUN}", mk, big, True),
        ("gift, Content-Length 9 MB", "PUT", f"/v1/gifts/os-{RUN}", mk, big, False),
        ("redemption, chunked 9 MB", "POST", f"/v1/users/os-{RUN}/points/redemptions", sf, big, True),
    ]
    good = bare = 0
    for name, method, path, tok, size, chunked in cases:
        extra = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(size)}
        if "redemptions" in path:
            extra["Idempotency-Key"] = f"os-{RUN}"
        r = raw_request(method, path, h(tok, extra), body_of(size))
        is_json = "json" in r.headers.get("content-type", "") and isinstance(r.json(), dict)
        ok = r.status == 413 and is_json and (r.json() or {}).get("code")
        # A chunked body past the HTTP layer's own limit is stopped by that layer, which ends the 413
        # itself without a body (docs/reliability.md): still a 413, never a 5xx, but counted apart.
        layer = not ok and chunked and size > 8 * 1024 * 1024 and r.status == 413
        good += bool(ok)
        bare += bool(layer)
        log(f"{name}: {r.status} {'JSON ' + str(r.code()) if is_json else 'body ' + repr(r.body[:60])}")
    result(f"{good}/{len(cases)} answered 413 with the JSON error, {bare} chunked past the HTTP limit with a bare 413",
           "-", "-", good + bare == len(cases))


# ------------------------------------------------------------------------------------- hostile ids

HOSTILE = {
    "'.'": ".", "'..'": "..", "lone surrogate U+D800": "a\ud800b", "zero-width space U+200B": "a\u200bb",
    "right-to-left override U+202E": "a\u202eb", "200 characters": "a" * 200,
}


def hostile_ids(args):
    """Hostile ids in paths and bodies: 400."""
    sf = storefront()
    probes = []
    for name, bad in HOSTILE.items():
        # A dot segment never reaches a path parameter: the HTTP layer removes it before routing
        # (RFC 3986 5.2.4, also when percent-encoded), so "." and ".." are probed in bodies only.
        for template in ("/v1/users/{}/activity", "/v1/users/{}/points", "/v1/catalog/items/{}",
                         "/v1/gifts/{}", "/v1/items/{}/similar"):
            if set(bad) != {"."}:
                probes.append((f"path {template.format('ID')} with {name}", "GET", template.format(q(bad)), None,
                               {400}))
        for field in ("eventId", "userId", "itemId"):
            e = event(f"h-{RUN}-{field}", "view", f"h-{RUN}-u", "item-1")
            e[field] = bad
            probes.append((f"event {field} {name}", "POST", "/v1/events", e, {400}))
        probes.append((f"recommendations userId {name}", "POST", "/v1/recommendations", {"userId": bad}, {400}))
    probes.append(("event userId of 10,000 characters", "POST", "/v1/events",
                   event(f"h-{RUN}-long", "view", "a" * 10000, "item-1"), {400}))
    good = 0
    for name, method, path, body, allowed in probes:
        raw = json.dumps(body).encode() if body is not None else None
        r = request(method, path, sf, raw)
        ok = r.status in allowed
        good += ok
        if not ok:
            log(f"{name}: {r}")
    result(f"{good}/{len(probes)} hostile ids refused", "-", "-", good == len(probes))


# ------------------------------------------------------------------------------------- rate burst

def rate_burst(args):
    """One shopper's app reads as fast as 24 connections go; another shopper's reads keep being admitted.

    Shopper tokens have the smallest per-client budget, and a read costs the engine one Redis round trip,
    so one machine can offer many times that budget (an intake burst is bounded by the broker instead).
    """
    seconds = float(args[0]) if args else (5 if QUICK else 10)
    noisy_user, quiet_user = f"burst-{RUN}-a", f"burst-{RUN}-b"
    noisy, quiet = token("shopper", noisy_user), token("shopper", quiet_user)
    stop = time.time() + seconds
    noisy_stats = {}
    missing_retry_after = [0]
    quiet_lat, quiet_stats = [], {}
    lock = threading.Lock()

    def noisy_worker():
        while time.time() < stop:
            r = request("GET", f"/v1/users/{q(noisy_user)}/points", noisy)
            with lock:
                noisy_stats[r.status] = noisy_stats.get(r.status, 0) + 1
                if r.status == 429 and not r.headers.get("retry-after"):
                    missing_retry_after[0] += 1

    def quiet_worker():
        while time.time() < stop:
            t0 = time.time()
            r = request("GET", f"/v1/users/{q(quiet_user)}/points", quiet)
            if r.status == 200:
                quiet_lat.append((time.time() - t0) * 1000)
            quiet_stats[r.status] = quiet_stats.get(r.status, 0) + 1
            time.sleep(max(0.0, 0.2 - (time.time() - t0)))

    threads = [threading.Thread(target=noisy_worker) for _ in range(24)] + [threading.Thread(target=quiet_worker)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(noisy_stats.values())
    limited = noisy_stats.get(429, 0)
    admitted = noisy_stats.get(200, 0)
    share = 100.0 * limited / total if total else 0.0
    factor = total / admitted if admitted else float("inf")
    p50, p99 = pct(quiet_lat, 50), pct(quiet_lat, 99)
    quiet_bad = sum(v for k, v in quiet_stats.items() if k != 200)
    log(f"noisy shopper: {total} reads in {seconds:.0f} s ({total / seconds:,.0f}/s offered, "
        f"{admitted / seconds:,.0f}/s admitted, ×{factor:.1f}): "
        + ", ".join(f"{v} × {k or 'no answer'}" for k, v in sorted(noisy_stats.items()))
        + (f"; {missing_retry_after[0]} × 429 without Retry-After" if missing_retry_after[0] else ""))
    log(f"quiet shopper: {sum(quiet_stats.values())} reads (5/s): "
        + ", ".join(f"{v} × {k or 'no answer'}" for k, v in sorted(quiet_stats.items()))
        + (f", admitted p50 {p50:.0f} ms, p99 {p99:.0f} ms" if quiet_lat else ""))
    ok = limited > 0 and missing_retry_after[0] == 0 and quiet_bad == 0
    result(f"noisy: {total / seconds:,.0f} reads/s, {share:.0f} % × 429 (×{factor:.1f} its admitted rate); "
           f"quiet: p99 {'-' if p99 is None else f'{p99:.0f} ms'}, {quiet_bad} refused", "-", "-", ok)


# ----------------------------------------------------------------------------------- last-gift race

def last_gift(args):
    """Rounds of 200 shoppers racing for a gift's last unit: exactly one 201 per round."""
    rounds = int(args[0])
    shoppers = 200
    users = [f"race-{RUN}-u{i}" for i in range(shoppers)]
    tokens = {u: token("shopper", u) for u in users}
    cost = 10
    if not seed_points(users, cost * rounds + cost, f"race-{RUN}"):
        log("not every seeded balance became visible")
    exactly_one = none = many = 0
    other_total = 0
    wins = {}
    pool = ThreadPoolExecutor(shoppers)
    for rnd in range(rounds):
        gift = f"race-{RUN}-g{rnd}"
        put_gift(gift, 1, cost)
        barrier = threading.Barrier(shoppers)

        def race(u, gift=gift, barrier=barrier, rnd=rnd):
            barrier.wait()
            return u, decision(exchange(u, gift, f"race-{rnd}", tokens[u]))

        outcomes = list(pool.map(race, users))
        winners = [u for u, d in outcomes if d == "confirmed"]
        others = [d for _, d in outcomes if d not in ("confirmed", "out_of_stock")]
        other_total += len(others)
        for u in winners:
            wins[u] = wins.get(u, 0) + 1
        if len(winners) == 1:
            exactly_one += 1
        elif not winners:
            none += 1
        else:
            many += 1
        if len(winners) != 1 or others:
            log(f"round {rnd}: {len(winners)} confirmed, {len(others)} other answers {others[:3]}")
    pool.shutdown()
    expected = {u: cost * rounds + cost - cost * wins.get(u, 0) for u in users}
    wait_until(lambda: all(balance(u) == expected[u] for u in users), 60, 1.0)
    wrong_balances = sum(1 for u in users if balance(u) != expected[u])
    log(f"{exactly_one} rounds with exactly one winner, {none} with none, {many} with several; "
        f"{other_total} answers neither 201 nor out_of_stock; {wrong_balances} balances off")
    result(f"{rounds} rounds × {shoppers} shoppers: {exactly_one} with exactly one 201", none, many,
           exactly_one == rounds and other_total == 0 and wrong_balances == 0)


# ------------------------------------------------------------------------------------------ minting

def minting(args):
    """A shopper token cannot post value-moving events; back-dating and repetition do not beat the caps."""
    sf, mk = storefront(), marketer()
    ok = True
    minter = f"mint-{RUN}-m"
    mt = token("shopper", minter)
    refused = 0
    for etype in ("purchase", "refund", "review", "share"):
        extra = {"quantity": 10000, "price": 1e9} if etype in ("purchase", "refund") else {}
        r = request("POST", "/v1/events", mt, event(f"mint-{RUN}-{etype}", etype, minter, "item-1", **extra))
        refused += r.status == 403
        log(f"shopper token posts own {etype}: {r.status}")
    post_events(event(f"mint-{RUN}-sentinel", "view", minter, "item-2"))
    wait_visible(minter, "view", 1)
    time.sleep(1)
    minted = balance(minter) or 0
    ok &= refused == 4 and minted == 0

    sharer = f"mint-{RUN}-sharer"
    day_before = time.strftime("%Y-%m-%d", time.gmtime())
    shares = [event(f"mint-{RUN}-share-{d}-{k}", "share", sharer, f"item-{d}-{k}",
                    occurredAt=now_iso(-d * 86400 - k * 60)) for d in range(11) for k in range(3)]
    r = post_events(shares)
    day_after = time.strftime("%Y-%m-%d", time.gmtime())
    share_cap = 15 if day_before == day_after else 30
    post_events(event(f"mint-{RUN}-sharer-sentinel", "view", sharer, "item-x"))
    wait_visible(sharer, "view", 1)
    time.sleep(2)
    shared = balance(sharer) or 0
    log(f"33 shares back-dated over 11 days ({r.status}): {shared} points (cap {share_cap})")
    ok &= shared <= share_cap

    rules = {"campaigns": [{"id": f"c2020-{RUN}", "multiplier": 10, "from": "2020-01-01T00:00:00Z",
                            "to": "2021-01-01T00:00:00Z"}]}
    rr = request("PUT", "/v1/points/rules", mk, rules)
    buyer = f"mint-{RUN}-buyer"
    r = post_events(event(f"mint-{RUN}-old-purchase", "purchase", buyer, "item-1", price=100,
                          occurredAt="2020-06-01T00:00:00Z"))
    post_events(event(f"mint-{RUN}-buyer-sentinel", "view", buyer, "item-x"))
    wait_visible(buyer, "view", 1)
    time.sleep(2)
    bought = balance(buyer) or 0
    log(f"purchase of 100 back-dated into a 2020 ×10 campaign (rules {rr.status}, event {r.status}): {bought} points")
    ok &= bought <= 100

    reviewer, critic = f"mint-{RUN}-reviewer", f"mint-{RUN}-critic"
    post_events([event(f"mint-{RUN}-rev-{k}", "review", reviewer, "item-1", rating=5) for k in range(20)])
    post_events([event(f"mint-{RUN}-crit-{k}", "review", critic, f"item-{k}", rating=5) for k in range(20)])
    for u in (reviewer, critic):
        post_events(event(f"mint-{RUN}-{u}-sentinel", "view", u, "item-x"))
        wait_visible(u, "view", 1)
    time.sleep(2)
    same_item, many_items = balance(reviewer) or 0, balance(critic) or 0
    log(f"20 reviews of one item: {same_item} points; 20 reviews of 20 items: {many_items} points (uncapped: 200)")
    ok &= same_item <= 10 and many_items < 200
    result(f"shopper-posted {refused}/4 × 403, minted {minted}; shares {shared}/{share_cap}; "
           f"2020 campaign {bought}/100; reviews {same_item} + {many_items}", "-", "-", ok)


# ----------------------------------------------------------------------------------------- commands

COMMANDS = {
    "plan-stream": plan_stream, "stream": stream, "check-stream": check_stream,
    "exchange-setup": exchange_setup, "exchange-burst": exchange_burst, "check-exchanges": check_exchanges,
    "settle-stream": settle_stream, "watch-restart": watch_restart, "restart-verdict": restart_verdict,
    "seed-read-models": seed_read_models, "flush-redis": flush_redis, "watch-rebuild": watch_rebuild,
    "hash-keyspace": hash_keyspace, "compare-keyspace": compare_keyspace,
    "duplicate-ids": duplicate_ids, "timestamps": timestamps, "poison": poison, "tokens": token_attacks,
    "cross-shopper": cross_shopper, "mass-assignment": mass_assignment, "oversize": oversize,
    "hostile-ids": hostile_ids, "rate-burst": rate_burst, "last-gift": last_gift, "minting": minting,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: faultlib.py " + "|".join(COMMANDS) + " [ARGS…]", file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
