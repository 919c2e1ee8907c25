"""Stances taken in so many words: calls for, doubts cast, opposition voiced, accusations
denied, complaints about someone. Sentences written for these tests."""

import pytest


@pytest.mark.parametrize(
    ("text", "code", "source", "target"),
    [
        ("The Kenyan opposition called for new elections.", "020", "KENOPP", None),
        ("The Danish foreign minister cast doubt on the Russian proposal.", "012", "DNKGOV",
         "RUS"),
        ("The German chancellor voiced opposition to the French plan.", "110", "DEUGOV", "FRA"),
        ("The Greek government rejected allegations by Turkey that it had violated the "
         "airspace agreement.", "016", "GRCGOV", "TUR"),
        # the complaint's target is what it is about, not the council it went to
        ("Lebanon complained to the Security Council about Israeli air raids on its "
         "villages.", "114", "LBN", "ISR"),
        # a protest addressed to a government is a formal complaint, not a march
        ("Greece protested to Turkey over the arrest of two Greek soldiers.", "114", "GRC",
         "TUR"),
        ("The Egyptian foreign minister disagreed with the Israeli government over the "
         "border talks.", "110", "EGYGOV", "ISRGOV"),
        ("The Brazilian finance minister mocked the Argentine government on Monday.", "111",
         "BRAGOV", "ARGGOV"),
        # rallying behind someone backs them; a call received was made by its caller
        ("Kenyan opposition parties rallied behind the Ugandan president on Monday.", "051",
         "KENOPP", "UGAGOV"),
        ("The French president received a phone call from the German chancellor.", "041",
         "DEUGOV", "FRAGOV"),
        # the passive subject is what is condemned: its phrase names the target
        ("The Iraqi raid on the border post was condemned by Jordan.", "111", "JOR", "IRQ"),
    ],
)
def test_the_stance_is_coded(code_sentence, text, code, source, target):
    found = [e for e in code_sentence(text) if e.cameo == code]
    assert found, [e.cameo for e in code_sentence(text)]
    assert found[0].source is not None and found[0].source.code == source
    assert (found[0].target.code if found[0].target else None) == target


@pytest.mark.parametrize(
    ("text", "code", "target"),
    [
        # a state or a government protests by diplomatic note, and its protest is against
        # whoever the protest is about
        ("Japan protested over South Korea's decision to close its ports to Japanese "
         "trawlers.", "114", "KOR"),
        ("The Egyptian government protested the arrest of two Egyptian diplomats.", "114",
         None),
        # people protesting are a demonstration
        ("Thousands of Kenyan teachers protested over unpaid wages.", "141", None),
    ],
)
def test_who_protests_decides_complaint_or_demonstration(code_sentence, text, code, target):
    found = [e for e in code_sentence(text) if e.cameo_root in ("11", "14")]
    assert found and found[0].cameo == code, [(e.cameo, e.rule) for e in code_sentence(text)]
    assert (found[0].target.code if found[0].target else None) == target


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # the particle makes the verb a refusal of its object
        ("Portugal turned down a loan offer from the European Commission.", "PRT", "IGOEUREEC"),
        ("The Chilean government ruled out negotiations with Bolivia.", "CHLGOV", "BOL"),
        ("The Polish premier brushed aside the German proposal.", "POLGOV", "DEU"),
        ("A Kenyan court threw out the appeal by the Ugandan government.", "KENJUD", "UGAGOV"),
    ],
)
def test_phrasal_rejections(code_sentence, text, source, target):
    found = [e for e in code_sentence(text) if e.cameo_root == "12"]
    assert found, [(e.cameo, e.rule) for e in code_sentence(text)]
    assert found[0].source is not None and found[0].source.code == source
    assert found[0].target is not None and found[0].target.code == target


@pytest.mark.parametrize(
    "text",
    [
        # the same verbs with no refusal in them: a finding, a knob, a way taken
        "Greek police ruled out foul play in the death of the Albanian minister.",
        "The Turkish engineer turned down the heat in the Syrian embassy.",
        "The Nigerian convoy turned down a side road near the Chadian border.",
    ],
)
def test_phrasal_verbs_without_refusal(code_sentence, text):
    assert not [e for e in code_sentence(text) if e.cameo_root == "12"], [
        (e.cameo, e.rule) for e in code_sentence(text)]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # "is opposed to" is a stance its subject holds, not a thing done to it
        ("Poland is opposed to the Russian plan for the pipeline.", "POL", "RUS"),
        ("The Danish government remains opposed to Turkish membership of the union.",
         "DNKGOV", "TUR"),
        # with a "by" agent the passive is a passive
        ("The Russian plan was opposed by Norway.", "NOR", "RUS"),
    ],
)
def test_being_opposed_to(code_sentence, text, source, target):
    found = [e for e in code_sentence(text) if e.cameo_root == "12"]
    assert found, [(e.cameo, e.rule) for e in code_sentence(text)]
    assert found[0].source is not None and found[0].source.code == source
    assert (found[0].target.code if found[0].target else None) == target
