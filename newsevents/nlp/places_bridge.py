"""The places component's engine: the offline gazetteer and place resolution.

Loads the gazetteer once per process, on first use, and gives the place
finder the codebook's adjectives and demonyms so that "Afghan" is marked as
a demonym of Afghanistan rather than a place.
"""

from __future__ import annotations

import logging
from typing import Any

from spacy.tokens import Doc

from ..codebook import load_codebook
from ..config import GazetteerSettings
from ..model import Place

log = logging.getLogger(__name__)


class PlaceFinder:
    def __init__(self, *, cache_dir: str, min_population: int, extra: tuple[str, ...] = ()):
        self.settings = GazetteerSettings(cache_dir=cache_dir, min_population=min_population)
        self.extra = extra
        self._gazetteer: Any = None
        self._demonyms: dict[str, str] | None = None

    def demonyms(self) -> dict[str, str]:
        if self._demonyms is None:
            table: dict[str, str] = {}
            for c in load_codebook(self.extra).countries():
                for form in (*c.adjectives, *c.demonyms):
                    table.setdefault(form.lower(), c.iso3)
            self._demonyms = table
        return self._demonyms

    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from ..gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load(self.settings)
        return self._gazetteer

    def __call__(self, doc: Doc) -> list[Place]:
        from .places import find_places

        return list(
            find_places(doc, self.gazetteer(), doc_id=doc._.doc_id or "", demonyms=self.demonyms(),
                        url=doc._.url)
        )
