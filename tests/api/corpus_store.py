"""A store built from real articles: the seed plus a sample of the Reuters 2017 politics corpus.

Shared by the API tests, the browser test and scripts/screenshot.py. The
sample is fixed (the corpus articles that mention Afghanistan or the
Taliban, then the first others in file order), so every run codes the
same documents.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from newsevents.config import Settings
from newsevents.documents import make_document
from newsevents.model import CodedDocument, Document, Item
from newsevents.run import coder_for
from newsevents.sources import iter_items
from newsevents.store import Store, WriteResult

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "examples" / "seed" / "article.txt"
CORPUS = SHARED / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
SEED_TITLE = "US confirms envoy met Taliban in Qatar"
SEED_OUTLET = "seed.example"


def missing() -> str | None:
    """Why the store cannot be built here (a shared file is absent), else None."""
    for path in (SEED, CORPUS):
        if not path.exists():
            return f"../shared is absent ({path} not found): this test reads the shared data"
    return None


def seed_document(settings: Settings) -> Document:
    text = SEED.read_text(encoding="utf-8")
    item = Item(origin=str(SEED), content=text, title=SEED_TITLE, outlet=SEED_OUTLET,
                url="https://seed.example/us-taliban-talks")
    return make_document(item, settings, published="2019-01-23")


def sample_documents(settings: Settings, others: int = 24) -> list[Document]:
    """The corpus articles about Afghanistan or the Taliban, then ``others`` more."""
    topical: list[Document] = []
    rest: list[Document] = []
    for item in iter_items([str(CORPUS)], settings):
        if not isinstance(item, Item):
            continue
        doc = make_document(item, settings)
        if "Taliban" in doc.text or "Afghan" in doc.text:
            topical.append(doc)
        elif len(rest) < others:
            rest.append(doc)
    return topical + rest


def code_documents(documents: list[Document], settings: Settings | None = None
                   ) -> list[CodedDocument]:
    return list(coder_for(settings or Settings()).code(documents))


@cache
def coded_sample(others: int = 24) -> tuple[CodedDocument, ...]:
    """The seed and the sample, coded once per process (the API and browser tests share it)."""
    settings = Settings()
    docs = [seed_document(settings), *sample_documents(settings, others)]
    return tuple(code_documents(docs, settings))


def build_store(path: Path, *, others: int = 24, extra: list[CodedDocument] | None = None
                ) -> WriteResult:
    """Write the coded seed and sample (plus ``extra``) to a new store at ``path``."""
    with Store.open(path) as store:
        return store.write([*coded_sample(others), *(extra or [])])
