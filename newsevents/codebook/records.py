"""The codebook's records: one frozen dataclass per kind of row the loader returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code (cameo.tsv)."""

    code: str
    name: str
    goldstein: float | None
    quad_class: int  # GDELT QuadClass 1-4
    root: str
    level: int  # 1 root, 2 three-digit, 3 four-digit


@dataclass(frozen=True)
class PloverType:
    """A PLOVER 2.0 event type, with a mode when one applies (plover.tsv)."""

    type: str
    mode: str | None
    quad_class: int
    requires_recipient: bool = False


@dataclass(frozen=True)
class AcledEvent:
    """How an event the learned classifier finds is coded when no rule codes it
    (acled_events.tsv): its CAMEO code, and who does it when the text names nobody."""

    label: str
    cameo: str
    source_agent: str | None
    source_name: str | None


@dataclass(frozen=True)
class AcledType:
    """An ACLED event type, optionally narrowed to a sub-event type (acled.tsv).

    The five CASE 2021 labels outside ACLED (acled_extra.tsv) are also AcledTypes:
    their ``event_type`` is the label's English name, ``sub_event_type`` and
    ``disorder`` are None and ``label`` is the CASE label.
    """

    event_type: str
    sub_event_type: str | None
    label: str | None  # CASE 2021 label
    disorder: str | None


@dataclass(frozen=True)
class Country:
    """A state or territory and the words news text uses for it (countries.tsv)."""

    iso3: str
    iso2: str
    cameo: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True)
class AgentTerm:
    """A role or sector noun (as a lemma phrase) and its CAMEO agent code (agents.tsv)."""

    term: str
    agent: str
    note: str = ""


@dataclass(frozen=True)
class ActorEntry:
    """A named organisation or group (organisations.tsv, groups.tsv).

    ``id`` is ``"<country or first agent block, lower case>:<slug of name>"``, e.g.
    ``"usa:state-department"`` or ``"igo:united-nations"``; a user row with the same id
    replaces the bundled one. ``names`` holds the canonical name first, then the aliases.
    """

    id: str
    name: str
    names: tuple[str, ...]
    country: str | None
    agent: str | None
    group: str | None
    code: str | None
    kind: str
    source_file: str


@dataclass(frozen=True)
class PersonRole:
    """One term of one office held by a person (people.tsv).

    ``id`` is ``"<slug of name>:<role>:<start>"``. Dates are ``YYYY-MM-DD``, ``YYYY-MM``
    or ``YYYY`` as written; ``end`` None means still in office.
    """

    id: str
    name: str
    names: tuple[str, ...]
    country: str
    agent: str
    role: str
    start: str | None
    end: str | None
