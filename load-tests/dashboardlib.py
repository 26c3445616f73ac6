#!/usr/bin/env python3
"""Helpers of dashboard-clients.sh (python3 standard library only).

  dashboardlib.py clients BASE MARKETER_TOKEN N SECONDS OUT.json
      opens N dashboard streams (each with its own ticket), reads them for SECONDS, and writes per
      client: updates received, longest gap between updates, bytes.
  dashboardlib.py cpu PID SECONDS
      prints the CPU seconds PID (and its threads) used over SECONDS, from /proc/PID/stat.
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request


def ticket(base, token):
    req = urllib.request.Request(base + "/v1/dashboard/tickets", method="POST",
                                 headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)["ticket"]


def client(base, token, seconds, result, start_barrier, delay):
    # Streams open without a token (the ticket is in the query), so they draw from the anonymous
    # per-address budget (20 requests/s): clients from one address connect at 10 per second.
    time.sleep(delay)
    u = urllib.parse.urlparse(base)
    res = None
    try:
        t = ticket(base, token)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        conn.request("GET", "/v1/dashboard/stream?ticket=" + urllib.parse.quote(t),
                     headers={"Accept": "text/event-stream"})
        res = conn.getresponse()
        result["status"] = res.status
    except Exception as e:  # counted as not connected
        result["status"] = str(e)
    start_barrier.wait()
    if res is None or res.status != 200:
        return
    end = time.monotonic() + seconds
    last = None
    gaps = []
    updates = 0
    size = 0
    while time.monotonic() < end:
        try:
            line = res.fp.readline()
        except OSError:
            result["error"] = "read timed out"
            break
        if not line:
            break
        size += len(line)
        if line.startswith(b"data:"):
            now = time.monotonic()
            if last is not None:
                gaps.append(now - last)
            last = now
            updates += 1
    conn.close()
    result.update(updates=updates, max_gap=max(gaps) if gaps else None, bytes=size)


def clients(base, token, n, seconds, out):
    n, seconds = int(n), float(seconds)
    results = [dict() for _ in range(n)]
    barrier = threading.Barrier(n + 1)
    threads = [threading.Thread(target=client, args=(base, token, seconds, results[i], barrier, i / 10.0),
                                daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.monotonic()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - started
    updates = sorted(r.get("updates", 0) for r in results)
    gaps = sorted(r["max_gap"] for r in results if r.get("max_gap") is not None)
    summary = {
        "clients": n,
        "seconds": round(elapsed, 1),
        "connected": sum(1 for r in results if r.get("status") == 200),
        "read_errors": sum(1 for r in results if r.get("error")),
        "updates_min": updates[0],
        "updates_median": updates[len(updates) // 2],
        "updates_per_s_median": round(updates[len(updates) // 2] / elapsed, 2),
        "max_gap_s": round(gaps[-1], 2) if gaps else None,
        "bytes_per_client_per_s": round(sum(r.get("bytes", 0) for r in results) / n / elapsed),
    }
    with open(out, "w") as f:
        json.dump(summary, f)
    print(json.dumps(summary))


def cpu(pid, seconds):
    tick = os.sysconf("SC_CLK_TCK")

    def used():
        with open("/proc/%s/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    a = used()
    time.sleep(float(seconds))
    b = used()
    print("%.2f" % (b - a))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "clients":
        clients(*sys.argv[2:7])
    elif cmd == "cpu":
        cpu(*sys.argv[2:4])
    else:
        sys.exit("unknown command " + cmd)
