"""Exact and near-duplicate documents.

Exact duplicates share a content hash. Near duplicates (the same wire story
re-run with a sentence changed, a different headline or a trailing credit)
are found with MinHash over word shingles and an LSH index (datasketch):
each new document is compared only with the candidates the index returns,
so checking stays fast as the index grows. Candidates are confirmed by the
estimated Jaccard similarity of their shingle sets.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..model import Document
from .ids import content_hash

THRESHOLD = 0.8  # estimated Jaccard similarity of word-shingle sets
NUM_PERM = 128
SHINGLE_WORDS = 3
MIN_SHINGLES = 8  # shorter texts are only compared exactly: too few shingles to judge
SEED = 1

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams of the text."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class DuplicateIndex:
    """Documents seen so far, to tell whether a new one repeats an earlier one.

    ``check`` answers with the id of the earliest matching document added;
    ``add`` records a document. A document never duplicates itself (same id).
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}
        self._ids: dict[str, str] = {}
        self._cached: tuple[str, MinHash | None] | None = None
        self._added = 0

    def __len__(self) -> int:
        """Documents added."""
        return self._added

    def _minhash(self, digest: str, text: str) -> MinHash | None:
        if self._cached is not None and self._cached[0] == digest:
            return self._cached[1]
        grams = shingles(text)
        signature: MinHash | None = None
        if len(grams) >= MIN_SHINGLES:
            signature = MinHash(num_perm=self.num_perm, seed=SEED)
            signature.update_batch(sorted(grams))
        self._cached = (digest, signature)
        return signature

    def check(self, doc: Document) -> str | None:
        digest = doc.content_hash or content_hash(doc.text)
        earlier = self._exact.get(digest)
        if earlier is not None and earlier != doc.id:
            return earlier
        signature = self._minhash(digest, doc.text)
        if signature is None:
            return None
        best: tuple[int, str] | None = None
        for key in self._lsh.query(signature):
            other = self._ids[key]
            if other == doc.id:
                continue
            similarity = float(np.mean(self._signatures[key] == signature.hashvalues))
            if similarity >= self.threshold and (best is None or int(key) < best[0]):
                best = (int(key), other)
        return best[1] if best else None

    def add(self, doc: Document) -> None:
        digest = doc.content_hash or content_hash(doc.text)
        self._added += 1
        self._exact.setdefault(digest, doc.id)
        signature = self._minhash(digest, doc.text)
        if signature is None:
            return
        key = str(len(self._ids))  # insertion order, so the earliest match wins
        self._lsh.insert(key, signature)
        self._signatures[key] = signature.hashvalues.copy()
        self._ids[key] = doc.id

    def mark(self, doc: Document) -> Document:
        """Check, add, and return the document with ``duplicate_of`` set when it repeats one."""
        earlier = self.check(doc)
        self.add(doc)
        return replace(doc, duplicate_of=earlier) if earlier else doc
