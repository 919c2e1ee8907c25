"""The API under load while an ingestion writes: latency percentiles, errors, dropped writes.

Method (everything on 127.0.0.1, every step a separate process):

1. Two fixed samples of real articles, in file order, from
   ../shared/corpus/reuters_politics_2017_isot_subset.jsonl: records
   1..``--docs`` (sample A) and the next ``--docs`` (sample B), written as
   JSONL into a temporary folder (never into the repository).
2. ``newsevents ingest A --db load.duckdb --no-progress`` builds the store;
   a copy of it is kept as the start of the reference store.
3. ``newsevents serve --db load.duckdb --host 127.0.0.1 --port FREE`` starts
   and is polled until ``/api/health`` answers 200.
4. ``newsevents ingest B`` into the same file in batches of
   ``--batch-size`` (default 4, for both its transactions and its spaCy
   batches, so the server sees many commits rather than one); once its first
   batch is visible through ``/api/health`` (the model loading before it is
   no test of anything), a load generator in its own process
   (multiprocessing, spawn) sends a fixed plan of ``--requests`` GET
   requests (default 2,000,
   seeded, so every run sends the same mix) over ``--concurrency`` threads
   (default 8, one httpx client each), stopping early after ``--seconds``
   (default 60). The plan covers every GET route of docs/api.md: health,
   meta, events with a range of filters (actor, countries, dyad, CAMEO
   root and code, quad class, PLOVER type, modality, text, place, near,
   outlet, date ranges, paging), one event by id (ids taken from the
   generator's latest event listing, since a write that merges a new
   report into an event can change its id), actors, places, documents,
   series (each period and group) and small exports in each format. Each
   request's latency (send to last body byte) and status are recorded, and
   the event totals ``/api/health`` reported, to show the readers saw the
   store grow while they read.
5. When both finish: "no dropped writes" means the ingestion exited 0 and
   the served store equals the reference, which is the copy from step 2
   with sample B ingested into it the same way (same file, same batch size)
   and no server running: row counts of every table, and the sets of
   document ids, report ids and merged-event ids, and a digest of every
   merged event's JSON.

Errors are any answer other than 2xx, or a transport error, by kind. A 404
on ``/api/events/{id}`` for an id that the store no longer holds at the end
is counted apart (``stale_ids``), since a merge renamed the event; one for
an id still present is an error.

Writes bench/results/load.json (``--out``) and prints it, with the machine's
CPU count and load average before and after: on a shared 2-core machine the
ingestion, the server and the generator compete for the same cores, so the
figures are those of a loaded machine, not of the server alone.
Usage: ``.venv/bin/python bench/load.py [--requests 2000] [--seconds 60]
[--concurrency 8] [--docs 60] [--batch-size 4] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import multiprocessing
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
BIN = Path(sys.executable).parent
SEED = 20261127

# (route name, path, query): the plan draws from these with equal weight per
# route, then uniformly among the route's variants. "{event_id}" is filled at
# request time.
ROUTES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "health": [("/api/health", {})],
    "meta": [("/api/meta", {})],
    "events": [
        ("/api/events", {}),
        ("/api/events", {"limit": 20, "offset": 20}),
        ("/api/events", {"limit": 1000}),
        ("/api/events", {"actor": "trump"}),
        ("/api/events", {"actor": "republican", "limit": 10}),
        ("/api/events", {"country": "USA"}),
        ("/api/events", {"source_country": "USA", "target_country": "RUS"}),
        ("/api/events", {"dyad": "USA,RUS"}),
        ("/api/events", {"dyad": "USA,PRK", "dyad_ordered": "true"}),
        ("/api/events", {"cameo_root": "04"}),
        ("/api/events", {"cameo": "19"}),
        ("/api/events", {"quad_class": "4"}),
        ("/api/events", {"plover": "CONSULT"}),
        ("/api/events", {"modality": "asserted", "limit": 50}),
        ("/api/events", {"text": "Senate"}),
        ("/api/events", {"place": "Washington"}),
        ("/api/events", {"near": "38.9,-77.0,500"}),
        ("/api/events", {"outlet": "Reuters", "offset": 10, "limit": 10}),
        ("/api/events", {"date_from": "2017-12", "date_to": "2017-12-31"}),
        ("/api/events", {"date_from": "2017-12-20", "country": "USA", "cameo_root": "01"}),
    ],
    "event": [("/api/events/{event_id}", {})],
    "actors": [
        ("/api/actors", {}),
        ("/api/actors", {"limit": 300}),
        ("/api/actors", {"country": "USA", "limit": 20}),
    ],
    "places": [
        ("/api/places", {"limit": 1000}),
        ("/api/places", {"date_from": "2017-12"}),
    ],
    "documents": [
        ("/api/documents", {}),
        ("/api/documents", {"limit": 10, "offset": 5}),
        ("/api/documents", {"actor": "trump", "limit": 20}),
    ],
    "series": [
        ("/api/series", {}),
        ("/api/series", {"by": "day", "group": "quad"}),
        ("/api/series", {"by": "month", "group": "dyad"}),
        ("/api/series", {"by": "year", "group": "country"}),
        ("/api/series", {"by": "week", "group": "root", "country": "USA"}),
    ],
    "export": [
        ("/api/export/gdelt", {"max_rows": 200}),
        ("/api/export/jsonl", {"max_rows": 200}),
        ("/api/export/csv", {"country": "USA", "max_rows": 200}),
        ("/api/export/acled", {"max_rows": 200}),
        ("/api/export/plover", {"max_rows": 200}),
        ("/api/export/parquet", {"max_rows": 200}),
    ],
}


def plan(n: int, seed: int = SEED) -> list[tuple[str, str, dict[str, Any]]]:
    rng = random.Random(seed)
    names = sorted(ROUTES)
    out = []
    for _ in range(n):
        name = rng.choice(names)
        path, query = rng.choice(ROUTES[name])
        out.append((name, path, query))
    return out


def write_samples(folder: Path, n: int) -> tuple[Path, Path]:
    lines = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            lines.append(line)
            if len(lines) >= 2 * n:
                break
    a, b = folder / "sample_a.jsonl", folder / "sample_b.jsonl"
    a.write_text("".join(lines[:n]), encoding="utf-8")
    b.write_text("".join(lines[n:]), encoding="utf-8")
    return a, b


def ingest_args(sample: Path, db: Path, batch_size: int) -> list[str]:
    # spaCy batches of the same size: otherwise the first 32 documents are all coded
    # before the first write, and a short load could end before any commit
    return [str(BIN / "newsevents"), "ingest", str(sample), "--db", str(db), "--no-progress",
            "--batch-size", str(batch_size), "--set", f"nlp.batch_size={batch_size}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def events_now(base: str) -> int | None:
    """The store's event total, or None while the server cannot say (503: busy)."""
    response = httpx.get(base + "/api/health", timeout=30)
    return int(response.json()["events"]) if response.status_code == 200 else None


def wait_first_commit(base: str, before: int | None, writer: subprocess.Popen[str],
                      timeout: float = 300.0) -> float:
    """Seconds until the store holds more events than ``before`` (a batch was committed)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and writer.poll() is None:
        now = events_now(base)
        if now is not None and now != before:
            break
        time.sleep(0.25)
    return time.monotonic() - started


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"newsevents serve exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"newsevents serve did not answer within {timeout:.0f}s")


# --- the load generator (a child process) -----------------------------------


def generate(base: str, n: int, concurrency: int, seconds: float, out: str) -> None:
    """Send ``plan(n)`` over ``concurrency`` threads until done or ``seconds`` pass."""
    todo = plan(n)
    lock = threading.Lock()
    next_index = 0
    records: list[dict[str, Any]] = []
    ids: list[str] = []
    with httpx.Client(base_url=base, timeout=30) as c:
        first = c.get("/api/events", params={"limit": 50})
        first.raise_for_status()
        ids.extend(e["event_id"] for e in first.json()["events"])
    started = time.monotonic()
    started_wall = time.time()
    deadline = started + seconds

    def worker() -> None:
        nonlocal next_index
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    if next_index >= len(todo) or time.monotonic() >= deadline:
                        return
                    name, path, query = todo[next_index]
                    next_index += 1
                    event_id = ids[next_index % len(ids)] if ids else "me-none"
                url = path.replace("{event_id}", event_id)
                sent = time.monotonic()
                t0 = time.perf_counter()
                status: int | None = None
                error = None
                body = b""
                try:
                    response = client.get(url, params=query)
                    body = response.content
                    status = response.status_code
                except httpx.HTTPError as exc:
                    error = type(exc).__name__
                ms = (time.perf_counter() - t0) * 1000
                record: dict[str, Any] = {"route": name, "ms": ms, "status": status,
                                          "error": error, "at": sent - started}
                if status is not None and status >= 400:
                    record["body"] = body[:300].decode("utf-8", "replace")
                if name == "event":
                    record["event_id"] = event_id
                if name == "health" and status == 200:
                    # shows the readers saw the store grow, batch by batch, while it was written
                    record["events"] = json.loads(body)["events"]
                if name == "events" and status == 200:
                    fresh = [e["event_id"] for e in json.loads(body)["events"]]
                    if fresh:
                        with lock:
                            ids[:] = fresh
                with lock:
                    records.append(record)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    Path(out).write_text(json.dumps({"seconds": time.monotonic() - started,
                                     "started_wall": started_wall,
                                     "planned": len(todo), "records": records}),
                         encoding="utf-8")


# --- figures ------------------------------------------------------------------


def pct(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_ms:
        return 0.0
    k = max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)
    return round(sorted_ms[k], 1)


def latency(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    return {"p50_ms": pct(s, 50), "p90_ms": pct(s, 90), "p99_ms": pct(s, 99),
            "max_ms": round(s[-1], 1) if s else 0.0}


def store_contents(db: Path) -> dict[str, Any]:
    """Row counts, key sets and a digest of the merged events, read-only."""
    from newsevents.store import open_reader

    with open_reader(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        counts = {}
        for table in tables:
            row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            counts[table] = int(row[0]) if row else 0
        docs = {r[0] for r in conn.execute("SELECT doc_id FROM documents").fetchall()}
        reports = {r[0] for r in conn.execute("SELECT event_id FROM reports").fetchall()}
        events = conn.execute("SELECT event_id, data FROM events ORDER BY event_id").fetchall()
    digest = hashlib.sha256()
    for event_id, data in events:
        digest.update(f"{event_id}\t{data}\n".encode())
    return {"counts": counts, "documents": docs, "reports": reports,
            "events": {e for e, _ in events}, "events_digest": digest.hexdigest()}


def compare(served: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    return {
        "documents": len(served["documents"]),
        "reports": len(served["reports"]),
        "events": len(served["events"]),
        "counts_equal": served["counts"] == reference["counts"],
        "document_ids_equal": served["documents"] == reference["documents"],
        "report_ids_equal": served["reports"] == reference["reports"],
        "event_ids_equal": served["events"] == reference["events"],
        "events_data_equal": served["events_digest"] == reference["events_digest"],
        "differing_counts": {t: [served["counts"].get(t), reference["counts"].get(t)]
                             for t in sorted(set(served["counts"]) | set(reference["counts"]))
                             if served["counts"].get(t) != reference["counts"].get(t)},
    }


def summarise(result: dict[str, Any], final_events: set[str]) -> dict[str, Any]:
    records = result["records"]
    errors: collections.Counter[str] = collections.Counter()
    stale = 0
    samples: dict[str, str] = {}
    by_route: dict[str, list[float]] = collections.defaultdict(list)
    route_errors: collections.Counter[str] = collections.Counter()
    for r in records:
        by_route[r["route"]].append(r["ms"])
        if r["error"] is not None:
            kind = r["error"]
        elif r["status"] >= 300:
            if (r["route"] == "event" and r["status"] == 404
                    and r["event_id"] not in final_events):
                stale += 1
                continue
            kind = f"HTTP {r['status']}"
        else:
            continue
        errors[kind] += 1
        route_errors[r["route"]] += 1
        samples.setdefault(kind, f"{r['route']}: {r.get('body', '')}")
    seconds = result["seconds"]
    seen = [r["events"] for r in sorted(records, key=lambda r: r["at"]) if "events" in r]
    return {
        "planned": result["planned"],
        "requests": len(records),
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(records) / seconds, 1) if seconds else 0.0,
        **latency([r["ms"] for r in records]),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "error_samples": samples,
        "stale_ids": stale,
        "store_events_seen": {"first": seen[0] if seen else None,
                              "last": seen[-1] if seen else None,
                              "distinct": len(set(seen))},
        "routes": {name: {"requests": len(ms), "errors": route_errors[name],
                          "p50_ms": latency(ms)["p50_ms"], "p99_ms": latency(ms)["p99_ms"]}
                   for name, ms in sorted(by_route.items())},
    }


def tail(path: Path, lines: int = 5) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return text.strip().splitlines()[-lines:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--docs", type=int, default=60, help="articles in each sample")
    parser.add_argument("--batch-size", type=int, default=4,
                        help="documents per transaction of the concurrent ingestion")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "load.json")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"../shared is absent ({CORPUS} not found): this benchmark reads the shared data",
              file=sys.stderr)
        return 2
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="newsevents-load-") as tmp_name:
        tmp = Path(tmp_name)
        sample_a, sample_b = write_samples(tmp, args.docs)
        db, reference = tmp / "load.duckdb", tmp / "reference.duckdb"

        started = time.perf_counter()
        built = subprocess.run(ingest_args(sample_a, db, args.batch_size),
                               capture_output=True, text=True, check=False)
        build_s = time.perf_counter() - started
        if built.returncode != 0:
            print(built.stderr, file=sys.stderr)
            return 2
        shutil.copy(db, reference)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = tmp / "serve.log"
        with server_log.open("wb") as log:
            server = subprocess.Popen(
                [str(BIN / "newsevents"), "serve", "--db", str(db), "--host", "127.0.0.1",
                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
        result_path = tmp / "generator.json"
        ingest_log = tmp / "ingest.log"
        generator = multiprocessing.get_context("spawn").Process(target=generate, args=(
            base, args.requests, args.concurrency, args.seconds, str(result_path)))
        writer: subprocess.Popen[str] | None = None
        try:
            ready_s = wait_ready(base, server)
            events_before = events_now(base)
            load_started = time.monotonic()
            ingest_wall = time.time()
            with ingest_log.open("w") as log_file:
                writer = subprocess.Popen(ingest_args(sample_b, db, args.batch_size),
                                          stdout=log_file, stderr=subprocess.STDOUT, text=True)
                # the load starts with the writes, not with the model loading before them
                first_commit_s = wait_first_commit(base, events_before, writer)
                generator.start()
                ingest_rc = writer.wait()
                ingest_s = time.monotonic() - load_started
                generator.join()
            load_s = time.monotonic() - load_started
        finally:
            # nothing this script started may outlive it, whatever stopped it
            if writer is not None and writer.poll() is None:
                writer.kill()
                writer.wait()
            if generator.pid is not None and generator.is_alive():
                generator.terminate()
                generator.join()
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if generator.exitcode != 0 or not result_path.exists():
            print(f"load generator failed ({generator.exitcode})", file=sys.stderr)
            return 2

        served = store_contents(db)
        ref_run = subprocess.run(ingest_args(sample_b, reference, args.batch_size),
                                 capture_output=True, text=True, check=False)
        clean = store_contents(reference)
        raw = json.loads(result_path.read_text(encoding="utf-8"))
        load = summarise(raw, served["events"])
        # wall clocks, because the generator's own clock starts in another process
        ingest_end = ingest_wall + ingest_s - raw["started_wall"]
        during = sum(1 for r in raw["records"] if r["at"] <= ingest_end)
        writes = compare(served, clean)
        writes.update(ingest_exit=ingest_rc, reference_ingest_exit=ref_run.returncode,
                      ok=(ingest_rc == 0 and ref_run.returncode == 0 and writes["counts_equal"]
                          and writes["document_ids_equal"] and writes["report_ids_equal"]
                          and writes["event_ids_equal"] and writes["events_data_equal"]))
        server_errors = [line for line in tail(server_log, 400)
                         if "Traceback" in line or "ERROR" in line or "WARNING" in line][-10:]
        result = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform(), "load_before": load_before,
                        "load_after": [round(x, 2) for x in os.getloadavg()]},
            "setup": {"corpus": CORPUS.name, "docs_per_sample": args.docs,
                      "batch_size": args.batch_size, "concurrency": args.concurrency,
                      "max_requests": args.requests, "max_seconds": args.seconds,
                      "seed": SEED, "build_s": round(build_s, 1),
                      "server_ready_s": round(ready_s, 1)},
            "load": load,
            "ingestion": {"seconds": round(ingest_s, 1), "exit": ingest_rc,
                          "first_commit_s": round(first_commit_s, 1),
                          "requests_during": during, "summary": tail(ingest_log, 3)},
            "load_phase_s": round(load_s, 1),
            "no_dropped_writes": writes,
            "server_log": server_errors,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if load["errors"] == 0 and writes["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
