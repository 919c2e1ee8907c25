"""The offline gazetteer: GeoNames places from installed packages, indexed once and cached.

    >>> gaz = Gazetteer.load()
    >>> gaz.resolve("Doha", countries=["QAT"]).country
    'QAT'

See ``build`` for where the data comes from, ``cache`` for how the index is
stored and refreshed, and ``core`` for how candidates are ranked.
"""

from __future__ import annotations

from .core import GazEntry, Gazetteer, Scored
from .lexicon import Lexicon, load_lexicon
from .names import fold, norm

__all__ = ["GazEntry", "Gazetteer", "Lexicon", "Scored", "fold", "load_lexicon", "norm"]
