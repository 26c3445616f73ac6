#!/usr/bin/env python3
"""Load and verifier of scale-out-check.sh (python3 standard library only).

Commands:
  run BASE TOKEN EVENTS SHOPPERS KILL_AT KILL_PID SURVIVOR_URL OUT
      post EVENTS view events (batches of 100, 4 clients) spread over SHOPPERS shoppers through the api
      instance; once KILL_AT are acknowledged, kill -9 KILL_PID and measure how long until the survivor
      holds every partition (its metrics) and until probe events on every partition are visible (it
      processes them, after the backlog the load built meanwhile); every batch is retried with the same
      event ids until acknowledged. Writes the acknowledged count per shopper and the figures to OUT.
  probe BASE TOKEN PREFIX COUNT TIMEOUT
      post one event for each of COUNT new shoppers and print the seconds until all are visible.
  verify BASE TOKEN OUT TIMEOUT
      compare each shopper's counted views with the acknowledged ones (polling up to TIMEOUT s for
      the stream to catch up); print lost and duplicated; exit 1 when either is not 0.
  streams-share URL...
      print each streams instance's assigned partitions and processed records (from /q/metrics);
      exit 1 when one holds none.
"""
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

BATCH = 100
CLIENTS = 4


def request(method, url, token, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (urllib.error.URLError, OSError) as e:
        return 0, str(e)


def post_until_acked(base, token, events):
    """Posts a batch until the api answers 202; the same ids every time (duplicates are dropped)."""
    attempts = 0
    while True:
        attempts += 1
        status, _ = request("POST", base + "/v1/events", token, events)
        if status == 202:
            return attempts
        time.sleep(0.2)


def views(base, token, user):
    status, body = request("GET", base + "/v1/users/" + user + "/activity", token)
    if status != 200:
        return None
    return json.loads(body).get("counts", {}).get("view", 0)


def probe(base, token, prefix, count, timeout):
    users = [prefix + "-" + str(i) for i in range(count)]
    started = time.time()
    post_until_acked(base, token, [
        {"eventId": u + "-e", "type": "view", "userId": u, "itemId": "probe"} for u in users])
    pending = set(users)
    while pending and time.time() - started < timeout:
        for u in list(pending):
            if views(base, token, u) == 1:
                pending.discard(u)
        if pending:
            time.sleep(0.1)
    return None if pending else time.time() - started


def stream_metrics(url):
    """Partitions assigned to Kafka Streams' main consumers and records processed, from /q/metrics."""
    try:
        with urllib.request.urlopen(url + "/q/metrics", timeout=10) as resp:
            text = resp.read().decode()
    except (urllib.error.URLError, OSError):
        return None
    assigned = processed = 0.0
    for line in text.splitlines():
        if line.startswith("kafka_consumer_coordinator_assigned_partitions{") and "StreamThread" in line \
                and "restore" not in line:
            assigned += float(line.rsplit(" ", 1)[1])
        if line.startswith("kafka_stream_thread_process_total{"):
            processed += float(line.rsplit(" ", 1)[1])
    return assigned, processed


def assigned(url):
    metrics = stream_metrics(url)
    return None if metrics is None else metrics[0]


def run(base, token, events, shoppers, kill_at, kill_pid, survivor, out):
    run_id = "so%d" % int(time.time())
    batches = []
    for b in range(events // BATCH):
        batch = []
        for i in range(BATCH):
            n = b * BATCH + i
            batch.append({"eventId": "%s-%d" % (run_id, n), "type": "view",
                          "userId": "%s-u%d" % (run_id, n % shoppers), "itemId": "item-%d" % (n % 50)})
        batches.append(batch)
    acked = {}
    lock = threading.Lock()
    state = {"acked": 0, "retries": 0, "killed_at": None, "next": 0}
    killed = threading.Event()

    def worker():
        while True:
            with lock:
                if state["next"] >= len(batches):
                    return
                batch = batches[state["next"]]
                state["next"] += 1
            attempts = post_until_acked(base, token, batch)
            with lock:
                state["retries"] += attempts - 1
                for e in batch:
                    acked[e["userId"]] = acked.get(e["userId"], 0) + 1
                state["acked"] += len(batch)
                if state["acked"] >= kill_at and not killed.is_set():
                    os.kill(kill_pid, signal.SIGKILL)
                    state["killed_at"] = time.time()
                    killed.set()

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    before = assigned(survivor)
    killed.wait()
    holds_all = None
    while time.time() - state["killed_at"] < 180:
        now_assigned = assigned(survivor)
        if before is not None and now_assigned is not None and now_assigned >= 2 * before:
            holds_all = time.time() - state["killed_at"]
            break
        time.sleep(0.25)
    # Probe shoppers land on every partition: all visible = the survivor processes the dead one's share.
    takeover = probe(base, token, run_id + "-takeover", 32, 180)
    takeover = None if takeover is None else time.time() - state["killed_at"]
    for t in threads:
        t.join()
    result = {"run": run_id, "events": events, "shoppers": shoppers, "acked": state["acked"],
              "retried_batches": state["retries"], "post_seconds": round(time.time() - started, 1),
              "kill_after_acked": kill_at,
              "survivor_holds_all_seconds": None if holds_all is None else round(holds_all, 1),
              "takeover_seconds": None if takeover is None else round(takeover, 1), "per_shopper": acked}
    with open(out, "w") as f:
        json.dump(result, f)
    print("posted %d events (%d acknowledged, %d batches retried) in %.1f s; killed after %d acknowledged; "
          "the survivor held every partition %s s after the kill and had processed probes on all of them "
          "(behind the backlog) %s s after it"
          % (events, state["acked"], state["retries"], result["post_seconds"], kill_at,
             result["survivor_holds_all_seconds"], result["takeover_seconds"]))


def verify(base, token, out, timeout):
    with open(out) as f:
        result = json.load(f)
    expected = result["per_shopper"]
    deadline = time.time() + timeout
    while True:
        counted = {u: views(base, token, u) or 0 for u in expected}
        lost = sum(max(0, n - counted[u]) for u, n in expected.items())
        duplicated = sum(max(0, counted[u] - n) for u, n in expected.items())
        if (lost == 0 and duplicated == 0) or time.time() > deadline:
            break
        time.sleep(2)
    print("verified %d shoppers, %d acknowledged events: counted %d, lost %d, duplicated %d"
          % (len(expected), sum(expected.values()), sum(counted.values()), lost, duplicated))
    return 0 if lost == 0 and duplicated == 0 else 1


def streams_share(urls):
    """Prints each instance's share; exit 1 when one of them holds no partition."""
    split = True
    for url in urls:
        metrics = stream_metrics(url)
        if metrics is None:
            print("%s: unreachable" % url)
            split = False
            continue
        print("%s: %d partitions assigned to Kafka Streams, %d records processed" % (url, metrics[0], metrics[1]))
        split &= metrics[0] > 0
    return 0 if split else 1


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "run":
        run(args[0], args[1], int(args[2]), int(args[3]), int(args[4]), int(args[5]), args[6], args[7])
    elif cmd == "probe":
        took = probe(args[0], args[1], args[2], int(args[3]), float(args[4]))
        print("none" if took is None else "%.1f" % took)
    elif cmd == "verify":
        sys.exit(verify(args[0], args[1], args[2], float(args[3])))
    elif cmd == "streams-share":
        sys.exit(streams_share(args))
    else:
        print(__doc__)
        sys.exit(2)
