"""langdetect's answer, computed faster: the same profiles, draws and arithmetic.

langdetect reads 55 JSON profiles at its first use (about half a second a
process) and then works character by character and language by language in
Python: a tenth of the coder's time on news. This module gives the same
probabilities for the same text and seed:

- the profiles become one compiled table (compiled.py): for each n-gram the
  languages it occurs in and its probability in each, as langdetect computes it;
- the n-grams of a text are the same list in the same order: langdetect's own
  character normalisation, then per word (a word's n-grams do not depend on
  its neighbours), remembered for words already seen;
- the seven trials draw from a ``random.Random`` seeded as langdetect seeds its
  own, in the same order, and update all languages at once with numpy: the
  same double-precision products and quotients; sums go through Python's
  ``sum`` as langdetect's do.

tests/documents/test_language.py compares the two on every document of the
shared corpora it reads.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import numpy

_TRIALS = 7
_ALPHA, _ALPHA_WIDTH = 0.5, 0.05
_ITERATION_LIMIT = 1000
_CONVERGED = 0.99999
_BASE_FREQ = 10000
_REPORTED = 0.1  # langdetect lists only languages above this probability
_MAX_TEXT = 10000
_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's own range test, "[" to "`" included
_NON_LATIN = re.compile("[^\x00-\u02ff]")
_WORDS_REMEMBERED = 200_000
_ROWS_REMEMBERED = 20_000  # dense rows of 55 floats: about 11 MB


@dataclass(frozen=True)
class Profiles:
    """langdetect's profiles as a sparse table: n-gram -> row; row -> (language, p) pairs."""

    languages: tuple[str, ...]
    rows: dict[str, int]
    starts: numpy.ndarray  # row r's entries are entries[starts[r]:starts[r + 1]]
    language_of: numpy.ndarray
    probability: numpy.ndarray


def build_profiles() -> Profiles:
    """Read langdetect's profiles the way its DetectorFactory does."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    rows: dict[str, int] = {}
    starts, language_of, probability = [0], [], []
    for gram, values in factory.word_lang_prob_map.items():
        rows[gram] = len(rows)
        for lang, p in enumerate(values):
            if p:
                language_of.append(lang)
                probability.append(p)
        starts.append(len(language_of))
    return Profiles(
        tuple(factory.langlist), rows, numpy.array(starts, dtype=numpy.int64),
        numpy.array(language_of, dtype=numpy.int64), numpy.array(probability, dtype=numpy.float64),
    )


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    from importlib.metadata import version

    from .. import compiled

    return compiled.load("langdetect", build_profiles, key=(f"langdetect {version('langdetect')}",))


class Detector:
    """Language probabilities of texts, as langdetect's Detector gives them."""

    def __init__(self, table: Profiles, seed: int):
        from langdetect.utils.ngram import NGram

        self.table, self.seed = table, seed
        self._normalize = NGram.normalize
        self._normalize_vi = NGram.normalize_vi
        self._chars: dict[int, str] = {}  # langdetect's per-character normalisation
        self._spaced: dict[str, tuple[int, ...]] = {}  # a word's n-grams, space after it
        self._rows: dict[int, numpy.ndarray] = {}

    def probabilities(self, text: str) -> list[float] | None:
        """Each language's probability (langdetect's langlist order); None: no n-gram known."""
        rows = self._ngrams(self._clean(text))
        if not rows:
            return None
        width = len(self.table.languages)
        total = numpy.zeros(width)
        draw = random.Random()
        draw.seed(self.seed)
        for _ in range(_TRIALS):
            prob = numpy.full(width, 1.0 / width)
            weight = (_ALPHA + draw.gauss(0.0, 1.0) * _ALPHA_WIDTH) / _BASE_FREQ
            factors: dict[int, numpy.ndarray] = {}  # an n-gram's factor, for this trial
            i = 0
            while True:
                row = draw.choice(rows)
                factor = factors.get(row)
                if factor is None:
                    factor = factors[row] = weight + self._row(row)
                prob *= factor
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # Python's sum, as langdetect adds them
                    if prob.max() > _CONVERGED or i >= _ITERATION_LIMIT:
                        break
                i += 1
            total += prob / _TRIALS
        return total.tolist()

    def _clean(self, text: str) -> str:
        """Detector.append and Detector.cleaning_text."""
        from langdetect.detector import Detector as Original

        text = Original.URL_RE.sub(" ", text)
        text = Original.MAIL_RE.sub(" ", text)
        text = _SPACES.sub(" ", self._normalize_vi(text)[:_MAX_TEXT])
        others = len(_NON_LATIN.findall(text))
        # Latin letters are counted only as far as the test needs: few texts get that far
        latin = sum(1 for _ in islice(_LATIN.finditer(text), (others + 1) // 2))
        if latin * 2 < others:
            text = "".join(ch for ch in text if ch < "A" or ch > "z")
        return text

    def _ngrams(self, text: str) -> list[int]:
        """The profile rows of the text's known n-grams, in langdetect's order."""
        table = self._chars
        for ch in set(text):
            if ord(ch) not in table:
                table[ord(ch)] = self._normalize(ch)
        *words, last = text.translate(table).split(" ")
        if len(self._spaced) > _WORDS_REMEMBERED:
            self._spaced.clear()
        rows: list[int] = []
        spaced = self._spaced
        for word in words:  # each followed by a space
            if word:
                found = spaced.get(word)
                if found is None:
                    found = spaced[word] = self._word(word, True)
                rows.extend(found)
        if last:
            rows.extend(self._word(last, False))
        return rows

    def _word(self, word: str, spaced: bool) -> tuple[int, ...]:
        """The known n-grams of one word, and of the space after it when there is one.

        langdetect's buffer restarts after a space, and skips the n-grams ending on a
        capital that follows a capital (acronyms)."""
        rows: list[int] = []
        known = self.table.rows
        padded = " " + word + (" " if spaced else "")
        for i, ch in enumerate(word):
            if ch.isupper() and i and word[i - 1].isupper():
                continue
            # one, two and three characters ending here; the buffer starts with the space
            grams = [ch, padded[i : i + 2]] + ([padded[i - 1 : i + 2]] if i else [])
            rows.extend(known[g] for g in grams if g in known)
        if spaced:
            end = len(word) + 1
            grams = [padded[end - 1 : end + 1], padded[end - 2 : end + 1]]
            rows.extend(known[g] for g in grams if g in known)
        return tuple(rows)

    def _row(self, row: int) -> numpy.ndarray:
        """One n-gram's probability in every language (langdetect's langlist order)."""
        dense = self._rows.get(row)
        if dense is None:
            t = self.table
            dense = numpy.zeros(len(t.languages))
            span = slice(t.starts[row], t.starts[row + 1])
            dense[t.language_of[span]] = t.probability[span]
            if len(self._rows) >= _ROWS_REMEMBERED:
                self._rows.clear()
            self._rows[row] = dense
        return dense


def best(languages: tuple[str, ...], probs: list[float]) -> tuple[str, float] | None:
    """langdetect's first answer: the likeliest language above 0.1 (the first one on a tie)."""
    top: tuple[str, float] | None = None
    for lang, p in zip(languages, probs, strict=True):
        if p > _REPORTED and (top is None or p > top[1]):
            top = (lang, p)
    return top
