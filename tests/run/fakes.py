"""A runner that codes without a model, for testing the orchestration alone.

``FakeRunner`` gives each document one consult event per paragraph whose
first word is "Talks" (a made-up rule, so a test controls what is found),
keeps up to ``window`` chunks in flight and hands them back newest first,
so results arrive out of order as they do from a pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from newsevents.documents import content_hash
from newsevents.model import Actor, CodedDocument, Document, Event, Mention

US = Actor(name="United States", text="Washington", country="USA", code="USA", kind="country")
TAL = Actor(name="Taliban", text="the Taliban", group="TAL", code="AFGINSTAL", kind="group")


def doc(doc_id: str, text: str, *, language: str = "en", outlet: str | None = None,
        published: str = "2019-01-23") -> Document:
    return Document(id=doc_id, text=text, content_hash=content_hash(text), language=language,
                    outlet=outlet, published=published, origin=f"test:{doc_id}")


def day(n: int) -> str:
    """Ten days apart per n: farther than the merge window, so stories stay apart."""
    return (date(2019, 1, 1) + timedelta(days=10 * n)).isoformat()


def story(n: int) -> str:
    """A distinct article of a few paragraphs; paragraph 2 holds one event."""
    return (
        f"Story number {n} opens with a long line about day {n} in the capital city.\n\n"
        f"Talks between Washington and the Taliban went on for {n} hours in Doha on Monday.\n\n"
        f"Officials said round {n} would resume after a pause of {n * 3} days in the region."
    )


def code(document: Document) -> CodedDocument:
    events = []
    offset = 0
    for para in document.text.split("\n\n"):
        if para.startswith("Talks"):
            span = (offset, offset + len(para))
            eid = "ev-" + hashlib.sha1(f"{document.id}|{span}".encode()).hexdigest()[:16]
            events.append(Event(
                event_id=eid, doc_id=document.id, evidence=para, char_span=span,
                source=US, target=TAL, cameo="040", cameo_root="04", goldstein=1.0,
                quad_class=1, plover={"type": "CONSULT", "mode": None},
                mention_list=(Mention(document.id, para, span, "verb:test",
                                      document.outlet, document.published),),
            ))
        offset += len(para) + 2
    return CodedDocument(document=document, events=tuple(events))


class FakeRunner:
    """Prepares at once; codes with ``code`` above, handing chunks back newest first."""

    workers = 1

    def __init__(self, window: int = 3, *, hold_prepare: bool = False) -> None:
        self.window = window
        self.hold_prepare = hold_prepare  # prepared chunks come back out of order too
        self.held: list[tuple[Any, Callable[..., Any], tuple[Any, ...]]] = []
        self.coded: list[str] = []
        self.most_in_flight = 0

    @property
    def in_flight(self) -> int:
        return len(self.held)

    def _finish(self) -> tuple[Any, Any]:
        task, func, args = self.held.pop()  # newest first: out of order
        if task[0] == "prepare":
            return task, func(*args)
        chunk = list(args[0])
        self.coded.extend(d.id for d in chunk)
        return task, [(d.id, code(d)) for d in chunk]

    def submit(self, task: Any, func: Callable[..., Any], *args: Any) -> Iterator[Any]:
        if task[0] == "prepare" and not self.hold_prepare:
            yield task, func(*args)
            return
        self.held.append((task, func, args))
        self.most_in_flight = max(self.most_in_flight, len(self.held))
        if len(self.held) >= self.window:
            yield self._finish()

    def wait(self) -> Iterator[Any]:
        if self.held:
            yield self._finish()

    def close(self) -> None:
        self.held.clear()
