"""Merging reports of one real event across documents (pure, deterministic).

Each ``Event`` a document yields is one *report*. Reports of one real event
from several documents become one ``MergedEvent`` when they share:

- a blocking key: the same CAMEO root, the same dyad (each side keyed by its
  known group, else country+agent, else actor code, else name; for the
  symmetric roots 04, 05 and 06 the pair is unordered) and the same modality
  class (asserted, claimed and denied reports are all "reported"; negated,
  intended, threatened and hypothetical stay apart);
- dates within ``window_days`` of the cluster's leader (a report without a
  date uses its document's published date);
- a compatible place against every member (same GeoNames id, same admin1 in
  the same country, one of them unknown or only a country).

Within a block, reports are clustered by a leader sweep: day- and
week-precision reports in date order first, each joining the first open
cluster whose leader is within the window, then month- and year-precision
reports, which attach to an overlapping cluster or start their own. A chain
of daily reports therefore cannot fuse a fortnight into one event (the span
of a cluster is bounded by its leader's window), which single linkage would.
The merged id is a hash of the smallest report id in the cluster, and every
choice below breaks ties by report id, so the same reports in any order give
the same merged events.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from ..model import Actor, Count, Event, EventDate, Location

SYMMETRIC_ROOTS = frozenset({"04", "05", "06"})
# Modalities that report the event as having happened (someone asserts,
# claims or denies it); the others describe something that did not happen.
REPORTED = frozenset({"asserted", "claimed", "denied"})
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}
_MAX_KEY_NAME = 60
# A report whose sentence starts this early is in the lead paragraph, which
# GDELT's IsRootEvent flags as a rough sign of importance.
LEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class Figure:
    """One report's figure for a count, with who gave it."""

    min: float | None
    max: float | None
    text: str
    doc_id: str
    report_id: str
    outlet: str | None = None
    reported_by: str | None = None
    vague: bool = False

    @property
    def value(self) -> float:
        """The figure's conservative reading: its lower bound, else its upper."""
        if self.min is not None:
            return self.min
        return self.max if self.max is not None else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real event, merged from the reports of one or more documents.

    ``num_mentions`` sums the reports' sentence mentions (GDELT NumMentions),
    ``num_sources`` counts distinct outlets (NumSources; a document with no
    known outlet stands for its own source) and ``num_articles`` distinct
    documents (NumArticles). ``counts[kind]`` is the most conservative figure
    (the lowest, as ACLED codes fatalities; exact figures before vague ones)
    and ``count_figures[kind]`` lists every report's figure when two or more
    reports give one.
    """

    event_id: str
    block_key: str
    reports: tuple[str, ...]
    doc_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    num_mentions: int
    num_sources: int
    num_articles: int
    doc_id: str
    evidence: str
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float | None
    quad_class: int
    plover: Mapping[str, str | None]
    acled: Mapping[str, str] | None = None
    date: EventDate | None = None
    location: Location | None = None
    modality: str = "asserted"
    claimed_by: str | None = None
    counts: Mapping[str, Count] = field(default_factory=dict)
    count_figures: Mapping[str, tuple[Figure, ...]] = field(default_factory=dict)
    confidence: float = 0.5
    first_published: str | None = None
    in_lead: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types; records nested in it use their own ``to_dict``."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Actor | EventDate | Location):
                value = value.to_dict()
            elif f.name in ("plover", "acled"):
                value = dict(value) if value else (None if f.name == "acled" else {})
            elif f.name == "counts":
                value = {k: c.to_dict() for k, c in value.items()}
            elif f.name == "count_figures":
                value = {k: [x.to_dict() for x in v] for k, v in value.items()}
            out[f.name] = value
        return out


# --- keys ---------------------------------------------------------------


def actor_key(actor: Actor | None) -> str:
    """The identity one side of a dyad is matched on."""
    if actor is None:
        return "-"
    if actor.group:
        return actor.group.upper()
    if actor.country or actor.agent:
        return f"{actor.country or ''}{actor.agent or ''}".upper()
    if actor.code:
        return actor.code.upper()
    name = " ".join((actor.name or actor.text or "").lower().split())[:_MAX_KEY_NAME]
    return f"~{name}" if name else "-"


def modality_class(modality: str) -> str:
    return "reported" if modality in REPORTED else modality


def dyad_keys(report: Event) -> tuple[str, str]:
    """(source key, target key), ordered for symmetric roots."""
    pair = (actor_key(report.source), actor_key(report.target))
    if report.cameo_root in SYMMETRIC_ROOTS:
        return (min(pair), max(pair))
    return pair


def block_key(report: Event) -> str:
    """Reports can only merge within one block: root, dyad, modality class."""
    src, tgt = dyad_keys(report)
    return f"{report.cameo_root}|{src}|{tgt}|{modality_class(report.modality)}"


def merged_id(report_ids: Iterable[str]) -> str:
    smallest = min(report_ids)
    return "me-" + hashlib.sha1(smallest.encode("utf-8")).hexdigest()[:16]


# --- dates and places -----------------------------------------------------


def date_range(value: str, precision: str) -> tuple[date, date] | None:
    try:
        if precision == "year":
            y = int(value[:4])
            return date(y, 1, 1), date(y, 12, 31)
        if precision == "month":
            y, m = int(value[:4]), int(value[5:7])
            end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            return date(y, m, 1), end
        d = date.fromisoformat(value[:10])
    except (ValueError, IndexError):
        return None
    if precision == "week":
        return d, d + timedelta(days=6)
    return d, d


def report_range(report: Event, published: str | None = None) -> tuple[date, date] | None:
    """The days a report's event may fall on: its date, else its document's."""
    if report.date is not None:
        parsed = date_range(report.date.value, report.date.precision)
        if parsed is not None:
            return parsed
    for candidate in (published, *(m.published for m in report.mention_list)):
        parsed = date_range(candidate, "day") if candidate else None
        if parsed is not None:
            return parsed
    return None


def _place_level(loc: Location) -> int:
    if loc.feature == "country" or (
        loc.country and not (loc.admin1 or loc.geonameid or loc.lat is not None)
    ):
        return 0
    if loc.feature in ("admin1", "admin2", "region"):
        return 1
    return 2


def _known(loc: Location | None) -> bool:
    return loc is not None and bool(loc.country or loc.geonameid or loc.admin1 or loc.name)


def places_compatible(a: Location | None, b: Location | None) -> bool:
    """Same place, or one unknown: GeoNames id, then admin1 within a country."""
    if a is None or b is None or not _known(a) or not _known(b):
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if not (a.country and b.country):
        # no country on one side: only the names can tell
        return bool(a.name and b.name and a.name.lower() == b.name.lower())
    if _place_level(a) == 0 or _place_level(b) == 0:
        return True  # a country and a place in it: the country is not a place
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return bool(a.name and b.name and a.name.lower() == b.name.lower())


# --- clustering -----------------------------------------------------------


@dataclass
class _Report:
    event: Event
    start: date | None
    end: date | None
    outlet: str | None
    published: str | None


@dataclass
class _Cluster:
    lead_start: date | None
    lead_end: date | None
    members: list[_Report]


def _within(c: _Cluster, r: _Report, window: timedelta) -> bool:
    if c.lead_start is None or r.start is None or c.lead_end is None or r.end is None:
        return c.lead_start is None and r.start is None
    return r.start <= c.lead_end + window and c.lead_start <= r.end + window


def _fits(c: _Cluster, r: _Report, window: timedelta) -> bool:
    return _within(c, r, window) and all(
        places_compatible(m.event.location, r.event.location) for m in c.members
    )


FINE_DAYS = 6  # a day or week range; wider ones (month, year) are coarse


def is_fine(start: date | None, end: date | None) -> bool:
    return start is not None and end is not None and (end - start).days <= FINE_DAYS


def sort_key(start: date, end: date, report_id: str) -> tuple[date, date, str]:
    """The order of the leader sweep over a block's fine reports."""
    return (start, end, report_id)


def _key(r: _Report) -> tuple[date, date, str]:
    assert r.start is not None and r.end is not None
    return sort_key(r.start, r.end, r.event.event_id)


def _sweep(fine: Sequence[_Report], clusters: list[_Cluster], window: timedelta) -> None:
    """Assign fine reports, in sweep order, to the open clusters or new ones."""
    active = list(clusters)
    for r in fine:
        assert r.start is not None
        # clusters whose leader ended more than a window ago can take no later report
        active = [c for c in active if c.lead_end is not None and r.start <= c.lead_end + window]
        home = next((c for c in active if _fits(c, r, window)), None)
        if home is None:
            home = _Cluster(r.start, r.end, [])
            clusters.append(home)
            active.append(home)
        home.members.append(r)


def _cluster_block(items: list[_Report], window: timedelta) -> list[list[_Report]]:
    fine = sorted((r for r in items if is_fine(r.start, r.end)), key=_key)
    coarse = sorted((r for r in items if r.start is not None and not is_fine(r.start, r.end)),
                    key=_key)
    undated = sorted((r for r in items if r.start is None), key=lambda r: r.event.event_id)
    clusters: list[_Cluster] = []
    _sweep(fine, clusters, window)
    for r in [*coarse, *undated]:
        home = next((c for c in clusters if _fits(c, r, window)), None)
        if home is None:
            home = _Cluster(r.start, r.end, [])
            clusters.append(home)
        home.members.append(r)
    return [c.members for c in clusters]


# --- building the merged event --------------------------------------------


def _actor_score(a: Actor) -> tuple[int, int, int, int]:
    return (
        int(a.kind == "person" and a.name is not None),
        int(a.name is not None),
        int(bool(a.agent)),
        int(bool(a.country)),
    )


def _best_actor(actors: Sequence[Actor | None]) -> Actor | None:
    present = [a for a in actors if a is not None]
    if not present:
        return None
    names = Counter(a.name or a.text for a in present)
    return min(
        present,
        key=lambda a: (
            tuple(-s for s in _actor_score(a)),
            -names[a.name or a.text],
            a.name or "",
            a.text,
            a.code or "",
        ),
    )


def _best_date(members: Sequence[_Report]) -> EventDate | None:
    dates = [m.event.date for m in members if m.event.date is not None]
    if not dates:
        dated = sorted(m.published for m in members if m.published)
        return EventDate(dated[0][:10], "day", None, "publication") if dated else None

    def rank(d: EventDate) -> tuple[int, int]:
        return (0 if d.source == "text" else 1, _PRECISION_ORDER.get(d.precision, 4))

    best_rank = min(rank(d) for d in dates)
    top = [d for d in dates if rank(d) == best_rank]
    freq = Counter(d.value for d in top)
    return min(top, key=lambda d: (-freq[d.value], d.value, d.text or ""))


def _best_location(members: Sequence[_Report]) -> Location | None:
    locs = [m.event.location for m in members if _known(m.event.location)]
    if not locs:
        return None
    freq = Counter((loc.geonameid, loc.name) for loc in locs if loc is not None)
    return min(
        (loc for loc in locs if loc is not None),
        key=lambda loc: (
            -_place_level(loc),
            -freq[(loc.geonameid, loc.name)],
            loc.geonameid if loc.geonameid is not None else 1 << 62,
            loc.name or "",
        ),
    )


def _figures(members: Sequence[_Report]) -> dict[str, list[Figure]]:
    out: dict[str, list[Figure]] = {}
    for m in sorted(members, key=lambda x: x.event.event_id):
        e = m.event
        kinds = sorted(set(e.counts) | set(e.count_figures))
        for kind in kinds:
            given = e.count_figures.get(kind) or ((e.counts[kind],) if kind in e.counts else ())
            seen: set[tuple[float | None, float | None]] = set()
            for c in given:
                if (c.min, c.max) in seen:
                    continue
                seen.add((c.min, c.max))
                out.setdefault(kind, []).append(
                    Figure(
                        min=c.min, max=c.max, text=c.text, doc_id=c.doc_id or e.doc_id,
                        report_id=e.event_id, outlet=m.outlet, reported_by=c.reported_by,
                        vague=c.vague,
                    )
                )
    return out


def _conservative(figs: Sequence[Figure]) -> Count:
    exact = [f for f in figs if not f.vague] or list(figs)
    best = min(exact, key=lambda f: (f.value, f.report_id, f.text))
    return Count(
        min=best.min, max=best.max, text=best.text,
        reported_by=best.reported_by or best.outlet, doc_id=best.doc_id, vague=best.vague,
    )


def _representative(members: Sequence[_Report]) -> _Report:
    def key(m: _Report) -> tuple[int, int, int, int, int, str]:
        e = m.event
        return (
            -max(e.mentions, len(e.mention_list), 1),
            -int(e.date is not None and e.date.source == "text"),
            -int(_known(e.location)),
            -int(bool(e.counts)),
            -int(e.source is not None and e.source.name is not None),
            e.event_id,
        )

    return min(members, key=key)


def _build(members: list[_Report], bkey: str) -> MergedEvent:
    members = sorted(members, key=lambda m: m.event.event_id)
    rep = _representative(members)
    # the orientation most reports give (symmetric events may be told either way)
    pairs = Counter((actor_key(m.event.source), actor_key(m.event.target)) for m in members)
    rep_pair = (actor_key(rep.event.source), actor_key(rep.event.target))
    rep_pair = min(pairs, key=lambda p: (-pairs[p], p != rep_pair, p))
    sources: list[Actor | None] = []
    targets: list[Actor | None] = []
    for m in members:
        e = m.event
        pair = (actor_key(e.source), actor_key(e.target))
        if pair != rep_pair and pair[::-1] == rep_pair:
            sources.append(e.target)  # a symmetric report naming the parties the other way
            targets.append(e.source)
        else:
            sources.append(e.source)
            targets.append(e.target)
    code_freq = Counter(m.event.cameo for m in members)
    cameo = min(code_freq, key=lambda c: (-len(c), -code_freq[c], c))
    carrier = next(m.event for m in members if m.event.cameo == cameo)
    modalities = Counter(m.event.modality for m in members)
    modality = (
        "asserted" if "asserted" in modalities
        else min(modalities, key=lambda k: (-modalities[k], k))
    )
    claims = Counter(m.event.claimed_by for m in members if m.event.claimed_by)
    figures = _figures(members)
    outlet_keys = {m.outlet or f"doc:{m.event.doc_id}" for m in members}
    published = sorted(m.published for m in members if m.published)
    return MergedEvent(
        event_id=merged_id(m.event.event_id for m in members),
        block_key=bkey,
        reports=tuple(m.event.event_id for m in members),
        doc_ids=tuple(sorted({m.event.doc_id for m in members})),
        outlets=tuple(sorted({m.outlet for m in members if m.outlet})),
        num_mentions=sum(max(m.event.mentions, len(m.event.mention_list), 1) for m in members),
        num_sources=len(outlet_keys),
        num_articles=len({m.event.doc_id for m in members}),
        doc_id=rep.event.doc_id,
        evidence=rep.event.evidence,
        source=_best_actor(sources),
        target=_best_actor(targets),
        cameo=cameo,
        cameo_root=carrier.cameo_root,
        goldstein=carrier.goldstein,
        quad_class=carrier.quad_class,
        plover=dict(carrier.plover),
        acled=dict(carrier.acled) if carrier.acled else None,
        date=_best_date(members),
        location=_best_location(members),
        modality=modality,
        claimed_by=min(claims, key=lambda k: (-claims[k], k)) if claims else None,
        counts={k: _conservative(v) for k, v in sorted(figures.items())},
        count_figures={k: tuple(v) for k, v in sorted(figures.items()) if len(v) > 1},
        confidence=max(m.event.confidence for m in members),
        first_published=published[0] if published else None,
        in_lead=any(m.event.char_span[0] < LEAD_CHARS for m in members),
    )


def _report(
    e: Event,
    outlets: Mapping[str, str | None] | None,
    published: Mapping[str, str | None] | None,
) -> _Report:
    mention = e.mention_list[0] if e.mention_list else None
    outlet = (outlets or {}).get(e.doc_id) or (mention.outlet if mention else None)
    pub = (published or {}).get(e.doc_id) or (mention.published if mention else None)
    rng = report_range(e, pub)
    return _Report(event=e, start=rng[0] if rng else None, end=rng[1] if rng else None,
                   outlet=outlet, published=pub)


def merge_reports(
    reports: Sequence[Event],
    *,
    window_days: int = 3,
    outlets: Mapping[str, str | None] | None = None,
    published: Mapping[str, str | None] | None = None,
) -> list[MergedEvent]:
    """Merge document-level reports into events; sorted by event id.

    ``outlets`` and ``published`` map a document id to its outlet and
    publication date; where absent, the reports' own mentions supply them.
    """
    if window_days < 0:
        raise ValueError("window_days must be >= 0")
    window = timedelta(days=window_days)
    unique: dict[str, Event] = {}
    for e in sorted(reports, key=lambda r: (r.event_id, r.doc_id)):
        unique.setdefault(e.event_id, e)
    blocks: dict[str, list[_Report]] = {}
    for e in unique.values():
        blocks.setdefault(block_key(e), []).append(_report(e, outlets, published))
    merged = [
        _build(members, bkey)
        for bkey in sorted(blocks)
        for members in _cluster_block(blocks[bkey], window)
    ]
    return sorted(merged, key=lambda m: m.event_id)


def merge_resumed(
    active: Sequence[Sequence[Event]],
    tail: Sequence[Event],
    *,
    window_days: int = 3,
    outlets: Mapping[str, str | None] | None = None,
    published: Mapping[str, str | None] | None = None,
) -> list[MergedEvent]:
    """Continue a block's leader sweep from its first new report.

    ``active`` are the clusters (fine reports only) still open where the
    first new report sorts, as an earlier merge left them; ``tail`` every
    fine report of the block from that point on. The result is what
    ``merge_reports`` gives for those clusters over the whole block, which
    lets the store recompute only the recent end of a long, dense block.
    """
    window = timedelta(days=window_days)
    clusters: list[_Cluster] = []
    opened = [sorted((_report(e, outlets, published) for e in c), key=_key) for c in active]
    for members in sorted((m for m in opened if m), key=lambda m: _key(m[0])):
        clusters.append(_Cluster(members[0].start, members[0].end, members))
    fine = sorted((_report(e, outlets, published) for e in tail), key=_key)
    if not all(is_fine(r.start, r.end) for r in [*fine, *(m for c in clusters for m in c.members)]):
        raise ValueError("merge_resumed takes day- and week-precision reports only")
    _sweep(fine, clusters, window)
    merged = [_build(c.members, block_key(c.members[0].event)) for c in clusters]
    return sorted(merged, key=lambda m: m.event_id)
