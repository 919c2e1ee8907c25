"""End-to-end scoring: a check set reports aggregate figures only; the incident readers."""

from pathlib import Path

from newsevents.evaluate.endtoend import is_check, redact
from newsevents.evaluate.eventloc import name_matches
from newsevents.evaluate.incidents import holds, police_labels
from newsevents.model import Actor, Count, Event


def test_check_results_lose_every_record_level_field(tmp_path):
    folder = tmp_path / "check"
    folder.mkdir()
    assert is_check(folder / "acled_subtypes.jsonl")
    assert not is_check(tmp_path / "dev" / "acled_subtypes.jsonl")
    result = {
        "acled_weighted_f1": 0.7,
        "errors": [{"id": "1"}],
        "confusion": {"A": {"B": 1}},
        "per_class": {"A": {}},
        "misses": ["x"],
        "text": "printable",
    }
    out = redact(result)
    assert out["acled_weighted_f1"] == 0.7
    assert not {"errors", "confusion", "per_class", "misses", "text"} & set(out)


def test_whole_word_matching():
    assert holds("FARABUNDO MARTI NATIONAL LIBERATION FRONT", "the Farabundo Marti National Liberation Front")
    assert holds("FMLN", "FMLN")
    assert not holds("FMLN", "FMLNX")
    assert not holds("THE", "the army")  # a function word alone finds nothing
    assert name_matches("Homs", "Homs province") and not name_matches("Homs", "Hama")


def _event(code, source=None, killed=None, modality="asserted"):
    counts = {"killed": Count(min=killed, max=killed, text=str(killed))} if killed else {}
    return Event(
        event_id="e", doc_id="d", evidence="", char_span=(0, 0), source=source, target=None,
        cameo=code, cameo_root=code[:2], goldstein=None, quad_class=4, plover={},
        counts=counts, modality=modality,
    )


def test_police_labels_come_from_police_events():
    police = Actor(name="police", agent="COP", code="INDCOP")
    mob = Actor(name="mob", agent="CVL", code="INDCVL")
    assert police_labels([_event("173", police)]) == {"ARREST", "ANY_ACTION"}
    assert police_labels([_event("190", police, killed=2)]) == {"FORCE", "KILL", "ANY_ACTION"}
    assert police_labels([_event("190", mob, killed=2)]) == set()
    assert police_labels([_event("173", police, modality="negated")]) == set()


def test_eval_cli_prints_no_records_of_a_check_set(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from newsevents.cli import cli

    folder = tmp_path / "check"
    folder.mkdir()
    path = folder / "acled_subtypes.jsonl"
    path.write_text(
        '{"id": "1", "text": "Rebels shelled the town of Kidal on Monday, killing two '
        'civilians.", "label": "ART_MISS_ATTACK", "earliest_subtask": 1}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "acled_weighted_f1" in result.output
    assert "Kidal" not in result.output and "confusion" not in result.output
    assert Path(path).exists()
