"""The story's country: the state a story is about, read from the whole document.

An analyst reading "the Christian Democrats decided to withdraw their ministers"
in a story filed in Rome about Italy's government knows they are Italian, though
the sentence says nothing of Italy. The story's country is the state its
country names, adjectives, capitals, office-holders, organisations and dateline name
most often,
when one clearly leads. It is a weaker reading than a name or a modifier: actors
get it only where nothing nearer says who they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from spacy.tokens import Doc

from .actor_dict import ADJECTIVE, CAPITAL, COUNTRY, GROUP, ORG, PERSON, Hit

# A dateline says where the story was filed: it weighs as much as two mentions.
_DATELINE_WEIGHT = 2
# To overrule the country a dictionary gives a name, the story's needs this many mentions.
_MIN_MENTIONS = 2


class StoryCountry:
    """Country mentions of one document, and the country that leads them."""

    def __init__(
        self,
        doc: Doc,
        hits: Mapping[int, Hit],
        person_country: Callable[[str], str | None],
        org_country: Callable[[str], str | None],
    ) -> None:
        counts: Counter[str] = Counter()
        dateline = doc._.dateline
        seen: set[tuple[int, int]] = set()
        for hit in hits.values():
            if (hit.start, hit.end) in seen:
                continue
            seen.add((hit.start, hit.end))
            country: str | None = None
            if hit.kind in (COUNTRY, ADJECTIVE, CAPITAL):
                country = hit.ref
            elif hit.kind == PERSON:
                country = person_country(hit.ref)
            elif hit.kind in (ORG, GROUP):
                country = org_country(hit.ref)  # "UNITA" names Angola too
            if country is None:
                continue
            in_dateline = dateline is not None and dateline.covers(doc[hit.start].idx)
            counts[country] += _DATELINE_WEIGHT if in_dateline else 1
        self.counts = counts

    def mentioned(self, country: str | None) -> bool:
        return country is not None and self.counts[country] > 0

    def leading(self) -> str | None:
        """The country the story names more often than any other, if one does."""
        top = self.counts.most_common(2)
        if not top or (len(top) > 1 and top[1][1] >= top[0][1]):
            return None
        return top[0][0]

    def clear(self, country: str) -> bool:
        """Whether ``country`` is named often enough to overrule a dictionary's own."""
        return self.counts[country] >= _MIN_MENTIONS
