"""A place or demonym mention as the finder records it, before resolution."""

from __future__ import annotations

from dataclasses import dataclass, field

from .context import Query


@dataclass
class Mention:
    """A place or demonym mention as found, before resolution."""

    start: int  # tokens of the whole mention, feature word included
    end: int
    query: Query
    source: str
    role: str = "place"
    chars: tuple[int, int] | None = None  # when it is not the tokens' span (datelines)
    supranational: bool = False  # "the Middle East": a place, in no one country
    name_tokens: tuple[int, int] = field(default=(0, 0))
