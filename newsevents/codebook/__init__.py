"""CAMEO, PLOVER and ACLED tables and the actor dictionaries, loaded from TSV data files.

The data lives in ``newsevents/codebook/data``; users extend it with their own files in
the same formats (``load_codebook(extra=[...])``). ``python -m newsevents.codebook.check``
validates the bundled files and prints their row counts.
"""

from __future__ import annotations

from ..errors import CodebookError
from .book import Codebook, clear_cache, load_codebook
from .records import AcledType, ActorEntry, AgentTerm, CameoCode, Country, PersonRole, PloverType

__all__ = [
    "AcledType",
    "ActorEntry",
    "AgentTerm",
    "CameoCode",
    "Codebook",
    "CodebookError",
    "Country",
    "PersonRole",
    "PloverType",
    "clear_cache",
    "load_codebook",
]
