"""The PETRARCH verb dictionary converter, on excerpts written in its format here, and
the generated data against what the converter makes of ../shared's CAMEO.2.0.txt."""

from __future__ import annotations

import pytest

from newsevents.codebook import converted
from newsevents.codebook.petrarch import (
    Unconvertible,
    convert,
    known_codes,
    map_code,
    render,
    spacy_lemmatizer,
)
from tests.conftest import shared_path

KNOWN = frozenset({"020", "023", "0231", "0234", "042", "110", "121", "154", "160", "164",
                   "173", "190", "193"})

EXCERPT = """\
# a comment line
&MILITARY
+TROOPS
+ARMED_FORCES
+ARMY  # a comment after a member

&CURRENCY_
+CASH_
+DOLLAR

####### VERB PATTERNS #######

---  KILL   [190]  ---
KILL
SLAY {SLAYS SLAIN SLAYING}
+WIPE_OUT
MURDER [---]
+KILLED_AND {}
- * (IN {TRAINING ACCIDENT})                [---]     # KILL
- &MILITARY *                               [193]     # KILL
- * (IN SHOOTOUT)                           [193:193] # KILL
- * WHEN A SMALL &AIRCRAFT CRASHED          [---]     # KILL

---  ASK   [---]  ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
ASK     [020]
KILL
- * &CURRENCY                               [0231]    # ASK
- * {FINANCIAL HELP}                        [023]     # ASK
- * {FINANCIAL HELP}                        [0231]    # ASK
- * (FOR HELP) (IN SECURITY)                [0234]    # ASK
- * OFF TALKS                               [1642]    # CALL
- * (BEFORE COURT)                          [:173]    # APPEAR
- * FROM HEAT                               [042:043] # ASK
- POLITELY *                                [1213]    # ASK

~ a (a b ATTACK) SAY = a b 015
"""


def fake_lemmas(phrases):
    """Plural -s dropped: enough to show where the converter lemmatizes."""
    return [
        tuple(w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in p.split())
        for p in phrases
    ]


@pytest.fixture(scope="module")
def excerpt():
    return convert(EXCERPT, KNOWN, fake_lemmas)


def rules_of(d, block):
    return [r for r in d.rules if r.block == block]


def test_synsets_are_lemmatized_and_lose_their_no_plural_marks(excerpt):
    assert excerpt.synsets["military"] == ("troop", "armed force", "army")
    assert excerpt.synsets["currency"] == ("cash", "dollar")


def test_verb_forms_become_lemmas_and_irregular_forms_are_dropped(excerpt):
    verbs = {(v.block, v.lemma, v.particles): v for v in excerpt.verbs}
    assert verbs[("KILL", "kill", ())].code == "190"  # the block's code
    assert verbs[("KILL", "slay", ())].family == "verb-19"
    assert verbs[("KILL", "murder", ())].code == ""  # its own [---]: no event alone
    assert verbs[("KILL", "wipe", ("out",))].code == "190"  # multi-word: verb + particle
    assert verbs[("ASK", "ask", ("for",))].code == "020"
    # a verb belongs to the first block that lists it
    assert ("ASK", "kill", ()) not in verbs
    assert any("already in block KILL" in why for _, why, _ in excerpt.skipped)
    # coordinated verbs are coded one by one, not as a pair
    assert any("coordinated" in why for _, why, _ in excerpt.skipped)


def test_prepositional_phrases_and_braced_phrases(excerpt):
    kill = rules_of(excerpt, "KILL")
    null = next(r for r in kill if r.code == "---")
    assert null.family == "no-event"
    assert [(p.prep, p.noun) for p in null.preps] == [("in", "training accident")]
    ask = {r.line: r for r in rules_of(excerpt, "ASK")}
    helped = next(r for r in ask.values() if r.object == "financial help")
    security = next(r for r in ask.values() if len(r.preps) == 2)
    assert [(p.prep, p.noun) for p in security.preps] == [("for", "help"), ("in", "security")]
    # a bare preposition followed by a noun is a prepositional phrase (TABARI style)
    heat = next(r for r in ask.values() if r.preps and r.preps[0].prep == "from")
    assert heat.preps[0].noun == "heat"
    # a particle and an object: "called off talks"
    off = next(r for r in ask.values() if r.particles == ("off",))
    assert off.object == "talk"
    assert helped.code == "0231"  # the later of two patterns with the same conditions counts
    assert any("same conditions" in why for _, why, _ in excerpt.skipped)


def test_pre_verb_nouns_are_the_subject_and_synsets_stay_references(excerpt):
    rule = next(r for r in rules_of(excerpt, "KILL") if r.subject)
    assert rule.subject == "&military" and rule.code == "193"
    adverb = next(r for r in rules_of(excerpt, "ASK") if r.particles == ("politely",))
    assert adverb.subject == ""  # an adverb before the verb is the verb's advmod


def test_codes(excerpt):
    shootout = next(r for r in rules_of(excerpt, "KILL") if r.preps and r.preps[0].noun == "shootout")
    assert shootout.code == "193" and shootout.reciprocal
    court = next(r for r in rules_of(excerpt, "ASK") if r.passive)
    assert court.code == "173" and court.preps[0].noun == "court"
    assert map_code("042:043", KNOWN) == ("042", False, False, "")
    assert map_code("080!", KNOWN | {"080"})[0] == "080"
    assert map_code("1213", KNOWN)[0] == "121"  # unknown: its known parent, noted
    assert map_code("1642", KNOWN)[0] == "164"
    assert map_code("---", KNOWN)[0] == "---"
    with pytest.raises(Unconvertible):
        map_code("s", KNOWN)


def test_what_cannot_be_expressed_is_listed_with_the_reason(excerpt):
    reasons = {text.split("[")[0].strip(): why for _, why, text in excerpt.skipped if text}
    assert "clause" in reasons["- * WHEN A SMALL &AIRCRAFT CRASHED"]
    assert "transformation" in reasons["~ a (a b ATTACK) SAY = a b 015"]


def test_render_is_stable_and_carries_the_licence(excerpt):
    first = render(excerpt, "excerpt")
    assert first == render(convert(EXCERPT, KNOWN, fake_lemmas), "excerpt")
    for text in first.values():
        assert "Copyright (c) 2015 Open Event Data Alliance" in text
        assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in text


def test_rendered_data_loads_into_lookups(excerpt, tmp_path):
    for name, text in render(excerpt, "excerpt").items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "families.yaml").write_text(
        "targets: [dobj]\nfamilies:\n  no-event: {on: true}\n  pattern-19: {on: true}\n"
        "  pattern-02: {on: true}\n  verb-02: {on: true}\n",
        encoding="utf-8",
    )
    pools = converted.load_converted((), tmp_path)
    kill = pools["kill"]
    found = {p.id: p for e in kill for ps in e.pool.keyed.values() for p in ps}
    null = next(p for p in found.values() if p.is_null)
    assert null.prep_objects == (("in", frozenset({"training accident"})),)
    troops = next(p for p in found.values() if p.subject)
    assert troops.subject == frozenset({"troop", "armed force", "army"})  # expanded
    assert "troop" in kill[0].pool.keyed  # filed under its words
    assert "slay" in pools and len(pools["murder"]) == 1  # the block's patterns; no own code
    assert not any(p.code == "190" for e in kill for p in e.pool.open)  # verb-19 is off
    ask = pools["ask"]
    own = [p for e in ask for p in e.pool.open if p.family == "verb-02"]
    assert {p.id for p in own} == {"petrarch.ask.ask", "petrarch.ask.ask_for"}
    assert next(p for p in own if p.id.endswith("ask_for")).particles_all == {"for"}
    # "ask for" also reaches the block's patterns, needing its particle
    assert any(e.particles == {"for"} for e in ask)


def test_the_real_lemmatizer_lemmatizes_as_in_text():
    lemmas = spacy_lemmatizer()(["talks", "cease-fire", "armed forces"])
    assert lemmas == [("talk",), ("cease", "fire"), ("armed", "force")]


def test_generated_files_are_what_the_converter_makes():
    source = shared_path("reference", "petrarch2", "CAMEO.2.0.txt")
    d = convert(source.read_text("utf-8", errors="replace"), known_codes(), spacy_lemmatizer())
    for name, text in render(d, source.name).items():
        bundled = (converted.DATA / name).read_text("utf-8")
        assert bundled == text, f"{name} is stale: rerun python -m newsevents.codebook.petrarch"
    assert len(d.rules) > 4000 and len(d.verbs) > 1500
