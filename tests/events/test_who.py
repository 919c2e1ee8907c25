"""Who did it: actors resolved as an analyst resolves them (issue 13).

Every sentence here was written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from newsevents.model import Actor, Document, Event


@pytest.fixture(scope="module")
def code(coder):
    def run(text: str, published: str | None = "1987-03-05") -> list[Event]:
        return list(coder.code_one(Document(id="w", text=text, published=published)).events)

    return run


def _codes(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo, _c(e.source), _c(e.target)) for e in events]


def _c(actor: Actor | None) -> str | None:
    return actor.code if actor is not None else None


class TestDatelines:
    def test_a_dateline_is_neither_actor_nor_event(self, code):
        events = code(
            "UNITED NATIONS, March 5 - Chile complained to the Security Council that "
            "Bolivian troops had crossed its border."
        )
        complaint = [e for e in events if e.cameo_root == "11"]
        assert complaint, _codes(events)
        assert all(e.source is not None and e.source.country == "CHL" for e in complaint)
        # "March" is the month the story was filed, not a protest march
        assert not [e for e in events if e.cameo_root == "14"], _codes(events)
        assert all("UNITED NATIONS" not in (e.reported_by or "") for e in events)

    def test_a_wire_dateline_with_an_agency(self, code):
        events = code("ATHENS (Reuters) - Greece accused Turkey of violating its airspace on Friday.")
        assert any(
            e.source is not None and e.source.country == "GRC" and e.target is not None
            and e.target.country == "TUR" for e in events
        ), _codes(events)
