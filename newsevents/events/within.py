"""From event mentions to events: attributes, filtering, and merging within a document.

Mentions of one event (same dyad, same CAMEO root, compatible dates and
places, same modality) merge into one Event whose ``mentions`` counts them;
casualty reports with no actor ("65 people were killed in the attack") join
the violent event they report on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from ..codebook import Codebook
from ..codebook.patterns import PatternSet
from ..model import Actor, Count, Event, EventDate, Location, Mention, Place
from ..nlp.extensions import sentence_of, sentences
from ..nlp.records import ActorMention, CountMention, DateMention
from .acled import AcledClassifier
from .attach import LocationChooser, choose_date, choose_location, counts_for
from .coder import ACLED_ROOTS, Candidate, Trace, intent_modality
from .detect import fits
from .learned import Prediction
from .slots import victim_words

SYMMETRIC_ROOTS = {"04", "05", "06"}
PLACE_TARGET_ROOTS = {"14", "15"}
# assault and mass violence: whom they befell is their target even where no actor names
# them ("the operator of a transmission tower"); MUC and ACLED record such victims
VICTIM_ROOTS = {"18", "20"}
# acts whose object is whom they befell: an attack, an abduction, a physical assault, an
# assassination; a pattern with a casualty kind ("kill", "wound") says so too. A bombing's
# object is as often the bomb ("detonated a car bomb") as whom it was meant for.
_HARMS_TO_PEOPLE = ("180", "181", "182", "186")
VIOLENT_ROOTS = {"18", "19", "20"}
_FOLD_SENTENCES = 2


@dataclass
class Mentioned:
    cand: Candidate
    date: DateMention | None
    place: Place | None
    counts: list[CountMention]
    sent_index: int


@dataclass
class Draft:
    items: list[Mentioned] = field(default_factory=list)
    extra_counts: list[tuple[CountMention, Mentioned]] = field(default_factory=list)

    @property
    def first(self) -> Mentioned:
        return self.items[0]


def _key(m: ActorMention | None) -> str | None:
    if m is None:
        return None
    return m.actor.code or (m.actor.name or m.actor.text).lower()


def _date_range(value: str, precision: str) -> tuple[date, date]:
    if precision == "year":
        y = int(value[:4])
        return date(y, 1, 1), date(y, 12, 31)
    if precision == "month":
        y, m = int(value[:4]), int(value[5:7])
        end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        return date(y, m, 1), end
    d = date.fromisoformat(value[:10])
    if precision == "week":
        return d, d + timedelta(days=6)
    return d, d


def dates_compatible(a: DateMention | None, b: DateMention | None, window: int) -> bool:
    if a is None or b is None:
        return True
    a0, a1 = _date_range(a.value, a.precision)
    b0, b1 = _date_range(b.value, b.precision)
    return a0 <= b1 + timedelta(days=window) and b0 <= a1 + timedelta(days=window)


def _place_level(p: Place) -> int:
    if p.feature == "country":
        return 0
    if p.feature in ("admin1", "admin2", "region"):
        return 1
    return 2


def places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if (a.name or a.text).lower() == (b.name or b.text).lower():
        return True
    if a.country != b.country:
        return False
    la, lb = _place_level(a), _place_level(b)
    if min(la, lb) == 0:
        return True  # a country and a place in it
    if la != lb and a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return False


def _named_apart(m: ActorMention | None, n: ActorMention | None) -> bool:
    """Two actors of one code with different names ("Labour and the Tories", both
    GBRPTY) are two parties, not two mentions of one."""
    if m is None or n is None or m.actor.name is None or n.actor.name is None:
        return False
    return m.actor.name != n.actor.name


def _same_dyad(x: Mentioned, y: Mentioned) -> bool:
    a, b = x.cand, y.cand
    if a.root != b.root or a.modality != b.modality:
        return False
    pair_a = (_key(a.source), _key(a.target))
    pair_b = (_key(b.source), _key(b.target))
    if pair_a == pair_b:
        return not (_named_apart(a.source, b.source) or _named_apart(a.target, b.target))
    return (
        a.root in SYMMETRIC_ROOTS
        and pair_a == pair_b[::-1]
        and not (_named_apart(a.source, b.target) or _named_apart(a.target, b.source))
    )


def _swapped(x: Mentioned, y: Mentioned) -> bool:
    """Whether y names x's parties the other way round (symmetric events only)."""
    a, b = x.cand, y.cand
    pair_a = (_key(a.source), _key(a.target))
    pair_b = (_key(b.source), _key(b.target))
    return pair_a != pair_b and pair_a == pair_b[::-1]


def _compatible(draft: Draft, m: Mentioned, window: int) -> bool:
    return all(
        _same_dyad(d, m)
        and dates_compatible(d.date, m.date, window)
        and places_compatible(d.place, m.place)
        for d in draft.items
    )


def _property_harmed(c: Candidate) -> bool:
    """A violent or destructive act on the property its pattern names, by an unnamed hand:
    "about 20 shops were looted" happened, though nobody is named as looting (as ACLED and
    MUC code it); its kind says who does it when the text does not."""
    return (
        c.harms
        and c.pattern.pos == "verb"
        and bool(c.pattern.object)
        and c.modality == "asserted"
    )


def unusable(c: Candidate) -> str | None:
    """Why a mention cannot stand as an event on its own, or None when it can.

    An event the learned classifier found or confirmed (``c.learned``) may stand with no
    actor named: "three civilians were killed in an air strike" happened though nobody
    is named as striking."""
    s, t = c.source, c.target
    if t is not None and not (t.actor.code or t.actor.country or t.actor.group):
        t = c.target = None
    if c.learned and c.modality not in ("hypothetical", "negated", "denied"):
        if s is not None and not (s.actor.code or s.actor.country or s.actor.group):
            s = c.source = None
        if s is not None or c.root in ACLED_ROOTS:
            return None  # its kind names who does it when the text does not
    if s is None and t is None and not _property_harmed(c):
        return "neither source nor target is a known actor"
    if s is not None and not (s.actor.code or s.actor.country or s.actor.group):
        return f"the source '{s.actor.text}' has no actor code"
    if t is None and not c.targetless:
        return "the pattern needs a target and none was found"
    if t is None and c.modality in ("hypothetical", "negated", "denied"):
        return f"an event with no target must at least be meant, this one is {c.modality}"
    if s is None and not _property_harmed(c) and not (
        t is not None and (c.root in VIOLENT_ROOTS or c.code.startswith("173"))
        and c.pattern.pos == "verb"
    ):
        # "X was attacked", "X were arrested": an act on a known target by an unnamed hand
        # still counts (an arrest's hand is the police's)
        return "no source actor"
    if (
        s is not None
        and t is not None
        and _key(s) == _key(t)
        and (s.actor.name or "") == (t.actor.name or "")
    ):
        return "source and target are the same actor"
    return None


def _usable(c: Candidate) -> bool:
    return unusable(c) is None


def framed_once(cands: Sequence[Candidate], trace: Trace | None = None) -> list[Candidate]:
    """A frame verb's own event gives way to the event it frames where that one is
    usable: "rejected a demand to release prisoners" is one refusal to release them."""
    present = {id(c) for c in cands}
    out = []
    for c in cands:
        inner = [f for f in c.framing if id(f) in present and unusable(f) is None]
        if inner:
            if trace is not None:
                trace(c.trigger, f"{c.pattern.id}: the frame of {inner[0].code}, one act")
            continue
        out.append(c)
    return out


def attach_all(
    doc: Doc,
    cands: Sequence[Candidate],
    patterns: PatternSet,
    chooser: LocationChooser | None,
    published: str | None = None,
) -> list[Mentioned]:
    dates: list[DateMention] = doc._.dates or []
    places: list[Place] = doc._.places or []
    counts: list[CountMention] = doc._.counts or []
    sent_starts = [s.start for s in sentences(doc)]
    out = []
    for c in cands:
        sent_index = max(i for i, start in enumerate(sent_starts) if start <= c.trigger.i)
        when = choose_date(c, dates, patterns)
        if _yet_to_come(c, when, published):
            _intended(c, patterns)
        out.append(
            Mentioned(
                cand=c,
                date=when,
                place=choose_location(c, places, patterns, chooser),
                counts=counts_for(c, counts),
                sent_index=sent_index,
            )
        )
    return out


def _yet_to_come(c: Candidate, when: DateMention | None, published: str | None) -> bool:
    """An act told as done but dated after the day the story was filed ("starts talks
    tomorrow", "holds a hearing on Friday next week") has not happened yet."""
    return (
        c.modality == "asserted"
        and published is not None
        and when is not None
        and when.precision == "day"
        and when.relation == "on"
        and when.value[:10] > published[:10]
    )


def _intended(c: Candidate, patterns: PatternSet) -> None:
    """Code an act yet to come as an intention to do it, as "will meet" is coded."""
    c.modality = intent_modality(c.root, patterns)
    c.code = patterns.frames["intend"].codes.get(c.root) or c.code


def merge(mentioned: Sequence[Mentioned], window: int) -> list[Draft]:
    drafts: list[Draft] = []
    tolls: list[Mentioned] = []
    for m in sorted(mentioned, key=lambda x: x.cand.trigger.i):
        c = m.cand
        casualty = c.pattern.casualty is not None or any(
            cm.kind in ("killed", "injured") for cm in m.counts
        )
        if c.source is None and casualty and c.root in VIOLENT_ROOTS and m.counts:
            tolls.append(m)  # folded below, once every event of the document is known
            continue
        if not _usable(c):
            continue
        for d in drafts:
            if _usable(d.first.cand) and _compatible(d, m, window):
                if _swapped(d.first, m):
                    # one orientation per event: the first mention's
                    c.source, c.target = c.target, c.source
                d.items.append(m)
                break
        else:
            drafts.append(Draft(items=[m]))
    for m in tolls:
        # "65 people were killed in the attack": the toll of an event told in the same or
        # the last two sentences; otherwise an event of its own
        host = _toll_host(drafts, m)
        if host is not None:
            host.extra_counts.extend((cm, m) for cm in m.counts)
        elif _usable(m.cand) or (m.cand.source is None and m.cand.target is None):
            drafts.append(Draft(items=[m]))
    return drafts


def _toll_host(drafts: Sequence[Draft], m: Mentioned) -> Draft | None:
    best: tuple[int, Draft] | None = None
    for d in drafts:
        if d.first.cand.root not in VIOLENT_ROOTS:
            continue
        gap = min(abs(m.sent_index - i.sent_index) for i in d.items)
        later = min(i.sent_index for i in d.items) > m.sent_index
        near = gap <= _FOLD_SENTENCES and not (later and gap > 0)
        if near and (best is None or gap < best[0]):
            best = (gap, d)
    return best[1] if best else None


def _described_victim(items: Sequence[Mentioned], doc: Doc) -> Actor | None:
    """The victims' own words as the target, where no actor names them: an actor with no
    code, country or dictionary entry (kind "described")."""
    for m in items:
        if not (m.cand.pattern.casualty or m.cand.code.startswith(_HARMS_TO_PEOPLE)):
            continue  # "hurled two grenades", "detonated a bomb": the object is the weapon
        words = victim_words(m.cand.trigger)
        if words is not None:
            span = doc[words[0] : words[1]]
            return Actor(
                text=span.text, kind="described", span=(span.start_char, span.end_char)
            )
    return None


def _best_actor(items: Sequence[ActorMention | None]) -> ActorMention | None:
    present = [m for m in items if m is not None]
    if not present:
        return None

    def score(m: ActorMention) -> tuple[int, int, int]:
        a = m.actor
        return (a.kind == "person" and a.name is not None, a.name is not None, bool(a.agent))

    return max(present, key=score)


def _event_date(items: Sequence[Mentioned], published: str | None) -> EventDate | None:
    texts = [m.date for m in items if m.date is not None]
    if texts:
        order = {"day": 0, "week": 1, "month": 2, "year": 3}
        best = min(texts, key=lambda d: (order.get(d.precision, 4), d.value))
        return EventDate(best.value, best.precision, best.text, "text")  # type: ignore[arg-type]
    if published:
        return EventDate(published, "day", None, "publication")
    return None


def _location(items: Sequence[Mentioned]) -> Location | None:
    places = [m.place for m in items if m.place is not None]
    if not places:
        return None
    best = max(places, key=lambda p: (_place_level(p), p.geonameid is not None))
    return Location.from_place(best)


def _counts(
    draft: Draft, doc_id: str, reported_by: str | None
) -> tuple[dict[str, Count], dict[str, tuple[Count, ...]]]:
    figures: dict[str, list[Count]] = {}
    pairs = [(cm, m) for m in draft.items for cm in m.counts] + draft.extra_counts
    for cm, m in pairs:
        count = Count(
            min=cm.min,
            max=cm.max,
            text=cm.text,
            reported_by=m.cand.reported_by or reported_by,
            doc_id=doc_id,
            vague=cm.vague,
        )
        bucket = figures.setdefault(cm.kind, [])
        if all((c.min, c.max) != (count.min, count.max) for c in bucket):
            bucket.append(count)
    best = {}
    for kind, bucket in figures.items():
        # the most conservative figure, as ACLED codes fatalities
        best[kind] = min(bucket, key=lambda c: c.min if c.min is not None else c.max or 0)
    return best, {k: tuple(v) for k, v in figures.items() if len(v) > 1}


# Agents that act at home: a court, police, parliament, opposition or rebels with no
# country named are taken to be of the country of those they act on, when those are
# people of a sector too ("police arrested Kenyan protesters"); a committee investigating
# Russia, the state, is not thereby Russian.
DOMESTIC_AGENTS = {"JUD", "COP", "LEG", "OPP", "REB", "INS", "CVL", "LAB", "EDU", "PTY"}


@dataclass(frozen=True)
class Home:
    """The country a story is clearly about, and the agents that are that state's own
    institutions when named bare ("the police", "ministers"; actors.yaml home_agents)."""

    country: str
    agents: frozenset[str]


def story_home(doc: Doc) -> Home | None:
    resolver = doc._.resolver
    if resolver is None:
        return None
    lead = resolver.story.leading()
    if lead is None or not resolver.story.clear(lead):
        return None
    return Home(lead, resolver.words.home_agents)


def _with_context_country(
    actor: Actor | None,
    other: Actor | None,
    location: Location | None,
    *,
    domestic: bool,
    home: Home | None = None,
) -> Actor | None:
    """Give a country to an actor the text names without one, from its context:
    the counterpart's country for domestic agents, else the event's location, else, for
    a state's own institution, the country the story is about."""
    if actor is None or actor.country or not actor.agent or actor.agent in ("IGO", "NGO"):
        return actor
    country, why = None, ""
    abroad = (
        location is not None
        and location.country is not None
        and other is not None
        and other.country != location.country
    )
    if (domestic and actor.agent in DOMESTIC_AGENTS and other is not None and other.country
            and other.agent and not abroad):
        # not where the counterpart is a foreigner where it happened: rebels who kill
        # French soldiers in Ivory Coast are not French
        country, why = other.country, "counterpart"
    elif location is not None and location.country and actor.kind != "person":
        # a person is not of the place an event happens in (Reagan on the Iran affair)
        country, why = location.country, "event location"
    elif home is not None and actor.kind == "agent" and actor.agent in home.agents:
        # last, as the story's country is the weakest sign: "the army ... north of
        # Jammu" is India's in a story that names Pakistan more often
        country, why = home.country, "the story"
    if country is None:
        return actor
    return replace(
        actor,
        country=country,
        code=country + (actor.code or actor.agent or ""),
        entry=f"{actor.entry or actor.kind}; country from {why}",
    )


def _host_country(
    target: Actor | None, location: Location | None, codebook: Codebook
) -> Actor | None:
    """Violence with no named perpetrator against foreigners on a country's soil:
    "10 Russian soldiers were killed in Ukraine" is coded as Ukraine's act."""
    if target is None or location is None or not location.country:
        return None
    if not target.country or target.country == location.country:
        return None
    country = codebook.country(location.country)
    return Actor(
        name=country.name if country else location.country,
        text=location.text or location.name or "",
        country=location.country,
        code=codebook.actor_code(location.country, None),
        kind="state",
        entry="country where it happened (no perpetrator named)",
    )


# How sure the learned classifier must be of its label to overrule the cue rules, and
# how likely an event at all for its label to stand where the rules find none
STRONG, WEAK = 0.3, 0.3


def _acled(
    code: str,
    sent: Span,
    codebook: Codebook,
    classifier: AcledClassifier | None,
    learned: Prediction | None = None,
) -> dict[str, str] | None:
    """ACLED type from the learned classifier when it is sure, else from the sentence's
    cue words, else from the classifier when it leans, else from the CAMEO code's mapping."""
    mapped = codebook.acled(code)
    if code[:2] not in ACLED_ROOTS and mapped is None:
        return None
    kind = codebook.acled_by_label(learned.event_label) if learned is not None else None
    if kind is not None and (learned is None or not fits(learned.event_label, code, codebook)):
        kind = None  # another kind of event
    p = learned.event_probability if learned is not None else 0.0
    sure = learned.event_label_probability if learned is not None else 0.0
    if kind is not None and sure >= STRONG:
        return _acled_dict(kind.event_type, kind.sub_event_type, kind.label)
    if classifier is not None:
        label = classifier.classify_span(sent, cameo=code)
        if label is not None and label.event_type is not None:
            return _acled_dict(label.event_type, label.sub_event_type, label.label)
    if kind is not None and p >= WEAK:
        return _acled_dict(kind.event_type, kind.sub_event_type, kind.label)
    if mapped is None or code[:2] not in ACLED_ROOTS | {"03", "05", "08"}:
        return None
    return {"event_type": mapped.event_type, "sub_event_type": mapped.sub_event_type or ""}


def _acled_dict(event_type: str, sub: str | None, label: str | None) -> dict[str, str]:
    out = {"event_type": event_type, "sub_event_type": sub or ""}
    if label:
        out["label"] = label
    return out


def _unidentified(label: str | None, root: str, codebook: Codebook) -> Actor | None:
    """Who does an event nobody is named as doing: the doer its kind implies
    (acled_events.tsv: protesters protest, police arrest), else for violence an
    unidentified armed group (CAMEO UAF, as ACLED's "Unidentified Armed Group")."""
    event = codebook.acled_event(label) if label else None
    agent = event.source_agent if event is not None else ("UAF" if root in VIOLENT_ROOTS else None)
    if agent is None:
        return None
    name = event.source_name if event is not None else "unidentified armed group"
    return Actor(
        name=name,
        text="",
        agent=agent,
        code=agent,
        kind="unidentified",
        entry="nobody named: the doer this kind of event implies",
    )


def _event_id(doc_id: str, code: str, src: str | None, tgt: str | None, start: int) -> str:
    raw = f"{doc_id}|{code}|{src}|{tgt}|{start}"
    return "ev-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _actor(m: ActorMention | None) -> Actor | None:
    return m.actor if m is not None else None


def to_event(
    draft: Draft,
    doc: Doc,
    codebook: Codebook,
    doc_id: str,
    published: str | None,
    outlet: str | None = None,
    acled_classifier: AcledClassifier | None = None,
    predictions: Mapping[int, Prediction] | None = None,
) -> Event:
    items = draft.items
    first = items[0]
    ranked = sorted(
        items,
        key=lambda m: (
            -(
                (m.date is not None)
                + (m.place is not None)
                + bool(m.counts)
                + (m.cand.source is not None and m.cand.source.actor.name is not None)
            )
        ),
    )
    best = ranked[0]
    sent = sentence_of(best.cand.trigger)
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    root = first.cand.root
    code = max((m.cand.code for m in items if m.cand.root == root), key=len)
    cameo = codebook.cameo(code)
    plover = codebook.plover(code)
    learned = (predictions or {}).get(sent.start)
    acled = _acled(code, sent, codebook, acled_classifier, learned)
    source = _best_actor([m.cand.source for m in items])
    target = _best_actor([m.cand.target for m in items])
    location = _location(items)
    home = story_home(doc)
    source_actor = _with_context_country(
        _actor(source), _actor(target), location, domestic=True, home=home
    )
    if source_actor is None and root in VIOLENT_ROOTS:
        source_actor = _host_country(_actor(target), location, codebook)
    if source_actor is None:
        label = next((m.cand.learned for m in items if m.cand.learned), None)
        mapped = codebook.acled(code)
        # who does it follows from what was done: the code's own ACLED kind first
        own = mapped.label if mapped is not None and mapped.sub_event_type else None
        label = own or label or (acled or {}).get("label")
        # an unnamed doer is of the country where it acts, as ACLED names "Unidentified
        # Armed Group (Russia)" and the police that arrest in Lebanon are Lebanon's
        source_actor = _with_context_country(
            _unidentified(label, root, codebook), _actor(target), location, domestic=True,
            home=home,
        )
    # police and governments act at home: the demonstrators Egyptian police disperse are
    # Egyptian (not so the rebels an army fights, who may be abroad)
    at_home = source_actor is not None and source_actor.agent in ("COP", "GOV", "JUD")
    target_actor = _with_context_country(
        _actor(target), source_actor if at_home else None, location, domestic=at_home,
        home=home,
    )
    if target_actor is None and root in PLACE_TARGET_ROOTS and location and location.country:
        # protests and shows of force with no named target are aimed at the country
        # where they happen (CAMEO practice)
        country = codebook.country(location.country)
        target_actor = Actor(
            name=country.name if country else location.country,
            text=location.text or location.name or "",
            country=location.country,
            code=codebook.actor_code(location.country, None),
            kind="state",
            entry="location",
        )
    if target_actor is None and root in VICTIM_ROOTS:
        target_actor = _described_victim(items, doc)
    reported_by = next((m.cand.reported_by for m in items if m.cand.reported_by), None)
    claimed = next((m.cand.claimed_by for m in items if m.cand.claimed_by), None)
    counts, figures = _counts(draft, doc_id, reported_by)
    mentions = tuple(
        Mention(
            doc_id=doc_id,
            evidence=sentence_of(m.cand.trigger).text.strip(),
            char_span=(
                sentence_of(m.cand.trigger).start_char,
                sentence_of(m.cand.trigger).end_char,
            ),
            rule=f"{m.cand.pattern.pos}:{m.cand.pattern.id}",
            outlet=outlet,
            published=published,
        )
        for m in items
    ) + tuple(
        Mention(
            doc_id,
            sentence_of(m.cand.trigger).text.strip(),
            (sentence_of(m.cand.trigger).start_char, sentence_of(m.cand.trigger).end_char),
            f"casualty:{m.cand.pattern.id}",
            outlet,
            published,
        )
        for m in {id(m): m for _, m in draft.extra_counts}.values()
    )
    confidence = 0.55
    if source is not None and source.how in ("dictionary", "person", "coref"):
        confidence += 0.15
    if target is not None and target.how in ("dictionary", "person", "coref"):
        confidence += 0.1
    if first.cand.pattern.pos == "verb":
        confidence += 0.1
    if first.cand.inherited_source:
        confidence -= 0.15
    confidence = round(min(0.95, confidence + 0.02 * (len(items) - 1)), 2)
    frame = first.cand.frame
    rule = f"{first.cand.pattern.pos}:{first.cand.pattern.id}" + (
        f"+frame:{frame.kind}" if frame is not None and frame.code else ""
    )
    return Event(
        event_id=_event_id(doc_id, code, _key(source), _key(target), first.cand.trigger.idx),
        doc_id=doc_id,
        evidence=text,
        char_span=(start, start + len(text)),
        source=source_actor,
        target=target_actor,
        cameo=code,
        cameo_root=cameo.root,
        goldstein=cameo.goldstein,
        quad_class=cameo.quad_class,
        plover={"type": plover.type if plover else None, "mode": plover.mode if plover else None},
        acled=acled,
        date=_event_date(items, published),
        location=location,
        counts=counts,
        modality=first.cand.modality,
        claimed_by=(claimed.actor.name or claimed.actor.text) if claimed is not None else None,
        reported_by=reported_by,
        mentions=len(mentions),
        mention_list=mentions,
        confidence=confidence,
        rule=rule,
        # the trigger of the mention whose sentence is the evidence, so that it lies in it
        trigger=best.cand.trigger.text,
        count_figures=figures,
        trigger_span=(
            best.cand.trigger.idx,
            best.cand.trigger.idx + len(best.cand.trigger.text),
        ),
    )
