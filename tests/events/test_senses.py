"""Words read in the sense their complements give them, and acts that a sentence says
did not happen. Sentences written for these tests."""

import pytest


@pytest.mark.parametrize(
    ("text", "root"),
    [
        # "commit" and "undertake" with a bare object name the act, not a promise
        ("The Syrian government has undertaken an act of aggression against Turkey, "
         "the Turkish foreign minister said.", "03"),
        ("The Turkish prime minister said the Greek government had committed a grave error.",
         "03"),
        # suicide is nobody's assault
        ("Three Kenyan soldiers took their own lives at the barracks last year.", "18"),
        # schooling and worship are no visits
        ("The French president attended church in Lyon on Sunday.", "04"),
        # calling a strike is no calling it off
        ("Kenyan teachers called a nationwide strike over unpaid wages.", "08"),
        # winning an office is no arrest
        ("The Labour Party hopes to capture the presidency of the union next year.", "17"),
        # a plea in court asks nobody for anything
        ("The former Kenyan finance minister pleaded guilty to fraud charges on Monday.",
         "02"),
        # a warning of a danger threatens nobody
        ("The British prime minister warned party members about the dangers of disunity.",
         "13"),
        ("The Kenyan finance minister warned the cabinet of a risk of recession.", "13"),
        # figures are no acts: a fall to a tonnage is no refusal, a growth target no attack
        ("Australian beef output declined to 104,353 tonnes in January.", "12"),
        ("The South African government is targeting three pct real growth this year.",
         "11"),
        # calling something a name is no phone call
        ("Amnesty International called the Egyptian prison a national disgrace.", "04"),
        # a participle telling how something was said is no meeting or statement of its own
        ("Speaking to the Kenyan parliament on Tuesday, the Kenyan president said taxes "
         "would rise.", "04"),
        ("Commenting on the Ugandan decision, the Kenyan foreign minister said it was "
         "premature.", "01"),
    ],
)
def test_the_complement_decides_the_sense(code_sentence, text, root):
    assert not [e for e in code_sentence(text) if e.cameo_root == root]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("The new law bars Cuban citizens from travelling to the United States.", "04"),
        ("Ministers from Spain and Portugal were unable to agree on fishing quotas.", "03"),
        ("It was impossible for the Israeli and Syrian negotiators to agree on a ceasefire.",
         "03"),
    ],
)
def test_acts_kept_from_happening_are_not_asserted(code_sentence, text, root):
    # coded as negated, or not at all where a negated event has no target to stand on
    found = [e for e in code_sentence(text) if e.cameo_root == root]
    assert not [e for e in found if e.modality != "negated"]


def test_an_undertaking_to_act_is_still_a_promise(code_sentence):
    text = "The Iraqi government undertook to withdraw its troops from Kuwait."
    assert [e for e in code_sentence(text) if e.modality == "intended"]


@pytest.mark.parametrize(
    ("text", "demand"),
    [
        ("The Iranian foreign minister insisted that the two sides did not discuss oil.", False),
        ("The Arab League insisted that Israel withdraw from the occupied territories.", True),
        # an obligation a state's own people lay on it is a goal
        ("Egypt's exports can and must double by 2030, the Egyptian trade minister said.",
         False),
        ("The Egyptian foreign minister said Israel must withdraw from Gaza.", True),
    ],
)
def test_a_demand_asks_someone_else_for_an_act(code_sentence, text, demand):
    found = [e for e in code_sentence(text) if e.cameo_root == "10"]
    assert bool(found) == demand


def test_an_act_dated_after_the_story_has_not_happened_yet(code_sentence):
    found = code_sentence("Israeli and Syrian negotiators start talks in Washington tomorrow.",
                          "2020-03-04")
    talks = [e for e in found if e.cameo_root in ("03", "04")]
    assert talks and all(e.modality == "intended" for e in talks)
    done = code_sentence("Israeli and Syrian negotiators started talks in Washington on Monday.",
                         "2020-03-04")
    assert [e for e in done if e.cameo_root == "04" and e.modality == "asserted"]



def test_a_denial_covers_what_is_denied_not_the_clause_beside_it(code_sentence):
    # the denial is Syria's; Egypt's backing, joined to it by "but", is told as done
    text = ("Syria denied the allegations, but Egyptian President Hosni Mubarak backed "
            "the Syrian government on Monday.")
    backed = [e for e in code_sentence(text) if e.cameo == "051"]
    assert backed and backed[0].modality == "asserted", [
        (e.cameo, e.modality) for e in code_sentence(text)]
    denied = [e for e in code_sentence("The Iraqi government denied that its troops had "
                                       "attacked Kuwaiti border posts.") if e.cameo_root == "19"]
    assert denied and all(e.modality == "denied" for e in denied)


def test_a_warning_of_ones_own_response_is_still_a_threat(code_sentence):
    threats = [e for e in code_sentence("Iran warned the United States against attacking "
                                        "its ships.") if e.cameo_root == "13"]
    assert threats and threats[0].target is not None and threats[0].target.code == "USA"
    comment = [e for e in code_sentence("The Kenyan finance minister warned the cabinet of "
                                        "a risk of recession.") if e.cameo == "012"]
    assert comment, "a warning of a danger is a pessimistic comment (012)"


def test_a_call_for_someone_to_act_is_one_appeal_to_them(code_sentence):
    # the for-to clause names whom the appeal is to; the call and the act it asks for
    # are one appeal, coded as what it asks (025, to step down)
    events = code_sentence("Kenyan opposition leaders called for President Kibaki to step "
                           "down.", published="2005-01-20")
    appeals = [e for e in events if e.cameo_root == "02"]
    assert len(appeals) == 1, [(e.cameo, e.rule) for e in events]
    assert appeals[0].cameo == "025" and appeals[0].target is not None
    assert appeals[0].target.code == "KENGOV"


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan opposition leader said the Kenyan government should have acted sooner.",
        "The Ugandan foreign minister said Kenyan officials must have known about the raid.",
    ],
)
def test_a_modal_with_the_perfect_lays_no_duty(code_sentence, text):
    # "should have acted" reproaches what was not done; "must have known" infers
    assert not [e for e in code_sentence(text) if e.cameo_root == "10"]


def test_what_should_have_been_done_was_not(code_sentence):
    events = code_sentence("The Kenyan opposition leader said former President Daniel arap "
                           "Moi should have stepped down during the 1990s scandal.")
    assert not [e for e in events if e.cameo_root == "08" and e.modality == "asserted"]


@pytest.mark.parametrize(
    "text",
    [
        "If Iran accepts the European proposal, talks could resume next month.",
        "Up to 30 Labour MPs could oppose the British government's scheme.",
    ],
)
def test_a_frame_verb_under_if_or_could_is_not_asserted(code_sentence, text):
    assert not [e for e in code_sentence(text)
                if e.rule.startswith("verb:frame.") and e.modality == "asserted"]


def test_goods_measured_in_tonnes_are_still_aid(code_sentence):
    events = code_sentence("Uzbekistan sent 1,000 tons of grain to Afghanistan.")
    assert [e for e in events if e.cameo_root == "07"], [e.cameo for e in events]


def test_declining_to_comment_is_no_comment(code_sentence):
    events = code_sentence("The Malaysian trade minister declined to comment on Japanese trade "
                           "estimates.")
    codes = [e.cameo for e in events]
    assert "011" in codes and "010" not in codes, codes
