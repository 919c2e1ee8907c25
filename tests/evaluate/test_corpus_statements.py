"""Over the 982 Reuters politics articles: the coder runs clean and every "make a
statement" event (CAMEO 01) comes from a statement pattern, never from a fallback when
nothing else matched (the PETRARCH failure its users report)."""

from __future__ import annotations

import collections

import pytest

from newsevents.config import Settings
from newsevents.model import Rejection
from newsevents.run.batch import code_inputs
from tests.conftest import shared_path

STATEMENT_RULES = ("verb:statement.", "derived:claim.")


@pytest.mark.slow
def test_reuters_politics_codes_cleanly_and_statements_come_from_patterns():
    corpus = shared_path("corpus", "reuters_politics_2017_isot_subset.jsonl")
    roots: collections.Counter[str] = collections.Counter()
    documents = 0
    for entry in code_inputs([str(corpus)], Settings()):
        assert not isinstance(entry, Rejection), entry
        documents += 1
        for event in entry.events:
            roots[event.cameo_root] += 1
            if event.cameo_root == "01":
                assert event.rule.startswith(STATEMENT_RULES), (event.rule, event.evidence)
            assert event.source is not None or event.cameo_root in ("18", "19", "20")
    assert documents == 982
    # a political corpus: talks, appeals, criticism and rejections dominate, violence is rare
    assert sum(roots.values()) > 1000
    assert roots["04"] > roots["19"]
