"""Typed annotation records that components attach to a Doc (token offsets).

They live at the annotation step only; the coder turns them into the
model's records (Actor, EventDate, Count, Quote, Place) with char offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Actor


@dataclass(frozen=True, slots=True)
class ActorMention:
    """Tokens [start, end) that name an actor, with ``head`` the syntactic head."""

    start: int
    end: int
    head: int
    actor: Actor
    how: str  # dictionary | person | np | coref | quote-we
    descriptors: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return self.actor.kind == "person"


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str
    precision: str  # day | month | year
    relation: str = "on"  # on | since | before | after | until
    past: bool = False  # a background date well before publication


@dataclass(frozen=True, slots=True)
class CountMention:
    start: int
    end: int
    kind: str  # killed | injured | arrested | displaced | troops | money | people
    min: float | None
    max: float | None
    text: str
    noun: int  # token index of the counted noun
    verb: int | None = None  # token index of the verb the count belongs to
    vague: bool = False


@dataclass(frozen=True, slots=True)
class QuoteMention:
    start_char: int
    end_char: int
    text: str
    speaker: ActorMention | None
    speaker_text: str | None
    verb: str | None
    kind: str = "direct"  # direct | partial
    tokens: tuple[int, int] = (0, 0)
    extra: dict[str, str] = field(default_factory=dict)
