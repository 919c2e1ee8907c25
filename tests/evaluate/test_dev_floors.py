"""Accuracy floors on the labelled dev sets (../shared/eval/dev). They fail when a change
makes the coder worse; raise them when it gets better."""

from __future__ import annotations

import pytest

from newsevents.evaluate.devsets import score_cameo, score_plover
from tests.conftest import shared_path

# measured 2026-11-27: plover type 0.855, source country 0.867; cameo 0.781
# measured for issue 13: plover type 0.848, source country 0.903, target country 0.66 (of
# the 150 records whose gold names a target); cameo 0.812
PLOVER_TYPE_FLOOR = 0.84
PLOVER_SOURCE_FLOOR = 0.90
PLOVER_TARGET_FLOOR = 0.65
CAMEO_FLOOR = 0.80


@pytest.fixture(scope="module")
def plover(coder):
    return score_plover(shared_path("eval", "dev", "plover_gsr.jsonl"), coder)


def test_plover_type_accuracy(plover):
    assert plover["records"] == 165
    assert plover["plover_type_accuracy"] >= PLOVER_TYPE_FLOOR, plover["confusion"]


def test_plover_source_country_accuracy(plover):
    assert plover["source_country_accuracy"] >= PLOVER_SOURCE_FLOOR


def test_plover_target_country_accuracy(plover):
    assert plover["records_with_target"] == 150
    assert plover["target_country_accuracy"] >= PLOVER_TARGET_FLOOR


def test_cameo_root_with_actors(coder):
    result = score_cameo(shared_path("eval", "dev", "cameo_sentences.jsonl"), coder)
    assert result["root_accuracy_with_actors"] >= CAMEO_FLOOR, result["misses"]
