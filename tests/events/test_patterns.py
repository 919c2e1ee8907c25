"""Each pattern family on sentences written for these tests (not from any eval set)."""

from __future__ import annotations

import pytest

# sentence, CAMEO root, source country, target country (None = no target)
ROOTS = [
    ("The French foreign minister met his Indian counterpart in Paris on Monday.", "04", "FRA", "IND"),
    ("Chinese President Xi Jinping visited Moscow last week.", "04", "CHN", "RUS"),
    ("Germany hosted Polish officials for talks on border security.", "04", "DEU", "POL"),
    ("Japan's prime minister spoke by telephone with the Australian leader.", "04", "JPN", "AUS"),
    ("The Kenyan government praised Ethiopia for its role in the peace process.", "05", "KEN", "ETH"),
    ("Turkey and Qatar signed a defence agreement in Ankara.", "05", "TUR", "QAT"),
    ("The European Union will provide 50 million euros in humanitarian aid to Yemen.", "03", None, "YEM"),
    ("Norway gave emergency food aid to Somalia on Friday.", "07", "NOR", "SOM"),
    ("Israeli forces released 20 Palestinian prisoners on Tuesday.", "08", "ISR", "PSE"),
    ("Pakistan called on India to resume talks over Kashmir.", "02", "PAK", "IND"),
    ("Iran demanded that the United States lift its sanctions.", "10", "IRN", "USA"),
    ("Russia condemned the Ukrainian government for the attack.", "11", "RUS", "UKR"),
    ("The Venezuelan government rejected a Colombian proposal for talks.", "12", "VEN", "COL"),
    ("North Korea threatened South Korea with military action.", "13", "PRK", "KOR"),
    ("Thousands of Serbian students protested against the government in Belgrade.", "14", "SRB", "SRB"),
    ("Sudanese police arrested dozens of opposition activists in Khartoum.", "17", "SDN", "SDN"),
    ("Nigerian troops attacked a Boko Haram camp in Borno state on Sunday.", "19", "NGA", "NGA"),
    ("Gunmen abducted three Nigerian aid workers near Maiduguri.", "18", None, "NGA"),
    ("The United States imposed sanctions on Venezuela on Wednesday.", "16", "USA", "VEN"),
    ("Russian warplanes bombed rebel positions in Idlib, killing at least 12 people.", "19", "RUS", None),
]


@pytest.mark.parametrize(("text", "root", "source", "target"), ROOTS)
def test_roots(code_sentence, text, root, source, target):
    events = code_sentence(text)
    roots = {(e.cameo_root, e.source.country if e.source else None) for e in events}
    match = [e for e in events if e.cameo_root == root]
    assert match, f"no {root} event in {[(e.cameo, e.rule) for e in events]}"
    e = match[0]
    if source is not None:
        assert e.source is not None and e.source.country == source, roots
    if target is not None:
        assert e.target is not None and e.target.country == target, (e.target, roots)


def test_negation_is_a_modality(code_sentence):
    events = code_sentence("Egypt did not meet Sudanese officials on Monday.")
    consult = [e for e in events if e.cameo_root == "04"]
    assert consult and consult[0].modality == "negated"


def test_intent_verbs_recode_to_cameo_03(code_sentence):
    events = code_sentence("Japan vowed to provide economic aid to the Philippines.")
    assert any(e.cameo_root == "03" and e.modality == "intended" for e in events)


def test_threat_to_use_force_is_cameo_13(code_sentence):
    events = code_sentence("Azerbaijan threatened to attack Armenian positions near the border.")
    assert any(e.cameo_root == "13" and e.source.country == "AZE" for e in events)


def test_appeal_makes_the_appealed_party_the_target(code_sentence):
    events = code_sentence("The United Nations urged Ethiopia to hold talks with Tigrayan leaders.")
    appeal = [e for e in events if e.cameo_root == "02"]
    assert appeal and appeal[0].target.country == "ETH"


def test_conditional_withdrawal_is_a_threat(code_sentence):
    events = code_sentence("Kenya said it will withdraw its troops from Somalia unless funding is restored.")
    assert any(e.cameo_root == "13" for e in events)


def test_compound_actor_gives_one_event_per_actor(code_sentence):
    events = code_sentence("Greek and Turkish officials met in Brussels on Thursday.")
    sides = {frozenset((e.source.country, e.target.country)) for e in events if e.cameo_root == "04"}
    assert frozenset(("GRC", "TUR")) in sides


def test_claim_of_responsibility_gives_the_claimant(code_sentence):
    events = code_sentence("Al-Shabaab claimed responsibility for a bombing in Mogadishu on Friday.")
    claims = [e for e in events if e.cameo == "015"]
    assert claims and claims[0].source.group is not None
    acts = [e for e in events if e.cameo_root == "18"]
    assert acts and acts[0].claimed_by and acts[0].modality == "claimed"


def test_denial_of_a_meeting_is_not_asserted(code_sentence):
    events = code_sentence("Hamas officials never met Israeli negotiators in Cairo, a spokesman said.")
    assert all(e.modality != "asserted" for e in events if e.cameo_root == "04")


def test_political_battles_are_not_violence(code_sentence):
    events = code_sentence("The senator faces a difficult battle to win re-election in Ohio.")
    assert not [e for e in events if e.cameo_root in ("18", "19", "20")]


def test_verbal_attacks_are_criticism(code_sentence):
    events = code_sentence("The Brazilian president attacked Argentina's economic policy on Tuesday.")
    assert any(e.cameo_root == "11" for e in events)
    assert not [e for e in events if e.cameo_root == "19"]


def test_background_dates_are_in_the_past(code_sentence):
    events = code_sentence("The United States invaded Iraq in 2003.", published="2019-05-01")
    assert events and events[0].date.value == "2003" and events[0].date.precision == "year"


def test_statements_are_never_a_fallback(code_sentence):
    events = code_sentence("Officials said on Tuesday that the weather in Geneva was fine.")
    assert events == ()


@pytest.mark.parametrize(
    "text",
    [
        "A Kenyan government spokesman declined to say whether the minister would resign.",
        "The Egyptian foreign ministry refused to comment on the report.",
    ],
)
def test_declining_to_speak_is_decline_comment(code_sentence, text):
    events = code_sentence(text)
    assert [e.cameo for e in events] == ["011"], [(e.cameo, e.rule) for e in events]


@pytest.mark.parametrize(
    ("text", "spurious"),
    [
        ("The Brazilian nominee for the central bank withdrew his name from consideration.", "08"),
        ("Critics said the Canadian plan would blow apart the trade deal with Mexico.", "18"),
    ],
)
def test_figures_of_speech_are_not_violence_or_retreat(code_sentence, text, spurious):
    events = code_sentence(text)
    assert not [e for e in events if e.cameo_root == spurious], [(e.cameo, e.rule) for e in events]


def test_troops_withdrawing_is_still_a_retreat(code_sentence):
    events = code_sentence("Russian troops withdrew from the Ukrainian town of Kherson on Friday.")
    assert any(e.cameo == "0874" for e in events), [(e.cameo, e.rule) for e in events]
