"""The ingest loop without a model: skipping, copies, resuming, back-pressure, batches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsevents.config import Settings, apply
from newsevents.model import CodedDocument, Item, Rejection
from newsevents.run import work
from newsevents.run.ingest import Ingest, IngestSummary, default_run_id
from newsevents.run.lazy import StartsWhenNeeded
from newsevents.run.seen import Seen, coded_copy
from newsevents.run.target import Target
from newsevents.store import Store, reader

from .fakes import FakeRunner, day, doc, story

SETTINGS = apply(Settings(), {"nlp.batch_size": 2, "store.batch_size": 3})


class Recording(Target):
    """A Target that remembers which batch each document was written in."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.batch_of: dict[str, int] = {}
        self.batches = 0

    def write(self, batch, rejections, run_id):  # type: ignore[no-untyped-def]
        self.batches += 1
        for coded in batch:
            self.batch_of[coded.document.id] = self.batches
        return super().write(batch, rejections, run_id)


def run(  # type: ignore[no-untyped-def]
    db: Path, entries, runner: FakeRunner | None = None, **kw
) -> tuple[IngestSummary, Recording]:
    runner = runner or FakeRunner()
    target = Recording(Store.open(db))
    target.start("run-test")
    try:
        job = Ingest(SETTINGS, target, runner, run_id="run-test", **kw)
        summary = job.run(entries)
    finally:
        target.close()
    return summary, target


def table(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:  # type: ignore[type-arg]
    with reader(db) as conn:
        return conn.execute(sql, params or []).fetchall()


def corpus() -> list:  # type: ignore[type-arg]
    """Ten stories, an exact copy of story 1 from another outlet, a near copy of story 4."""
    docs = [doc(f"s{i}", story(i), outlet="Wire", published=day(i)) for i in range(10)]
    exact = doc("copy-of-s1", docs[1].text, outlet="Daily", published=day(1))
    near = doc("near-s4", docs[4].text.replace("Officials said", "Officials told reporters"),
               outlet="Herald", published=day(4))
    return [*docs[:3], exact, *docs[3:6], near, *docs[6:]]


def test_copies_are_stored_with_the_original_events_not_coded(tmp_path: Path) -> None:
    runner = FakeRunner()
    summary, target = run(tmp_path / "s.duckdb", corpus(), runner)
    assert summary.documents == 12 and summary.coded == 10 and summary.duplicates == 2
    assert "copy-of-s1" not in runner.coded and "near-s4" not in runner.coded
    db = tmp_path / "s.duckdb"
    dup = dict(table(db, "SELECT doc_id, duplicate_of FROM documents "
                         "WHERE duplicate_of IS NOT NULL"))
    assert dup == {"copy-of-s1": "s1", "near-s4": "s4"}
    reports = table(db, "SELECT doc_id, event_id, evidence, outlet FROM reports ORDER BY doc_id")
    by_doc = {r[0]: r for r in reports}
    assert by_doc["copy-of-s1"][2] == by_doc["s1"][2]
    assert by_doc["copy-of-s1"][1] != by_doc["s1"][1]
    assert by_doc["copy-of-s1"][3] == "Daily"
    # the merged event counts the reprint as a second article from a second outlet
    merged = table(db, "SELECT num_articles, num_sources FROM events e JOIN event_reports r "
                       "ON r.event_id = e.event_id WHERE r.report_id = ?", [by_doc["s1"][1]])
    assert merged == [(2, 2)]
    # a copy is never written before its original (what makes a kill at any point safe)
    for copy, original in dup.items():
        assert target.batch_of[copy] >= target.batch_of[original]


def test_copy_offsets_point_at_the_evidence_in_the_copy() -> None:
    original = doc("a", story(7))
    shifted = doc("b", "A new first paragraph written by the second outlet.\n\n" + story(7))
    coded = coded_copy(shifted, "a", _events_of(original))
    event = coded.events[0]
    start, end = event.char_span
    assert shifted.text[start:end] == event.evidence
    m_start, m_end = event.mention_list[0].char_span
    assert shifted.text[m_start:m_end] == event.evidence
    assert event.doc_id == "b" and event.mention_list[0].doc_id == "b"
    assert coded.document.duplicate_of == "a"


def _events_of(d):  # type: ignore[no-untyped-def]
    from .fakes import code

    return code(d).events


def test_rerun_codes_nothing_and_changes_no_row(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    run(db, corpus())
    with Store.open(db) as store:
        before = store.counts()
    runner = FakeRunner()
    summary, _ = run(db, corpus(), runner)
    assert runner.coded == []
    assert summary.stored_before == 12 and summary.batches == 0
    with Store.open(db) as store:
        assert store.counts() == before


def test_resuming_after_a_partial_run_matches_a_clean_run(tmp_path: Path) -> None:
    clean, partial = tmp_path / "clean.duckdb", tmp_path / "partial.duckdb"
    run(clean, corpus())
    # a run that stopped after its first documents (the exact copy's original among them)
    run(partial, corpus()[:3])
    runner = FakeRunner()
    summary, _ = run(partial, corpus(), runner)
    assert summary.stored_before == 3
    assert sorted(runner.coded) == sorted(f"s{i}" for i in range(3, 10))
    for sql in ("SELECT doc_id, duplicate_of FROM documents ORDER BY doc_id",
                "SELECT event_id, doc_id, evidence FROM reports ORDER BY event_id",
                "SELECT event_id, num_articles, num_sources FROM events ORDER BY event_id"):
        assert table(partial, sql) == table(clean, sql)


def test_decisions_follow_input_order_whatever_order_results_come_in(tmp_path: Path) -> None:
    in_order, shuffled = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    run(in_order, corpus(), FakeRunner(window=1))
    runner = FakeRunner(window=4, hold_prepare=True)
    summary, _ = run(shuffled, corpus(), runner)
    assert summary.duplicates == 2 and sorted(runner.coded) == sorted(f"s{i}" for i in range(10))
    for sql in ("SELECT doc_id, duplicate_of FROM documents ORDER BY doc_id",
                "SELECT event_id, doc_id FROM reports ORDER BY event_id",
                "SELECT event_id, num_articles FROM events ORDER BY event_id"):
        assert table(shuffled, sql) == table(in_order, sql)


def test_other_languages_are_recorded_without_coding(tmp_path: Path) -> None:
    entries = [doc("fr", "Les pourparlers ont repris à Doha lundi.", language="fr"),
               doc("en", story(1))]
    runner = FakeRunner()
    summary, _ = run(tmp_path / "s.duckdb", entries, runner)
    assert runner.coded == ["en"]
    assert summary.skipped_language == 1 and summary.coded == 1
    assert table(tmp_path / "s.duckdb", "SELECT doc_id, language FROM documents ORDER BY 1") == [
        ("en", "en"), ("fr", "fr")]


def test_rejections_are_stored_and_counted(tmp_path: Path) -> None:
    seen: list[Rejection] = []
    entries = [Rejection("bad.bin", "binary file", "EV203"), doc("a", story(1))]
    summary, _ = run(tmp_path / "s.duckdb", entries, on_rejection=seen.append)
    assert [r.origin for r in seen] == ["bad.bin"]
    assert summary.rejected == 1 and summary.exit_code == 1
    assert table(tmp_path / "s.duckdb", "SELECT origin, code FROM rejections") == [
        ("bad.bin", "EV203")]


def test_chunks_in_flight_stay_within_the_window(tmp_path: Path) -> None:
    runner = FakeRunner(window=3)
    summary, target = run(tmp_path / "s.duckdb", (doc(f"d{i}", story(i)) for i in range(60)),
                          runner)
    assert summary.coded == 60
    assert runner.most_in_flight <= 3
    assert target.batches == 20  # 60 documents in batches of store.batch_size=3


def test_seen_forgets_after_two_windows() -> None:
    seen = Seen(window=2)
    docs = [doc(f"d{i}", story(i)) for i in range(6)]
    for d in docs[:2]:
        seen.add(d)
    assert seen.duplicate_of(replace(docs[0], id="x")) == "d0"
    for d in docs[2:6]:
        seen.add(d)
    assert not seen.has_id("d0")
    assert seen.duplicate_of(replace(docs[0], id="x")) is None
    assert seen.has_id("d5")


def test_summary_exit_codes() -> None:
    assert IngestSummary(documents=3, coded=3).exit_code == 0
    assert IngestSummary(documents=3, coded=2, rejected=1).exit_code == 1
    assert IngestSummary(rejected=2).exit_code == 2
    # documents read but every one failed to code: nothing usable
    assert IngestSummary(documents=2, rejected=2).exit_code == 2


def test_run_id_names_the_job(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("{}\n")
    assert default_run_id([str(f)]) == default_run_id([str(f.resolve())])
    assert default_run_id([str(f)]) != default_run_id([str(f)], "2020-01-01")


class _Coder:
    """Fails on any document whose text holds BOOM."""

    def code(self, documents):  # type: ignore[no-untyped-def]
        for d in documents:
            if "BOOM" in d.text:
                raise ValueError("exploded")
        return [CodedDocument(document=d) for d in documents]

    def code_one(self, document):  # type: ignore[no-untyped-def]
        return self.code([document])[0]


def test_a_document_the_coder_fails_on_becomes_a_rejection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(work, "coder_for", lambda settings: _Coder())
    chunk = [doc("a", story(1)), doc("b", "BOOM " + story(2)), doc("c", story(3))]
    out = work.code_chunk(chunk, SETTINGS)
    assert [i for i, _ in out] == ["a", "b", "c"]
    assert isinstance(out[0][1], CodedDocument) and isinstance(out[2][1], CodedDocument)
    rejected = out[1][1]
    assert isinstance(rejected, Rejection)
    assert rejected.origin == "test:b" and "ValueError: exploded" in rejected.reason


def _items(texts: list[tuple[str | None, str]]) -> list[Item]:
    return [Item(origin=f"test:{n}", content=text, id=doc_id, outlet="Wire",
                 published=day(n)) for n, (doc_id, text) in enumerate(texts)]


def test_a_rerun_over_stored_inputs_starts_no_worker_and_detects_no_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # items as sources yield them: some with a corpus id, some known only by their text
    texts = [(f"s{i}" if i % 2 else None, story(i)) for i in range(9)]
    texts.append(("copy-of-s1", story(1)))  # an exact copy under another id
    db = tmp_path / "s.duckdb"
    first, _ = run(db, _items(texts))
    assert first.coded == 9 and first.duplicates == 1

    def refuse() -> FakeRunner:
        raise AssertionError("a worker was started")

    def no_detection(text: str) -> str:
        raise AssertionError("a language was detected")

    monkeypatch.setattr("newsevents.documents.detect_language", no_detection)
    again, target = run(db, _items(texts), StartsWhenNeeded(refuse, workers=2))  # type: ignore[arg-type]
    assert again.documents == 10 and again.stored_before == 10
    assert again.coded == again.duplicates == again.written == 0 and target.batches == 0


def test_a_resumed_run_of_items_marks_the_copies_an_uninterrupted_one_marks(
    tmp_path: Path,
) -> None:
    texts = [(None, story(i)) for i in range(8)]
    near = story(2).replace("Officials said", "Officials told reporters")
    texts[6] = (None, near)  # a near copy of story 2, after it
    whole, half = tmp_path / "whole.duckdb", tmp_path / "half.duckdb"
    run(whole, _items(texts))
    run(half, _items(texts[:4]))  # killed after four, then started again over all eight
    resumed, _ = run(half, _items(texts))
    assert resumed.stored_before == 4 and resumed.duplicates == 1
    sql = "SELECT doc_id, duplicate_of, language FROM documents ORDER BY doc_id"
    assert table(half, sql) == table(whole, sql)
