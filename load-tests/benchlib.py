#!/usr/bin/env python3
"""Small helpers for bench.sh (python3 standard library only).

Commands:
  freeport N                         print N free loopback TCP ports
  available BASE_URL                 print the optional API paths the engine's OpenAPI document lists
  memory PID REDIS_PORT BASE_URL     heap (after a GC), engine RSS, Redis RSS and used_memory as JSON
  wrk-rate FILE                      requests/s from wrk's output
  thread-cpu PID FILE                CPU time so far of each of the process's threads, as JSON, into FILE
  cpu-per-event BEFORE AFTER EVENTS  CPU seconds per 1,000 events between two thread-cpu files, by part, as JSON
  run-cpu BEFORE AFTER EVENTS CLIENT CPU seconds per 1,000 events of the engine (two thread-cpu files) and a
                                     client process (CLIENT CPU seconds), as JSON
  record FILE key=value...           append the JSON object read on stdin, plus the fields, to FILE
  median FILE figure key [filters]   median of a field over the matching records
  report RUN_DIR DOC                 write the results section and charts of DOC from RUN_DIR
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import urllib.request

MARK_BEGIN = "<!-- BEGIN GENERATED: {} -->"
MARK_END = "<!-- END GENERATED: {} -->"
OPTIONAL_PATHS = {
    "recommendations": "/v1/users/{userId}/recommendations",
    "similar": "/v1/items/{itemId}/similar",
    "trending": "/v1/trending",
    "profile": "/v1/users/{userId}/profile",
    "catalog": "/v1/catalog/items/{itemId}",
    "points": "/v1/users/{userId}/points",
}
TARGETS = {"R1": 0.5, "L1_p99_ms": 5.0, "F1_p99_ms": 250.0, "T1_eos": 20000.0, "T1_ratio": 0.7, "T1r": 0.5}


def freeport(n):
    socks = []
    for _ in range(int(n)):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()


def available(base_url):
    try:
        with urllib.request.urlopen(base_url + "/q/openapi?format=json", timeout=10) as r:
            paths = json.load(r).get("paths", {})
    except Exception:
        paths = {}
    print(" ".join(name for name, path in OPTIONAL_PATHS.items() if path in paths))


def redis_info(port):
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
        s.sendall(b"*2\r\n$4\r\nINFO\r\n$6\r\nmemory\r\n")
        data = b""
        while True:
            data += s.recv(65536)
            m = re.match(rb"\$(\d+)\r\n", data)
            if m and len(data) >= m.end() + int(m.group(1)):
                break
    info = {}
    for line in data.decode().splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            info[k] = v
    return info


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def memory(pid, redis_port, base_url):
    jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    heap = 0.0
    with urllib.request.urlopen(base_url + "/q/metrics", timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("jvm_memory_used_bytes") and 'area="heap"' in line:
                heap += float(line.rsplit(" ", 1)[1])
    redis_pid = subprocess.run(["pgrep", "-P", str(pid), "redis"], capture_output=True, text=True).stdout.split()
    info = redis_info(redis_port)
    print(json.dumps({
        "heapBytes": heap,
        "rssBytes": rss_kb(pid) * 1024,
        "redisRssBytes": rss_kb(redis_pid[0]) * 1024 if redis_pid else None,
        "redisUsedBytes": int(info.get("used_memory", 0)),
    }))


# What a thread's name (as the kernel keeps it: its first 15 characters) says it works for. First match wins.
THREAD_PARTS = [
    ("Kafka Streams", re.compile(r"StreamThread|^lodestone-[0-9a-f]{5}$")),
    ("Kafka clients' I/O", re.compile(r"^kafka-producer|^kafka-coordinat|^kafka-admin")),
    ("embedded broker", re.compile(r"^data-plane|^kafka-\d|^group-coordina|^TxnMarker|^AddPartitions|^ExpirationReap|"
                          r"^executor-|^LogDirFailure|^controller|^quorum|^raft|^broker-|^share-|^transaction|^kafka-log")),
    ("projections' consumers", re.compile(r"^smallrye-kafka")),
    ("event loops (HTTP, projections)", re.compile(r"^vert\.x-eventloo")),
    ("projection threads", re.compile(r"^lodestone-proje")),
    ("JIT", re.compile(r"CompilerThre")),
    ("GC", re.compile(r"^GC Thread|^G1 |^ZGC|^VM Thread")),
]


def thread_cpu(pid, path):
    ticks = os.sysconf("SC_CLK_TCK")
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[f"{tid} {name}"] = (int(fields[11]) + int(fields[12])) / ticks
    with open(path, "w") as f:
        json.dump(threads, f)


def thread_deltas(before_path, after_path):
    """CPU seconds of each thread between two thread-cpu files (a thread that ended meanwhile is not counted)."""
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    return {thread: seconds - before.get(thread, 0.0) for thread, seconds in after.items()}


def cpu_per_event(before_path, after_path, events):
    parts = {}
    for thread, seconds in thread_deltas(before_path, after_path).items():
        name = thread.split(" ", 1)[1]
        part = next((p for p, pattern in THREAD_PARTS if pattern.search(name)), "other")
        parts[part] = parts.get(part, 0.0) + seconds
    per = {part: round(seconds / float(events) * 1000, 3) for part, seconds in parts.items()}
    print(json.dumps({"cpuSecondsPer1000": round(sum(per.values()), 3), "parts": per}))


def run_cpu(before_path, after_path, events, client_seconds):
    # A whole run's CPU, where cpu_per_event has the engine's alone: T1 against its reference compares the
    # machine's work per event on both sides, the client that produces the events included.
    engine = sum(thread_deltas(before_path, after_path).values())
    client = float(client_seconds)
    per = lambda seconds: round(seconds / float(events) * 1000, 3)
    if client != client:  # a client that does not report its CPU (NaN): the engine's part only
        print(json.dumps({"cpuSecondsPer1000": None, "engine": per(engine), "client": None}))
        return
    print(json.dumps({"cpuSecondsPer1000": per(engine + client), "engine": per(engine), "client": per(client)}))


def wrk_rate(path):
    text = open(path).read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    print(json.dumps({
        "rps": float(m.group(1)) if m else None,
        "requests": int(total.group(1)) if total else None,
        "non2xx": int(errors.group(1)) if errors else 0,
    }))


def record(path, *pairs):
    raw = sys.stdin.read().strip().splitlines()
    obj = json.loads(raw[-1]) if raw else {}
    for pair in pairs:
        k, v = pair.split("=", 1)
        try:
            obj[k] = json.loads(v)
        except ValueError:
            obj[k] = v
    with open(path, "a") as f:
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def load(path):
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


def select(records, **filters):
    return [r for r in records if all(r.get(k) == v for k, v in filters.items())]


def values(records, key):
    return [r[key] for r in records if isinstance(r.get(key), (int, float))]


def median_cmd(path, figure, key, *filters):
    f = dict(p.split("=", 1) for p in filters)
    vs = values(select(load(path), figure=figure, **f), key)
    print(statistics.median(vs) if vs else "")


def spread(vs, fmt="{:,.1f}"):
    if not vs:
        return "not available", "", ""
    return fmt.format(statistics.median(vs)), fmt.format(min(vs)), fmt.format(max(vs))


def cell(vs, fmt="{:,.1f}"):
    if not vs:
        return "not available"
    med, lo, hi = spread(vs, fmt)
    return f"**{med}** ({lo} – {hi})" if len(vs) > 1 else f"**{med}**"


def verdict(value, target, higher_better=True):
    if value is None:
        return "not available"
    ok = value >= target if higher_better else value <= target
    return "meets" if ok else "**below target**"


def replace_section(doc, name, body):
    begin, end = MARK_BEGIN.format(name), MARK_END.format(name)
    text = open(doc).read() if os.path.exists(doc) else f"{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    pre, rest = text.split(begin, 1)
    _, post = rest.split(end, 1)
    with open(doc, "w") as f:
        f.write(pre + begin + "\n" + body.rstrip() + "\n" + end + post)


def machine_section():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
        except Exception:
            return ""
    lscpu = sh("lscpu | grep -E '^(Model name|Architecture|CPU\\(s\\)|Thread\\(s\\) per core|Core\\(s\\) per socket|Socket\\(s\\)|CPU max MHz|L2 cache|L3 cache|Hypervisor vendor)'")
    return "\n".join([
        f"- `nproc`: {sh('nproc')}",
        f"- kernel: `{sh('uname -srm')}`",
        f"- OS: {sh('. /etc/os-release && echo $PRETTY_NAME')}",
        f"- JDK: `{sh(os.path.join(os.environ.get('JAVA_HOME', '/usr'), 'bin', 'java') + ' -version 2>&1 | head -1')}`",
        f"- load average at report time: `{sh('cat /proc/loadavg')}`",
        "",
        "`lscpu` (excerpt):",
        "```", lscpu, "```",
        "`free -h`:",
        "```", sh("free -h"), "```",
    ])


def rates_from_timeline(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            s, produced, committed, lag, other = line.strip().split(",")
            rows.append((float(s), int(produced), int(committed), int(lag), int(other)))
    out = []
    for a, b in zip(rows, rows[1:]):
        dt = b[0] - a[0]
        if dt > 0:
            out.append((b[0], (b[2] - a[2]) / dt, (b[1] - a[1]) / dt, b[3]))
    return out


def charts(run_dir, records, img_dir):
    if not shutil.which("gnuplot"):
        return ["Charts skipped: `gnuplot` is not installed (`apt-get install -y gnuplot-nox`)."]
    os.makedirs(img_dir, exist_ok=True)
    notes = []
    # Latency percentiles: the median repetition's curve of every L1 target.
    series = []
    for target in sorted({r["target"] for r in select(records, figure="L1")}):
        reps = sorted(select(records, figure="L1", target=target), key=lambda r: r.get("p99") or 0)
        if not reps or not reps[len(reps) // 2].get("curve"):
            continue
        curve = reps[len(reps) // 2]["curve"]
        dat = os.path.join(run_dir, f"latency-{target}.dat")
        with open(dat, "w") as f:
            for i, (p, ms) in enumerate(curve.items()):
                f.write(f"{i} {p} {ms if ms is not None else 'NaN'}\n")
        series.append((target, dat))
    if series:
        png = os.path.join(img_dir, "latency.png")
        plots = ", ".join(f"'{d}' using 1:3:xtic(2) with linespoints lw 2 title '{t}'" for t, d in series)
        gp = (f"set terminal pngcairo size 900,500 noenhanced; set output '{png}'; "
              "set title 'L1: latency by percentile at half the maximum rate (open model)'; "
              "set xlabel 'percentile'; set ylabel 'ms'; set logscale y; set grid; set key left top; "
              f"plot {plots}")
        subprocess.run(["gnuplot", "-e", gp], check=False)
        notes.append("![L1 latency percentiles](benchmarks/latency.png)")
    # Throughput and lag over time: the last repetition of each guarantee.
    lines = []
    for guarantee in ("exactly_once_v2", "at_least_once"):
        reps = select(records, figure="T1", guarantee=guarantee)
        if not reps or not reps[-1].get("timeline") or not os.path.exists(reps[-1]["timeline"]):
            continue
        dat = os.path.join(run_dir, f"t1-{guarantee}.dat")
        with open(dat, "w") as f:
            for s, rate, produced, lag in rates_from_timeline(reps[-1]["timeline"]):
                f.write(f"{s:.2f} {rate:.0f} {produced:.0f} {lag}\n")
        lines.append(f"'{dat}' using 1:2 with lines lw 2 title 'processed/s {guarantee}'")
        lines.append(f"'{dat}' using 1:4 axes x1y2 with lines dt 2 title 'Streams lag {guarantee}'")
    if lines:
        png = os.path.join(img_dir, "throughput.png")
        gp = (f"set terminal pngcairo size 900,500 noenhanced; set output '{png}'; "
              "set title 'T1: events/s committed by Kafka Streams and consumer lag over time'; "
              "set xlabel 's'; set ylabel 'events/s'; set y2label 'lag (records)'; set ytics nomirror; "
              "set y2tics; set grid; set key outside bottom center horizontal; "
              f"plot {', '.join(lines)}")
        subprocess.run(["gnuplot", "-e", gp], check=False)
        notes.append("![T1 throughput and lag over time](benchmarks/throughput.png)")
    return notes


def t1_reference_pairs(records, guarantee):
    """(rep, T1 events/s, reference events/s, ratio) for every repetition of a guarantee with both figures."""
    t1 = {r.get("rep"): r.get("eventsPerSecond") for r in select(records, figure="T1", guarantee=guarantee)}
    ref = {r.get("rep"): r.get("eventsPerSecond") for r in select(records, figure="T1ref", guarantee=guarantee)}
    pairs = []
    for rep in sorted(set(t1) | set(ref), key=lambda x: (x is None, x)):
        a, b = t1.get(rep), ref.get(rep)
        pairs.append((rep, a, b, a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None))
    return pairs


def report(run_dir, doc):
    records = load(os.path.join(run_dir, "results.jsonl"))
    meta = json.load(open(os.path.join(run_dir, "meta.json")))
    out = []
    out.append(f"Run `{meta['started']}` → `{meta.get('finished', '?')}`, mode **{meta['mode']}**, commit "
               f"`{meta['commit']}`, engine `{meta['engineArgs']}`. Optional APIs found: "
               f"{', '.join(meta['available']) or 'none'}. Each figure: **median** (min – max) of "
               f"{meta['reps']} repetitions.")
    out.append("")
    if meta.get("warnings"):
        out.append(f"> **Engine errors during this run:** {meta['warnings'].strip()} Figures measured after the "
                   "first of them are not trustworthy; see the engine logs in the run directory and the findings below.")
        out.append("")
    seeds = select(records, figure="seed-events")
    if seeds:
        ev = sum(r.get("events", 0) for r in seeds)
        views = sum(r.get("views", 0) for r in seeds)
        carts = sum(r.get("carts", 0) for r in seeds)
        buys = sum(r.get("purchases", 0) for r in seeds)
        shoppers = sum(r.get("shoppers", 0) for r in seeds)
        cat = select(records, figure="seed-catalog")
        items = sum(r.get("items", 0) for r in cat if r.get("available"))
        out.append(f"Seeded: {items:,} catalog items{'' if items else ' (catalog API not available)'}, "
                   f"{ev:,} history events from {shoppers:,} shoppers through `POST /v1/events` "
                   f"(views {views:,} : carts {carts:,} : purchases {buys:,}; Zipf item popularity, "
                   f"exponent {meta['zipf']}).")
        out.append("")

    # Summary against the targets.
    r1 = values(select(records, figure="R1", target="recommendations"), "ratio")
    l1 = values(select(records, figure="L1", target="recommendations"), "p99")
    l1_spread = [r["p99"] / r["p50"] for r in select(records, figure="L1", target="recommendations")
                 if r.get("p99") is not None and r.get("p50")]
    r1_similar = values(select(records, figure="R1", target="similar"), "ratio")
    r1_trending = values(select(records, figure="R1", target="trending"), "ratio")
    f1 = values(select(records, figure="F1", target="recommendations"), "p99")
    eos = values(select(records, figure="T1", guarantee="exactly_once_v2"), "eventsPerSecond")
    alos = values(select(records, figure="T1", guarantee="at_least_once"), "eventsPerSecond")
    med = lambda vs: statistics.median(vs) if vs else None
    ratio = med(eos) / med(alos) if eos and alos else None
    t1r = [p[3] for p in t1_reference_pairs(records, "exactly_once_v2") if p[3] is not None]
    out += ["### Summary against the targets", "",
            "| figure | median (min – max) | target | verdict |", "| --- | --- | --- | --- |",
            f"| R1 recommendations ÷ ping max throughput | {cell(r1, '{:.3f}')} | ≥ 0.5 | {verdict(med(r1), 0.5)} |",
            f"| R1 `/similar` ÷ ping max throughput | {cell(r1_similar, '{:.3f}')} | ≥ 0.5 | {verdict(med(r1_similar), 0.5)} |",
            f"| R1 `/trending` ÷ ping max throughput | {cell(r1_trending, '{:.3f}')} | ≥ 0.5 | {verdict(med(r1_trending), 0.5)} |",
            f"| L1 recommendations p99 at half max (ms) | {cell(l1, '{:.2f}')} | ≤ 5 | {verdict(med(l1), 5, False)} |",
            f"| L1 recommendations p99 ÷ p50 | {cell(l1_spread, '{:.1f}')} | ≤ 5 | {verdict(med(l1_spread), 5, False)} |",
            f"| F1 freshness p99, event → recommendations (ms) | {cell(f1, '{:.0f}')} | ≤ 250 | {verdict(med(f1), 250, False)} |",
            f"| T1 exactly_once_v2 (events/s) | {cell(eos, '{:,.0f}')} | ≥ 20,000 | {verdict(med(eos), 20000)} |",
            f"| T1 exactly-once ÷ at-least-once | {('**%.2f**' % ratio) if ratio else 'not available'} | ≥ 0.7 | {verdict(ratio, 0.7)} |",
            f"| T1r = T1 ÷ reference (exactly-once) | {cell(t1r, '{:.2f}')} | ≥ 0.5 | {verdict(med(t1r), 0.5)} |",
            f"| *reference:* R1 activity ÷ ping | {cell(values(select(records, figure='R1', target='activity'), 'ratio'), '{:.2f}')} | – | – |",
            f"| *reference:* L1 ping p99 at the recommendations' rate, same client, right after (ms) | {cell(values(select(records, figure='L1', target='ping'), 'p99'), '{:.2f}')} | – | – |",
            f"| *reference:* L1 activity p99 at half max (ms) | {cell(values(select(records, figure='L1', target='activity'), 'p99'), '{:.2f}')} | – | – |",
            f"| *reference:* F1 freshness p99, event → activity (ms) | {cell(values(select(records, figure='F1', target='activity'), 'p99'), '{:.0f}')} | – | – |",
            f"| intake `POST /v1/events` (events/s) | {cell(values(seeds, 'eventsPerSecond'), '{:,.0f}')} | – | – |",
            ""]

    out += ["### R1 — maximum throughput relative to `GET /v1/ping`", "",
            f"wrk `{meta['wrk']}`, same client settings and token for every endpoint; ping and the endpoint "
            "alternate within each repetition.", "",
            "| endpoint | ping req/s | endpoint req/s | ratio | non-2xx |", "| --- | --- | --- | --- | --- |"]
    for target in meta["r1Targets"]:
        recs = select(records, figure="R1", target=target)
        if not recs:
            out.append(f"| {target} | | | not available | |")
            continue
        out.append(f"| {target} | {cell(values(recs, 'pingRps'), '{:,.0f}')} | {cell(values(recs, 'rps'), '{:,.0f}')} "
                   f"| {cell(values(recs, 'ratio'), '{:.3f}')} | {sum(values(recs, 'non2xx'))} |")
    out.append("")

    out += ["### L1 — latency at half the maximum rate, open model", "",
            "Open-loop client (`Bench openloop`, the wrk2 model): requests are due at fixed intervals, sent over "
            f"{meta.get('wrkConnections', '?')} persistent connections, and latency counts from the due time, so "
            "stalls are not hidden (no coordinated omission). Ping runs right after each repetition of "
            "recommendations, at the same rate with the same client: what the machine gives an endpoint that "
            "does nothing.", "",
            "| endpoint | rate req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for target in meta["l1Targets"]:
        recs = select(records, figure="L1", target=target)
        if not recs:
            out.append(f"| {target} | | not available | | | | |")
            continue
        out.append(f"| {target} | {cell(values(recs, 'rate'), '{:,.0f}')} | {cell(values(recs, 'p50'), '{:.2f}')} "
                   f"| {cell(values(recs, 'p99'), '{:.2f}')} | {cell(values(recs, 'p999'), '{:.2f}')} "
                   f"| {cell(values(recs, 'max'), '{:.1f}')} | {sum(values(recs, 'errors'))} |")
    out.append("")

    out += ["### F1 — freshness: `POST /v1/events` sent → visible through the read API", "",
            "A new shopper views a popular item X; the clock stops at the first read that reflects X "
            "(recommendations: a reason `because` X; profile: X listed; activity: X in `recentItems`). "
            "Background ingest load runs throughout.", "",
            "The intake's part: the probes' own `POST` to its 202 (p50, p99), and reads per probe (1.0 when the "
            "first read after the 202 already reflected X).", "",
            "| read API | p50 ms | p99 ms | max ms | misses (> timeout) | background events/s | POST → 202 p50 / p99 ms | reads per probe |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for target in ("recommendations", "profile", "activity"):
        recs = select(records, figure="F1", target=target)
        if not recs:
            out.append(f"| {target} | not available | | | | | | |")
            continue
        acks = (f"{cell(values(recs, 'ackP50'), '{:.0f}')} / {cell(values(recs, 'ackP99'), '{:.0f}')}"
                if values(recs, "ackP50") else "not measured")
        out.append(f"| {target} | {cell(values(recs, 'p50'), '{:.0f}')} | {cell(values(recs, 'p99'), '{:.0f}')} "
                   f"| {cell(values(recs, 'max'), '{:.0f}')} | {sum(values(recs, 'misses'))} "
                   f"| {cell(values(recs, 'backgroundEventsPerSecond'), '{:,.0f}')} | {acks} "
                   f"| {cell(values(recs, 'readsPerProbe'), '{:.2f}')} |")
    out.append("")

    out += ["### T1 — events/s through Kafka → Streams → Redis", "",
            "Events produced straight to `shopper-events` (the REST intake is not in the path) as fast as the "
            "broker accepts them; done when a sentinel per partition is visible in Redis and the Streams group "
            "has no lag. Events/s = events ÷ (first send → done); a repetition that did not finish within the "
            "timeout counts what Streams had committed of the source by then (marked incomplete).", "",
            "| processing guarantee | events | events/s | producer events/s | sentinels in Redis after (s) | all done after (s) | max Streams lag |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for guarantee in ("exactly_once_v2", "at_least_once"):
        recs = select(records, figure="T1", guarantee=guarantee)
        if not recs:
            out.append(f"| {guarantee} | | not available | | | | |")
            continue
        incomplete = [r for r in recs if not r.get("completed")]
        out.append(f"| {guarantee} | {recs[0].get('events', 0):,} | {cell(values(recs, 'eventsPerSecond'), '{:,.0f}')}"
                   f"{' (%d incomplete)' % len(incomplete) if incomplete else ''} "
                   f"| {cell(values(recs, 'produceRate'), '{:,.0f}')} | {cell(values(recs, 'sentinelSeconds'), '{:.1f}')} "
                   f"| {cell(values(recs, 'seconds'), '{:.1f}')} | {cell(values(recs, 'maxLag'), '{:,.0f}')} |")
    out.append("")
    out += ["T1r: each repetition of T1 is followed, on the same broker while the engine idles, by a reference "
            "Kafka Streams application (`Bench reference`: de-duplicate by event id, count per shopper, write each "
            "count; same partitions, replication, guarantee, commit interval and threads) taking the same number "
            "of generated events; done when its committed offsets reach the end of its input topic.", "",
            "CPU per 1,000 events of each side, from the kernel's counters: the engine's process (whose broker "
            "the reference uses too) and the benchmark's client process (T1's producer; the reference's producer "
            "and Streams application), start-up included. When both keep the machine busy, T1 ÷ reference follows "
            "reference ÷ T1 of these.", "",
            "| processing guarantee | repetition | T1 events/s | reference events/s | T1 ÷ reference "
            "| T1 CPU s per 1,000 events (engine + producer) | reference CPU s per 1,000 events (engine + its process) "
            "| reference ÷ T1, CPU |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    fmt = lambda v, f: f.format(v) if isinstance(v, (int, float)) else "not available"
    run_cpu_cell = lambda r: (f"{r['cpuSecondsPer1000']:.2f} ({r['engine']:.2f} + {r['client']:.2f})"
                              if r and isinstance(r.get("cpuSecondsPer1000"), (int, float)) else "not available")
    for guarantee in ("exactly_once_v2", "at_least_once"):
        refs = {r.get("rep"): r for r in select(records, figure="T1ref", guarantee=guarantee)}
        t1cpu = {r.get("rep"): r for r in select(records, figure="T1runcpu", guarantee=guarantee)}
        refcpu = {r.get("rep"): r for r in select(records, figure="T1refcpu", guarantee=guarantee)}
        for rep, a, b, q in t1_reference_pairs(records, guarantee):
            incomplete = refs.get(rep) is not None and not refs[rep].get("completed")
            c = (t1cpu.get(rep) or {}).get("cpuSecondsPer1000")
            d = (refcpu.get(rep) or {}).get("cpuSecondsPer1000")
            ratio = d / c if isinstance(c, (int, float)) and isinstance(d, (int, float)) and c else None
            out.append(f"| {guarantee} | {rep} | {fmt(a, '{:,.0f}')} | {fmt(b, '{:,.0f}')}"
                       f"{' (incomplete)' if incomplete else ''} | {fmt(q, '{:.2f}')} | {run_cpu_cell(t1cpu.get(rep))} "
                       f"| {run_cpu_cell(refcpu.get(rep))} | {fmt(ratio, '{:.2f}')} |")
    out.append("")
    cpu = [r for r in select(records, figure="T1cpu") if isinstance(r.get("parts"), dict)]
    if cpu:
        names = [p for p, _ in THREAD_PARTS] + ["other"]
        out += ["CPU of the engine's process (Kafka Streams, the embedded broker, projections, HTTP) per 1,000 "
                "events during each T1 repetition, from the kernel's per-thread counters, by what each thread "
                "works for (median over the repetitions, CPU seconds). On a saturated machine events/s swing "
                "with everything that shares the cores; CPU per event is the steadier figure to compare.", "",
                "| processing guarantee | total | " + " | ".join(names) + " |",
                "| --- | --- | " + " | ".join("---" for _ in names) + " |"]
        for guarantee in ("exactly_once_v2", "at_least_once"):
            recs = [r for r in cpu if r.get("guarantee") == guarantee]
            if recs:
                out.append(f"| {guarantee} | {cell(values(recs, 'cpuSecondsPer1000'), '{:.2f}')} | "
                           + " | ".join(cell([r["parts"].get(n, 0.0) for r in recs], '{:.2f}') for n in names) + " |")
        out.append("")
    for w in select(records, figure="T1-warmup"):
        out.append(f"Warm-up before the {w.get('guarantee')} repetitions (engine start {w.get('start')}): "
                   f"{w.get('events', 0):,} events took {w.get('seconds', 0):.1f} s"
                   f"{' — after a restart this includes the wait for the old Streams member to leave the group' if w.get('start', 1) > 1 else ''}.")
    out.append("")
    intake = values(seeds, "eventsPerSecond")
    out += ["Intake on its own (`POST /v1/events`, batches of 1,000, "
            f"{meta['seedConnections']} connections; each seeding chunk is one repetition): {cell(intake, '{:,.0f}')} events/s.", ""]

    out += ["### Memory", "",
            "Measured after a full GC (`jcmd GC.run`) and after the pipeline drained, before and after each "
            "seeding chunk; per 1,000 = growth over the chunk ÷ what the chunk added × 1,000.", "",
            "| metric | per 1,000 shoppers | per 1,000 items |", "| --- | --- | --- |"]
    mems = {r["label"]: r for r in select(records, figure="memory")}
    for key, label in (("heapBytes", "JVM heap (MB)"), ("rssBytes", "engine RSS (MB)"),
                       ("redisRssBytes", "Redis RSS (MB)"), ("redisUsedBytes", "Redis used_memory (MB)")):
        per = {}
        for kind, count_key in (("events", "shoppers"), ("catalog", "items")):
            vs = []
            for chunk in range(1, meta["chunks"] + 1):
                if chunk > 1:
                    before = mems.get(f"{kind}-{chunk - 1}")
                elif kind == "events":
                    before = mems.get(f"catalog-{meta['chunks']}") or mems.get("baseline")
                else:
                    before = mems.get("baseline")
                after = mems.get(f"{kind}-{chunk}")
                added = (select(records, figure="seed-events" if kind == "events" else "seed-catalog", chunk=chunk) or [{}])[0].get(count_key)
                if before and after and added and before.get(key) is not None and after.get(key) is not None:
                    vs.append((after[key] - before[key]) / added * 1000 / 1e6)
            per[kind] = cell(vs, "{:.2f}") if vs else "not available"
        out.append(f"| {label} | {per['events']} | {per['catalog']} |")
    base = mems.get("baseline")
    if base:
        out.append("")
        out.append(f"Baseline after start-up (empty): heap {base['heapBytes'] / 1e6:.0f} MB, engine RSS "
                   f"{base['rssBytes'] / 1e6:.0f} MB, Redis used_memory {base['redisUsedBytes'] / 1e6:.1f} MB.")
    out.append("")
    out += ["### Charts", ""] + charts(run_dir, records, os.path.join(os.path.dirname(doc), "benchmarks")) + [""]
    out.append(f"Raw records: `{os.path.join(run_dir, 'results.jsonl')}` (one JSON object per repetition).")
    replace_section(doc, "results", "\n".join(out))
    replace_section(doc, "machine", machine_section())


def main(argv):
    cmd, args = argv[0], argv[1:]
    {"freeport": freeport, "available": available, "memory": memory, "wrk-rate": wrk_rate,
     "thread-cpu": thread_cpu, "cpu-per-event": cpu_per_event, "run-cpu": run_cpu,
     "record": record, "median": median_cmd, "report": report}[cmd](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
