"""Place mentions in a parsed Doc, resolved against the offline gazetteer.

Mentions are found by ``newsevents.gazetteer.finder`` (its docstring lists the
sources, in order of trust, and the hints read around each mention); all mentions
of a document are then resolved together (``newsevents.gazetteer.context``), with
the outlet's country-code domain as a light prior (``newsevents.gazetteer.outlets``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache

from spacy.tokens import Doc

from ..gazetteer import GazEntry, Gazetteer, load_lexicon
from ..gazetteer.context import DocContext, Resolution
from ..gazetteer.finder import Finder
from ..gazetteer.mentions import Mention
from ..gazetteer.outlets import outlet_country
from ..model import Place
from .extensions import doc_text

log = logging.getLogger(__name__)


def _demonym_table(demonyms: Mapping[str, str] | None) -> Mapping[str, str]:
    if demonyms is not None:
        return {k.lower(): v for k, v in demonyms.items()}
    return _codebook_demonyms()


@lru_cache(maxsize=1)
def _codebook_demonyms() -> Mapping[str, str]:
    """Adjectives and demonyms from the codebook's country table, when none are given."""
    try:
        from ..codebook import load_codebook

        table: dict[str, str] = {}
        for c in load_codebook().countries():
            for form in (*c.adjectives, *c.demonyms):
                table.setdefault(form.lower(), c.iso3)
        return table
    except Exception as exc:  # the codebook is optional here; places still work without it
        log.warning("no demonyms from the codebook (%s); pass demonyms= to find_places", exc)
        return {}


def find_places(
    doc: Doc,
    gazetteer: Gazetteer,
    *,
    doc_id: str,
    demonyms: Mapping[str, str] | None = None,
    focus_countries: Sequence[str] = (),
    url: str | None = None,
) -> list[Place]:
    """Every place and demonym mention in ``doc``, resolved where the gazetteer allows.

    ``demonyms`` maps lower-case adjectives and demonyms to ISO3 codes (the
    codebook's table when None); ``focus_countries`` are ISO3 codes the caller
    knows the story is about; ``url`` is the document's address, whose country-code
    domain weighs lightly towards that country (``gazetteer.outlets``). Unresolved
    mentions (a village the gazetteer lacks) are kept with no coordinates, and with
    the story's main country when one clearly leads, so an event can still be placed
    there.
    """
    lexicon = load_lexicon()
    finder = Finder(doc, gazetteer, lexicon, _demonym_table(demonyms))
    found = finder.run()
    mentions = [m for m in found if not m.supranational]
    ctx = DocContext(gazetteer, focus_countries, outlet_country(url, lexicon))
    resolutions = ctx.resolve([m.query for m in mentions])
    main = ctx.likely_country()
    places = [
        Place(doc_id=doc_id, text=text, char_span=(start, end), name=text, feature="region",
              confidence=0.5)
        for m in found if m.supranational
        for start, end, text in [_chars(doc, m)]
    ]
    anchors = _anchors(doc, mentions, resolutions)
    for m, res in zip(mentions, resolutions, strict=True):
        if res.drop:
            continue
        start, end, text = _chars(doc, m)
        if res.best is None:
            within = res.within
            near = _nearest(anchors, start, end)
            # a place in a named town ("London's Heathrow") lies near the town's point
            point = within is not None and within.feature in _ANCHOR_POINTS
            places.append(Place(
                doc_id=doc_id, text=text, char_span=(start, end),
                country=within.country if within else near.country if near else main,
                admin1=within.admin1 if within else None, role=m.role, confidence=0.0,
                lat=within.lat if within and point else None,
                lon=within.lon if within and point else None,
                point="derived" if within and point else None,  # the town's, not its own
            ))
            continue
        e = res.best.entry
        places.append(
            Place(
                doc_id=doc_id, text=text, char_span=(start, end), name=e.name,
                geonameid=e.geonameid, lat=e.lat, lon=e.lon, country=e.country or None,
                admin1=e.admin1, feature=e.feature, role=m.role, confidence=res.confidence,
                point=e.point,
            )
        )
    return sorted(places, key=lambda p: p.char_span)


def _chars(doc: Doc, m: Mention) -> tuple[int, int, str]:
    if m.chars is not None:
        start, end = m.chars
    else:
        start = doc[m.start].idx
        end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
    full = doc_text(doc)
    while end > start and (full[end - 1].isspace() or full[end - 1] in ",;:"):
        end -= 1
    text = full[start:end]
    if text.endswith(".") and text.count(".") == 1 and len(text) > 5:
        end -= 1  # a token that swallowed the full stop ("Mayda’a."), not "Alta." or "U.S."
    return start, end, full[start:end]


# Resolved mentions of these kinds place an unresolved name next to them ("a gunman opened
# fire on Paris' Champs-Elysees"): a street or landmark lies in the town the text is at.
_ANCHORS = ("city", "capital", "admin2", "admin1")
_ANCHOR_POINTS = ("city", "capital")
# How far (characters) a resolved town may be from a landmark to lend it its country.
_ANCHOR_REACH = 1_000


def _anchors(
    doc: Doc, mentions: Sequence[Mention], resolutions: Sequence[Resolution]
) -> list[tuple[int, int, GazEntry]]:
    """(start, end, reading) of the mentions resolved to a town or region."""
    out = []
    for m, res in zip(mentions, resolutions, strict=True):
        if res.best is not None and res.best.entry.feature in _ANCHORS and res.best.entry.country:
            start, end, _ = _chars(doc, m)
            out.append((start, end, res.best.entry))
    return out


def _nearest(anchors: Sequence[tuple[int, int, GazEntry]], start: int, end: int
             ) -> GazEntry | None:
    """The resolved town or region nearest to [start, end) in the text, if near enough."""
    best: tuple[int, GazEntry] | None = None
    for a_start, a_end, entry in anchors:
        gap = a_start - end if a_start >= end else start - a_end
        if gap <= _ANCHOR_REACH and (best is None or gap < best[0]):
            best = (gap, entry)
    return best[1] if best else None
