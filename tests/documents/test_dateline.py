"""Datelines and bylines: where, when and by whom a story was filed, never its text."""

from __future__ import annotations

import pytest

from newsevents.documents.dateline import dateline_day, find_dateline


@pytest.mark.parametrize(
    ("text", "place", "region", "date", "agency", "rest"),
    [
        ("UNITED NATIONS, March 5 - Pakistan complained", "UNITED NATIONS", None, "March 5",
         None, "Pakistan complained"),
        ("CALGARY, Alberta, March 12 - Dome said", "CALGARY", "Alberta", "March 12", None,
         "Dome said"),
        ("Toronto, April 13 - A takeover battle began", "Toronto", None, "April 13", None,
         "A takeover battle began"),
        ("WASHINGTON (Reuters) - The head of", "WASHINGTON", None, None, "Reuters",
         "The head of"),
        ("(Reuters) - U.S. Senator Al Franken will", None, None, None, "Reuters",
         "U.S. Senator Al Franken will"),
        ("SAN SALVADOR, 3 JAN 90 -- [REPORT] [ARMED FORCES PRESS COMMITTEE, COPREFA] [TEXT] "
         "THE ARCE BATTALION", "SAN SALVADOR", None, "3 JAN 90", None, "THE ARCE BATTALION"),
        ("MADRID (SPAIN), 26 JAN 89 (RNE) -- [TEXT] NAPOLEON DUARTE", "MADRID", "SPAIN",
         "26 JAN 89", "RNE", "NAPOLEON DUARTE"),
    ],
)  # fmt: skip
def test_datelines(text, place, region, date, agency, rest):
    found = find_dateline(text)
    assert found is not None
    assert (found.place, found.region, found.date, found.agency) == (place, region, date, agency)
    assert text[found.end :] == rest


@pytest.mark.parametrize(
    "text",
    [
        "Shell is to pay $1m to the ex-finance chief who stepped down.",
        "Japan - the world's second-largest economy - grew by 1%.",
        "George W Bush will display a more consensual approach.",
        "By any measure, New Yorker Dick Morris is that thing Americans love.",
        "Labour, Tories - all of them say so.",
    ],
)
def test_ordinary_first_sentences_are_no_dateline(text):
    assert find_dateline(text) is None


def test_a_byline_line_is_read_with_the_dateline():
    found = find_dateline("By Nick Assinder, BBC News website\nLONDON, May 4 - Voters went")
    assert found is not None
    assert found.byline == "Nick Assinder"
    assert found.place == "LONDON"
    found = find_dateline("By Jane Doe\nThe minister resigned.")
    assert found is not None and found.byline == "Jane Doe" and found.place is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY", "1990-01-03"),
        ("LONDON, March 5, 1987 - The pound", "1987-03-05"),
        ("LONDON, March 5 - The pound", None),  # no year: the record's own date must serve
        ("SAN SALVADOR, NO DATE (FBIS) -- [TEXT] RADIO", None),
    ],
)
def test_a_dateline_with_its_year_dates_the_story(text, day):
    assert dateline_day(find_dateline(text)) == day


def test_a_story_with_no_date_takes_its_datelines():
    from newsevents.documents import make_document
    from newsevents.model import Item

    item = Item(origin="test", content="BOGOTA, 7 JAN 90 (EFE) -- [TEXT] THE POLICE SAID.")
    assert make_document(item).published == "1990-01-07"


@pytest.mark.parametrize(
    ("text", "author", "rest"),
    [
        ("(Corrects the name of the agency in paragraph 3) By Jane Roe (Reuters) - The "
         "senator said", "Jane Roe", "The senator said"),
        ("(In this Dec. 13 story, corrects third paragraph) WASHINGTON (Reuters) - A former "
         "consultant", None, "A former consultant"),
    ],
)  # fmt: skip
def test_an_editors_note_and_inline_byline_before_the_dateline(text, author, rest):
    found = find_dateline(text)
    assert found is not None and found.byline == author
    assert text[found.end :] == rest


def test_a_parenthesis_with_no_dateline_after_it_is_text():
    assert find_dateline("(The figures are in dollars.) Exports rose 5%.") is None


def test_a_dateline_under_a_headline_line():
    text = ("ARGENTINA ACCUSES BRITAIN OVER FALKLANDS EXERCISES\n\nBUENOS AIRES, March 9 - "
            "Argentina accused Britain of staging military exercises.")
    found = find_dateline(text)
    assert found is not None and found.place == "BUENOS AIRES" and found.date == "March 9"
    assert text[found.start:found.end] == "BUENOS AIRES, March 9 - "
    assert text[found.end:].startswith("Argentina accused")


@pytest.mark.parametrize(
    "text",
    [
        "Blair defends terror law changes\n\nThe prime minister has defended the changes.",
        "Talks went on for hours.\nGENEVA, March 5 - the next line of a story",
    ],
)
def test_a_first_line_without_a_dateline_under_it_is_text(text):
    assert find_dateline(text) is None
