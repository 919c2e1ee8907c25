"""Converted PETRARCH patterns in the coder, on sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsevents.codebook import load_codebook
from newsevents.codebook.patterns import load_patterns
from newsevents.events.coder import _match, find_candidates


@pytest.fixture(scope="module")
def all_on(tmp_path_factory):
    """Every converted family switched on, as a user's extra file does it."""
    path = tmp_path_factory.mktemp("petrarch") / "families.yaml"
    families = ["no-event"] + [f"{kind}-{r:02d}" for kind in ("pattern", "verb") for r in range(1, 21)]
    path.write_text(
        "petrarch:\n  families:\n" + "".join(f"    {f}: {{on: true}}\n" for f in families),
        encoding="utf-8",
    )
    return load_patterns((str(path),))


@pytest.fixture(scope="module")
def candidates(nlp):
    book = load_codebook()

    def run(text, patterns):
        doc = nlp(text)
        return find_candidates(doc, doc._.resolver, patterns, book)

    return run


def test_a_converted_pattern_codes_what_no_hand_written_one_does(candidates, all_on):
    found = candidates("Russian troops rushed to the Ukrainian border on Monday.", all_on)
    rushed = [c for c in found if c.trigger.lower_ == "rushed"]
    assert rushed and rushed[0].pattern.id.startswith("petrarch.")
    assert rushed[0].code == "154"  # "- * (TO BORDER) [154]" under RUSH
    assert rushed[0].target is not None and rushed[0].target.actor.country == "UKR"
    hand_only = replace(all_on, converted={})
    found = candidates("Russian troops rushed to the Ukrainian border on Monday.", hand_only)
    assert not [c for c in found if c.trigger.lower_ == "rushed"]


def test_a_null_pattern_suppresses_the_event_even_over_a_hand_written_one(candidates, all_on):
    found = candidates("Two soldiers were killed in a training accident.", all_on)
    assert not [c for c in found if c.root in ("18", "19", "20")]
    # the same sentence with no accident stays a killing
    found = candidates("Two soldiers were killed in an ambush near Aleppo.", all_on)
    assert [c for c in found if c.root in ("18", "19", "20")]


def test_hand_written_patterns_win_where_both_match(nlp, all_on):
    doc = nlp("Turkey called off talks with Greece.")
    called = next(t for t in doc if t.lower_ == "called")
    assert all_on.converted.get("call")  # converted patterns hold for "called off talks" too
    p = _match(called, all_on, doc._.resolver)
    assert p is not None and p.id == "reduce.halt-talks"


def test_plain_said_is_never_coded(candidates, all_on):
    found = candidates("The Iranian foreign minister said on Tuesday that talks would continue.", all_on)
    assert not [c for c in found if c.trigger.lower_ == "said"]


def test_a_verb_that_carries_another_event_is_not_coded_again(candidates, all_on):
    found = candidates("Rebels launched an attack on an army base in Homs on Monday.", all_on)
    assert [c for c in found if c.trigger.lower_ == "attack"]
    assert not [c for c in found if c.trigger.lower_ == "launched"]  # "- * ATTACK [190]"
    found = candidates("A spokesman for the Kenyan ministry declined to comment.", all_on)
    assert [c.code for c in found] == ["011"]  # not "comment" under a converted pattern too


def test_the_focus_vocabulary_holds_the_switched_on_converted_verbs(all_on):
    from newsevents.nlp.focus import vocabulary

    book = load_codebook()
    on = vocabulary(all_on, book)
    off = vocabulary(replace(all_on, converted={}), book)
    assert "rushed" in on.triggers and "rushed" not in off.triggers and "rushed" not in off.gated
