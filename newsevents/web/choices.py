"""The choices the dashboard's filters offer: CAMEO roots, PLOVER types, quad classes."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..codebook import load_codebook
from ..model import MODALITIES
from ..query import FORMATS, GROUPS, MAX_LIMIT, PERIODS

QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation",
                3: "Verbal conflict", 4: "Material conflict"}


@cache
def filter_choices() -> dict[str, Any]:
    """Plain JSON: the bundled codebook's roots and types, and the query layer's options."""
    book = load_codebook()
    return {
        "cameo_roots": [{"code": c.code, "name": c.name}
                        for c in book.cameo_codes() if c.level == 1],
        "plover_types": sorted({p.type for p in book.plover_types()}),
        "quad_classes": [{"code": k, "name": v} for k, v in QUAD_CLASSES.items()],
        "modalities": list(MODALITIES),
        "periods": list(PERIODS),
        "groups": list(GROUPS),
        "formats": list(FORMATS),
        "max_limit": MAX_LIMIT,
    }
