"""Counts from news copy: figures tied to what they count, ACLED rules for vague ones."""

from __future__ import annotations

import pytest

from newsevents.nlp.counts import find_counts, parse_figure

FIGURES = [
    ("at least 65", 65, None, False),
    ("14,000", 14000, 14000, False),
    ("more than 2,000", 2000, None, False),
    ("nearly 300", None, 300, False),
    ("about 40", 40, 40, True),
    ("1.5 million", 1_500_000, 1_500_000, False),
    ("dozens", 12, None, True),
    ("hundreds", 100, None, True),
    ("sixty-five", 65, 65, False),
    ("10 to 15", 10, 15, False),
    ("between 10 and 15", 10, 15, False),
]


@pytest.mark.parametrize(("text", "low", "high", "vague"), FIGURES)
def test_parse_figure(text: str, low, high, vague: bool) -> None:
    fig = parse_figure(text)
    assert fig is not None
    assert (fig.min, fig.max, fig.vague) == (low, high, vague)


SENTENCES = [
    ("A local official said at least 65 people were killed in the attack.", "killed", 65),
    ("The 14,000 US troops in Afghanistan will be halved.", "troops", 14000),
    ("The blast killed 12 soldiers and wounded 30 civilians.", "killed", 12),
    ("The blast killed 12 soldiers and wounded 30 civilians.", "injured", 30),
    ("Dozens of protesters were arrested by police on Sunday.", "arrested", 12),
    ("The death toll rose to 70, officials said.", "killed", 70),
    ("Gunmen shot dead three policemen in the market.", "killed", 3),
    ("Hundreds of people died in the fighting.", "killed", 100),
    ("More than 2,000 people fled their homes.", "displaced", 2000),
    ("FIVE PEOPLE WERE KILLED BY GUERRILLAS IN SAN SALVADOR.", "killed", 5),
]


@pytest.mark.parametrize(("sentence", "kind", "value"), SENTENCES)
def test_counts_in_sentences(bare_nlp, sentence: str, kind: str, value: float) -> None:
    found = [(c.kind, c.min if c.min is not None else c.max) for c in find_counts(bare_nlp(sentence))]
    assert (kind, value) in found, found


def test_money_is_counted_as_money(bare_nlp) -> None:
    found = find_counts(bare_nlp("The European Union pledged $1.5 billion in aid."))
    assert [(c.kind, c.min) for c in found] == [("money", 1_500_000_000)]


def test_a_number_that_counts_nothing_is_ignored(bare_nlp) -> None:
    assert find_counts(bare_nlp("The two leaders met for three hours in Geneva.")) == []
