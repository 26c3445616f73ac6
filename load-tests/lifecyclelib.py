#!/usr/bin/env python3
"""HTTP side of load-tests/lifecycle.sh (python3 standard library only).

Subcommands (BASE is http://127.0.0.1:PORT):
  wait-ready BASE TIMEOUT_S          poll /q/health/ready every 50 ms; print the seconds it took, exit 1 on timeout
  first-event BASE TOKEN             post one view for a new shopper, poll its activity every 10 ms;
                                     print the milliseconds from the POST to the read model showing it
  load BASE TOKEN RATE [BATCH]       post RATE events/s in batches of BATCH (default 50) from several threads
                                     until SIGTERM/SIGINT or the engine stops answering; print
                                     "sent accepted refused" (accepted = events in a 202)
  report RESULTS STARTED COMMIT CORES LOAD_START LOAD_END RATE SECONDS
                                     the markdown tables of lifecycle.sh's results (tab-separated rows:
                                     engine|baseline kind try ready_s first_ms|accepted exit_s exit_code
                                     halted redis_left)
  write-doc FILE TABLE               put TABLE between FILE's lifecycle generated markers
"""
import http.client
import json
import signal
import sys
import threading
import time
import urllib.parse
import uuid


def conn_for(base, timeout):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)


def request(base, method, path, token=None, body=None, timeout=10, conn=None):
    """One exchange; (status, body). Status 0 when the engine did not answer."""
    own = conn is None
    c = conn or conn_for(base, timeout)
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        body = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        return r.status, r.read()
    except (OSError, http.client.HTTPException) as e:
        if not own:
            c.close()
        return 0, str(e).encode()
    finally:
        if own:
            c.close()


def event(user, item, kind="view"):
    return {"eventId": str(uuid.uuid4()), "type": kind, "userId": user, "itemId": item}


def wait_ready(base, timeout_s):
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        status, _ = request(base, "GET", "/q/health/ready", timeout=5)
        if status == 200:
            print(f"{time.monotonic() - start:.2f}")
            return 0
        time.sleep(0.05)
    return 1


def first_event(base, token):
    user = "first-" + uuid.uuid4().hex[:12]
    conn = conn_for(base, 10)
    start = time.monotonic()
    status, body = request(base, "POST", "/v1/events", token, event(user, "item-1"), conn=conn)
    if status != 202:
        print(f"post answered {status}: {body[:200]!r}", file=sys.stderr)
        return 1
    path = "/v1/users/" + user + "/activity"
    while time.monotonic() - start < 60:
        status, body = request(base, "GET", path, token, conn=conn)
        if status == 200 and json.loads(body).get("counts", {}).get("view") == 1:
            print(f"{(time.monotonic() - start) * 1000:.0f}")
            return 0
        if status == 0:
            conn = conn_for(base, 10)
        time.sleep(0.01)
    print("not visible within 60 s", file=sys.stderr)
    return 1


def load(base, token, rate, batch):
    """Open loop: each of THREADS threads posts one batch every THREADS * batch / rate seconds."""
    threads = 4
    interval = threads * batch / rate
    stop = threading.Event()
    totals = {"sent": 0, "accepted": 0, "refused": 0}
    lock = threading.Lock()

    def on_signal(*_):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def worker(n):
        conn = conn_for(base, 10)
        users = [f"load-{n}-{i}" for i in range(50)]
        next_at = time.monotonic() + n * interval / threads
        failures = 0
        while not stop.is_set():
            pause = next_at - time.monotonic()
            if pause > 0:
                stop.wait(pause)
                if stop.is_set():
                    break
            next_at += interval
            events = [event(users[i % len(users)], f"item-{i % 200}") for i in range(batch)]
            status, body = request(base, "POST", "/v1/events", token, events, conn=conn)
            accepted = json.loads(body).get("accepted", 0) if status == 202 else 0
            with lock:
                totals["sent"] += batch
                totals["accepted"] += accepted
                totals["refused"] += batch - accepted
            if status == 0:
                conn = conn_for(base, 10)
                failures += 1
                if failures >= 20:
                    break  # the engine is gone
                stop.wait(0.1)
            else:
                failures = 0

    workers = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        while w.is_alive():
            w.join(0.2)
    print(f"{totals['sent']} {totals['accepted']} {totals['refused']}")
    return 0


BEGIN = "<!-- BEGIN GENERATED: lifecycle -->"
END = "<!-- END GENERATED: lifecycle -->"


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def median(values):
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def fmt(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows):
    """The per-try table of one engine's rows (kind try ready first|accepted exit code halted left)."""
    idle = {int(r[1]): r for r in rows if r[0] == "idle"}
    load = {int(r[1]): r for r in rows if r[0] == "load"}
    tries = sorted(set(idle) | set(load))
    out = [
        "| try | ready (s) | first event → read model (ms) | SIGTERM → exit, idle (s) | ready (s) | events acknowledged"
        " | SIGTERM → exit, under load (s) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    columns = {k: [] for k in ("ir", "first", "iexit", "lr", "acc", "lexit")}
    for t in tries:
        i, l = idle.get(t), load.get(t)
        cells = [
            number(i[2]) if i else None,
            number(i[3]) if i else None,
            number(i[4]) if i else None,
            number(l[2]) if l else None,
            number(l[3]) if l else None,
            number(l[4]) if l else None,
        ]
        for key, value in zip(columns, cells):
            columns[key].append(value)
        out.append(
            f"| {t} | {fmt(cells[0], 1)} | {fmt(cells[1], 0)} | {fmt(cells[2], 2)} | {fmt(cells[3], 1)}"
            f" | {fmt(cells[4], 0)} | {fmt(cells[5], 2)} |"
        )
    worst = {k: max((x for x in v if x is not None), default=None) for k, v in columns.items()}
    mid = {k: median(v) for k, v in columns.items()}
    out.append(
        f"| median | {fmt(mid['ir'], 1)} | {fmt(mid['first'], 0)} | {fmt(mid['iexit'], 2)} | {fmt(mid['lr'], 1)}"
        f" | {fmt(mid['acc'], 0)} | {fmt(mid['lexit'], 2)} |"
    )
    out.append(
        f"| p99 (largest of {len(tries)}) | {fmt(worst['ir'], 1)} | {fmt(worst['first'], 0)}"
        f" | {fmt(worst['iexit'], 2)} | {fmt(worst['lr'], 1)} | {fmt(worst['acc'], 0)} | {fmt(worst['lexit'], 2)} |"
    )
    codes = sorted({r[5] for r in rows})
    halted = sum(int(r[6] or 0) > 0 for r in rows)
    left = sum(r[7] == "1" for r in rows)
    hung = sum(r[5] == "137" for r in rows)
    out.append("")
    out.append(
        f"Exit codes: {', '.join(codes)}. Stops that ended in a halt at the end of the shutdown budget: {halted}"
        f" of {len(rows)}. Engines that hung (SIGKILLed by the script): {hung}. Engines whose Redis outlived"
        f" them: {left}."
    )
    return out, left, hung


def report(results, started, commit, cores, load_start, load_end, rate, seconds):
    rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
    out = [
        f"Run of {started} UTC on commit {commit}: {cores} cores (`nproc`), load average {load_start} at the"
        f" start and {load_end} at the end. Idle: one event posted once ready, SIGTERM shortly after it showed."
        f" Under load: {rate} events/s for {seconds} s, SIGTERM mid-load.",
        "",
    ]
    engine, left, hung = table([r[1:] for r in rows if r[0] == "engine"])
    out += engine
    baseline = [r[1:] for r in rows if r[0] == "baseline"]
    if baseline:
        lines, _, _ = table(baseline)
        out += ["", "The baseline engine, each try run right before the one above:", ""] + lines
    print("\n".join(out))
    return 0 if left == 0 and hung == 0 else 1


def write_doc(path, table_file):
    text = open(path, encoding="utf-8").read()
    table = open(table_file, encoding="utf-8").read().rstrip("\n")
    if BEGIN not in text or END not in text:
        print(f"{path} lacks the markers {BEGIN} … {END}", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + table + "\n" + END + tail)
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "wait-ready":
        return wait_ready(args[0], float(args[1]))
    if cmd == "first-event":
        return first_event(args[0], args[1])
    if cmd == "report":
        return report(*args)
    if cmd == "write-doc":
        return write_doc(args[0], args[1])
    if cmd == "load":
        return load(args[0], args[1], float(args[2]), int(args[3]) if len(args) > 3 else 50)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
