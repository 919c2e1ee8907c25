"""ACLED sub-event types from cue words, on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsevents.codebook import load_codebook
from newsevents.errors import CodebookError
from newsevents.events.acled import RULES_PATH, AcledClassifier, AcledLabel


@pytest.fixture(scope="module")
def clf() -> AcledClassifier:
    return AcledClassifier.load()


@pytest.fixture(scope="module")
def label(bare_nlp, clf):
    def run(text: str, cameo: str | None = None) -> str | None:
        result = clf.classify_span(bare_nlp(text), cameo=cameo)
        return result.label if result is not None else None

    return run


# At least one sentence for each of the 25 sub-event types and the 5 CASE classes outside
# ACLED; none of them comes from the dev set.
EXAMPLES = [
    # Battles
    ("Troops and militants exchanged fire for several hours near the border town.", "ARMED_CLASH"),
    ("Insurgents ambushed an army convoy on the highway, killing four soldiers.", "ARMED_CLASH"),
    ("The army recaptured the town from the militants after a week-long offensive.",
     "GOV_REGAINS_TERIT"),
    ("Iraqi forces liberated the old city from Islamic State militants.", "GOV_REGAINS_TERIT"),
    ("Taliban fighters overran the district headquarters after days of fighting.",
     "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("The town fell to the rebels on Saturday.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    # Explosions/Remote violence
    ("Warplanes struck rebel positions in the province overnight.", "AIR_STRIKE"),
    ("A drone strike killed three suspected militants in the tribal region.", "AIR_STRIKE"),
    ("Separatists shelled residential areas of the city, damaging several buildings.",
     "ART_MISS_ATTACK"),
    ("Militants fired rocket-propelled grenades at an army checkpoint.", "ART_MISS_ATTACK"),
    ("A roadside bomb exploded as a police vehicle passed, killing two officers.", "REM_EXPLOS"),
    ("Two children were wounded when a landmine went off in a field.", "REM_EXPLOS"),
    ("A suicide bomber blew himself up at a checkpoint, killing five.", "SUIC_BOMB"),
    ("A suicide car bomb exploded at the gates of the academy.", "SUIC_BOMB"),
    ("Assailants hurled a grenade at a police patrol, injuring three.", "GRENADE"),
    ("Rebels shot down a military helicopter over the region.", "ART_MISS_ATTACK"),
    ("Dozens were treated for suffocation after a sarin attack on the suburb.", "CHEM_WEAP"),
    ("Government forces dropped chlorine-filled barrel bombs on the town.", "CHEM_WEAP"),
    # Protests and riots
    ("Hundreds of teachers marched through the capital demanding higher pay.", "PEACE_PROTEST"),
    ("Residents staged a sit-in outside the governor's office over water shortages.",
     "PEACE_PROTEST"),
    ("Police used tear gas to disperse students protesting outside parliament.",
     "PROTEST_WITH_INTER"),
    ("Police detained dozens of demonstrators at an unauthorised rally.", "PROTEST_WITH_INTER"),
    ("Security forces opened fire on peaceful protesters with live ammunition, killing three.",
     "FORCE_AGAINST_PROTEST"),
    ("Protesters threw stones at police and set tyres on fire during the demonstration.",
     "VIOL_DEMONSTR"),
    ("Rioters torched cars and clashed with police in the city centre.", "VIOL_DEMONSTR"),
    ("An angry mob lynched a man accused of stealing a goat.", "MOB_VIOL"),
    ("A crowd of villagers beat a suspected thief to death.", "MOB_VIOL"),
    ("Angry crowds burned the police station after a man died in custody.", "VIOL_DEMONSTR"),
    ("Nurses went on strike over unpaid salaries.", "PEACE_PROTEST"),
    # Violence against civilians
    ("Gunmen opened fire on worshippers at a mosque, killing 12 people.", "ATTACK"),
    ("Boko Haram fighters killed 30 villagers in an overnight raid.", "ATTACK"),
    ("Soldiers raped several women during a raid on the village, a rights group said.",
     "SEX_VIOL"),
    ("Armed men abducted 30 schoolgirls from their dormitory overnight.", "ABDUCT_DISSAP"),
    # Strategic developments
    ("The government and the rebels signed a ceasefire agreement in the capital.", "AGREEMENT"),
    ("Forty rebel fighters surrendered to the army with their weapons.", "AGREEMENT"),
    ("Police arrested the opposition leader at his home on Monday.", "ARREST"),
    ("Hundreds of soldiers defected to the rebels over the weekend.", "CHANGE_TO_GROUP_ACT"),
    ("The army deployed reinforcements to the border region.", "CHANGE_TO_GROUP_ACT"),
    ("The army defused a bomb planted near the bridge.", "DISR_WEAP"),
    ("Security forces seized a large cache of weapons and ammunition in a raid.", "DISR_WEAP"),
    ("Security forces foiled a plot to bomb the embassy and arrested two men.", "DISR_WEAP"),
    ("Air defences intercepted two drones launched towards the city.", "DISR_WEAP"),
    ("The militia has established a new base on the outskirts of the town.", "HQ_ESTABLISHED"),
    ("Militiamen looted shops and set a market on fire.", "PROPERTY_DISTRUCT"),
    ("Rebel fighters entered the city without resistance after the army withdrew.",
     "NON_VIOL_TERRIT_TRANSFER"),
    ("Foreign troops handed over control of the air base to the national army.",
     "NON_VIOL_TERRIT_TRANSFER"),
    ("A mass grave containing 40 bodies was discovered near the town.", "OTHER"),
    ("The army staged a coup and suspended the constitution.", "OTHER"),
    # outside ACLED
    ("A magnitude 6.1 earthquake struck the region, killing dozens.", "NATURAL_DISASTER"),
    ("A fire broke out at a textile factory, killing 15 workers.", "MAN_MADE_DISASTER"),
    ("Police arrested a gang of drug traffickers and seized 200 kilograms of cocaine.",
     "ORG_CRIME"),
    ("The country expelled four diplomats and closed the embassy.", "DIPLO"),
    ("The two countries signed a trade agreement during the president's visit.", "DIPLO"),
    ("Health officials reported 300 new cases of the disease in the past 24 hours.",
     "NATURAL_DISASTER"),
    ("Storm Ciara battered the coast, uprooting trees and flooding roads.", "NATURAL_DISASTER"),
    ("A helicopter crashed in bad weather, killing all six people on board.",
     "MAN_MADE_DISASTER"),
    ("The militant group claimed responsibility for the bombing in a statement.", "ATTRIB"),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_written_examples(label, text, expected):
    assert label(text) == expected


def test_every_type_has_an_example_and_rules(clf):
    book = load_codebook()
    all_labels = {t.label for t in book.acled_types()}
    assert len(all_labels) == 30
    assert {expected for _, expected in EXAMPLES} == all_labels
    assert set(clf.labels) == all_labels


def test_result_carries_acled_names_and_cues(bare_nlp, clf):
    result = clf.classify_span(bare_nlp("A suicide bomber blew himself up at a checkpoint."))
    assert isinstance(result, AcledLabel)
    assert result.event_type == "Explosions/Remote violence"
    assert result.sub_event_type == "Suicide bomb"
    assert result.score >= 5
    assert "suicide bomber" in result.cues
    diplo = clf.classify_span(bare_nlp("The European Union imposed new sanctions on the regime."))
    assert diplo is not None and diplo.label == "DIPLO"
    assert diplo.event_type is None and diplo.sub_event_type is None


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # an agreement to investigate is no agreement between armed actors
        ("The government agreed to investigate the attack on the convoy.", "AGREEMENT"),
        # an attempt repelled is a clash, not a capture
        ("Government forces attempted to retake the town but were repelled by the rebels.",
         "GOV_REGAINS_TERIT"),
        # Amnesty International grants no amnesty
        ("Amnesty International said soldiers killed 50 civilians in the village.", "AGREEMENT"),
        # a crowd that goes home is not dispersed by force
        ("Protesters marched peacefully through the city and dispersed without incident.",
         "PROTEST_WITH_INTER"),
        # a protest against corruption is not organised crime
        ("Thousands of people marched in the capital against corruption.", "ORG_CRIME"),
        # aircraft delivered are not an air strike
        ("A first batch of fighter jets arrived from abroad on Monday.", "AIR_STRIKE"),
        # a gas leak at a plant is no chemical weapon
        ("Poisonous gas leaked from a chemical factory, sickening 200 residents.", "CHEM_WEAP"),
        # blaming someone for unrest is an attribution, not a riot
        ("The government blamed the opposition for the unrest.", "VIOL_DEMONSTR"),
        # gunmen who kill a policeman fight the state: a clash, not an attack on civilians
        ("Unknown gunmen shot dead a police officer at a checkpoint.", "ATTACK"),
        # "storm" as an assault is no weather
        ("Gunmen storm a university campus and take students hostage.", "NATURAL_DISASTER"),
        # a background clause about an old attack does not make the event
        ("Troops captured the town, which was the scene of a chemical attack in 2017.",
         "CHEM_WEAP"),
    ],
)
def test_tricky_negatives(label, text, wrong):
    assert label(text) != wrong


def test_no_label_without_evidence(label, bare_nlp, clf):
    assert label("The stock market rallied on Monday after the central bank cut rates.") is None
    assert label("The minister opened a new school in the northern district.") is None
    assert clf.classify_span(bare_nlp("")) is None


def test_negation_cancels_a_cue(label):
    assert label("No one was hurt in the blast, which damaged a shop front.") == "REM_EXPLOS"
    assert label("Rebels entered the town without firing a shot after troops pulled out.") == (
        "NON_VIOL_TERRIT_TRANSFER"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops recaptured the village on Sunday.", "GOV_REGAINS_TERIT"),
        ("Rebel fighters recaptured the village on Sunday.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Syrian forces took control of the town after heavy fighting.", "GOV_REGAINS_TERIT"),
        # the loser in a "from" phrase decides when the subject says nothing
        ("They retook the strategic town from government forces.",
         "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("The town fell to the army after a month-long siege.", "GOV_REGAINS_TERIT"),
    ],
)
def test_who_takes_territory(label, text, expected):
    assert label(text) == expected


def test_cameo_code_adds_evidence(label):
    vague = "Two sites near the border were hit on Tuesday."
    assert label(vague) is None
    assert label(vague, cameo="195") == "AIR_STRIKE"
    assert label(vague, cameo="194") == "ART_MISS_ATTACK"
    # a code with no defensible ACLED mapping changes nothing
    assert label(vague, cameo="010") is None


def test_cameo_does_not_override_strong_words(label):
    text = "A suicide bomber blew himself up at a checkpoint."
    assert label(text, cameo="190") == "SUIC_BOMB"


def test_snippet_prefers_the_lead_sentence(label):
    text = (
        "Gunmen stormed a school, killing ten students. "
        "Security forces later clashed with the attackers for two hours."
    )
    assert label(text) == "ATTACK"


def test_span_of_one_sentence(bare_nlp, clf):
    doc = bare_nlp("Police arrested the opposition leader on Monday. Later, a landmine exploded.")
    first, second = list(doc.sents)
    assert clf.classify_span(first).label == "ARREST"
    assert clf.classify_span(second).label == "REM_EXPLOS"


def test_load_is_cached_and_rejects_a_string():
    assert AcledClassifier.load() is AcledClassifier.load(())
    with pytest.raises(CodebookError):
        AcledClassifier.load("rules.yaml")


def test_user_rules_file_adds_cues(tmp_path, bare_nlp):
    extra = tmp_path / "my_acled.yaml"
    extra.write_text(
        "format: newsevents-acled-rules/1\n"
        "labels:\n"
        "  ARREST:\n"
        "    cues:\n"
        "      - weight: 8\n"
        "        phrases: [frogmarch|frogmarched]\n",
        encoding="utf-8",
    )
    other = tmp_path / "verbs.yaml"  # a pattern file in the same setting: not ours, skipped
    other.write_text("verbs: []\n", encoding="utf-8")
    table = tmp_path / "agents.tsv"
    table.write_text("term\tagent\n", encoding="utf-8")
    text = "Officers frogmarched the mayor out of the town hall."
    assert AcledClassifier.load().classify_span(bare_nlp(text)) is None
    mine = AcledClassifier.load([str(extra), str(other), str(table)])
    result = mine.classify_span(bare_nlp(text))
    assert result is not None and result.label == "ARREST" and result.cues == ("frogmarched",)
    # the bundled rules are still there
    assert mine.classify_span(bare_nlp("A suicide bomber blew himself up.")).label == "SUIC_BOMB"


_GROUP = "labels:\n  ARREST:\n    cues:\n      - "


@pytest.mark.parametrize(
    "body",
    [
        _GROUP + "weight: 2\n        phrases: [x]\n        colour: red\n",  # unknown key
        _GROUP + "phrases: [x]\n",  # no weight
        _GROUP + "weight: 2\n        phrases: [x]\n        near: ['@nowhere']\n",
        _GROUP + "weight: 2\n        phrases: ['x? y']\n",  # starts with an optional token
        _GROUP + "weight: 2\n        phrases: [x]\n        actor: alien\n",
        "settings:\n  speed: 3\n",
        "actors:\n  aliens: [martian]\n",
        "labels:\n  ARREST: 3\n",
    ],
)
def test_bad_user_rules_are_reported(tmp_path, body):
    path = tmp_path / "bad.yaml"
    path.write_text("format: newsevents-acled-rules/1\n" + body, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        AcledClassifier.load([str(path)])
    assert "bad.yaml" in str(err.value) or "acled rules" in str(err.value)


def test_bundled_rules_are_well_formed():
    text = RULES_PATH.read_text(encoding="utf-8")
    assert text.startswith("#") and "format: newsevents-acled-rules/1" in text


def test_long_hostile_input_is_bounded(bare_nlp, clf):
    text = "Gunmen opened fire on villagers. " * 400
    result = clf.classify_span(bare_nlp(text))
    assert result is not None and result.label == "ATTACK"


def test_unparsed_text_still_matches_word_forms(bare_nlp, clf):
    # without tagger and parser there are no lemmas or sentences: word forms still count
    doc = bare_nlp.make_doc("A suicide bomber blew himself up near the market.")
    result = clf.classify_span(doc)
    assert result is not None and result.label == "SUIC_BOMB"
