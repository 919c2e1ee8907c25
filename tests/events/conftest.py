"""Code single sentences with the real pipeline."""

from __future__ import annotations

import pytest

from newsevents.model import Document


@pytest.fixture(scope="session")
def code_sentence(coder):
    def run(text: str, published: str | None = "2024-03-13"):
        document = Document(id="t", text=text, published=published)
        return coder.code_one(document).events

    return run
