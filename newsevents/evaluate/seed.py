"""Code a gold file's document and score it."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import GoldError
from ..model import CodedDocument, Rejection
from ..run.batch import code_inputs
from .gold import GoldReport, load_gold, score


def code_gold_document(path: Path, settings: Settings) -> tuple[CodedDocument, GoldReport]:
    gold = load_gold(path)
    coded = None
    for entry in code_inputs([str(gold.path)], settings, published=gold.published):
        if isinstance(entry, Rejection):
            raise GoldError(
                f"the gold's document was rejected: {entry.reason}", target=str(gold.path)
            )
        coded = entry
    if coded is None:
        raise GoldError("the gold's document produced nothing", target=str(gold.path))
    return coded, score(gold, coded)
