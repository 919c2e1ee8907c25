"""Language identification with langdetect's method, deterministic and sampled.

langdetect draws random n-grams, so it answers differently from run to run
unless seeded; a private seed is used here (the module-global
``DetectorFactory.seed`` of langdetect is left alone), through langid.py,
which gives langdetect's probabilities faster. Long texts are
sampled: a few thousand characters decide the language as well as the whole
article, at a fraction of the time. All-capitals text (wire copy such as the
MUC corpus) is lower-cased first, because langdetect's profiles are built
from ordinary mixed-case text.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from . import langid

log = logging.getLogger(__name__)

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"
SAMPLE_CHARS = 2_000  # characters taken from the start and the middle of a long text
MIN_LETTERS = 20  # fewer letters than this: undetermined
MIN_PROBABILITY = 0.5
SEED = 0

_LETTERS = re.compile(r"[^\W\d_]")
# noise that is not language: links, e-mail addresses, handles
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+")


@lru_cache(maxsize=1)
def _detector() -> langid.Detector:
    return langid.Detector(langid.profiles(), SEED)


def _sample(text: str) -> str:
    if len(text) <= 2 * SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[:SAMPLE_CHARS] + "\n" + text[middle : middle + SAMPLE_CHARS]


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when it cannot be told."""
    sample = _NOISE.sub(" ", _sample(text))
    letters = _LETTERS.findall(sample)
    if len(letters) < MIN_LETTERS:
        return UNDETERMINED
    upper = sum(1 for ch in letters if ch.isupper())
    if upper > 0.7 * len(letters):
        sample = sample.lower()
    detector = _detector()
    probs = detector.probabilities(sample)
    best = langid.best(detector.table.languages, probs) if probs is not None else None
    if best is None or best[1] < MIN_PROBABILITY:
        return UNDETERMINED
    code = best[0].split("-")[0].lower()  # zh-cn, zh-tw -> zh
    return code or UNDETERMINED
