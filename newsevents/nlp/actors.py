"""Actors: who a noun phrase, name or pronoun refers to, coded.

For each noun-phrase head the resolver combines dictionary hits (countries,
adjectives, capitals, organisations, groups, office-holders), agent nouns
("envoy", "troops", "police"), facility heads ("an Afghan intelligence
base"), named people described by titles and appositives ("Zalmay
Khalilzad, US special representative"), and coreference: a later
"Khalilzad", "he" or "the envoy" is the person first described, "its" the
last organisation or state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..codebook import ActorEntry
from ..codebook.build import date_bounds
from ..model import Actor, Place
from .actor_dict import (
    ADJECTIVE,
    CAPITAL,
    COUNTRY,
    GROUP,
    ORG,
    PERSON,
    ActorDictionary,
    Hit,
    actor_words,
)
from .context import StoryCountry
from .extensions import sentences
from .names import company_span, name_country, whole_names
from .records import ActorMention
from .storyhead import in_dateline

_NOUNISH = {"NOUN", "PROPN", "PRON", "NUM", "X"}
# Members of an armed group named by what they are ("guerrillas", "terrorists").
_MEMBER_AGENTS = {"REB", "INS"}
# Agents of a government office, which "shadow" makes the opposition's.
_OFFICE_AGENTS = frozenset({"GOV", "MIL"})
# Agents of public office, of which a "former" holder is an elite (ELI).
_OFFICIAL_AGENTS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# An actor's entry says so where its country is the story's, not the text's own word.
STORY_COUNTRY = "country from the story"
_MAX_COREF_SENTS = 4


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


class DocActors:
    """Resolves actors in one document; results are cached per token."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary, published: str | None):
        self.doc = doc
        self.d = dictionary
        self.words = actor_words()
        # the offices people hold are read on the story's date; a story with no date of
        # its own is dated by the year its text names most often (BBC stories of 2004-5)
        self.published = published or _year_most_named(doc)
        self.agent_tokens = {t.i for t in doc if dictionary.agent_for([_lemma(t)])}
        self.hits: dict[int, Hit] = whole_names(
            doc,
            dictionary.match(doc),
            dictionary.lower_forms,
            self.words,
            self.agent_tokens,
            dictionary.person_words,
        )
        self.story = StoryCountry(
            doc, self.hits, self._person_country, lambda ref: dictionary.entries[ref].country
        )
        self.cache: dict[int, ActorMention | None] = {}
        self.persons: dict[str, Actor] = {}  # full name or surname -> identity
        self.companies: dict[str, Actor] = {}  # a company's name and first word -> identity
        # "their" standing for "West Germany and Japan": the members after the first
        self.coordinated_refs: dict[int, list[ActorMention]] = {}
        self.descriptors: dict[str, tuple[str, ...]] = {}  # person name -> title lemmas
        self.gender: dict[str, str] = {}  # person name -> "m" or "f", from honorifics
        self.history: list[ActorMention] = []  # resolved mentions in document order
        # each token's modifiers, asked for again and again while phrases are resolved
        self._modifiers: dict[int, list[Token]] = {}
        self.sents: list[Span] = list(sentences(doc))
        self.sent_index = {t.i: n for n, s in enumerate(self.sents) for t in s}
        self._ents: Sequence[Span] | None = None  # doc.ents builds every span on each call
        # resolved places by token, so "rebels in Darfur" and "the mayor of Nablus" get
        # a country even where the actor dictionaries do not list the place
        self.places: dict[int, Place] = {}
        for place in doc._.places or []:
            if place.role != "place" or not place.country:
                continue
            span = doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.places[t.i] = place

    # -- public -------------------------------------------------------------

    def run(self) -> list[ActorMention]:
        for token in self.doc:
            if token.pos_ in _NOUNISH and token.dep_ not in ("compound", "det", "amod", "nmod"):
                self.resolve(token)
        return [m for m in self.history]

    def resolve(self, token: Token) -> ActorMention | None:
        if token.i in self.cache:
            return self.cache[token.i]
        self.cache[token.i] = None  # guards against cycles through modifiers
        if in_dateline(token):
            return None  # "UNITED NATIONS, March 5 -": where the story was filed, no actor
        mention = self._resolve(token)
        self.cache[token.i] = mention
        if mention is not None:
            self.history.append(mention)
        return mention

    def modifier_actor(self, token: Token, *, stance_ok: bool = False) -> ActorMention | None:
        """An actor named by a modifier ("US" in "US air strikes", "Taliban's"); not one
        that says whom the head is against or for ("anti-French")."""
        if not stance_ok and self.stance(token) is not None:
            return None
        if token.pos_ == "PRON":
            return self.resolve(token)
        company = self._company(token)
        if company is not None:
            return company
        hit = self.hits.get(token.i)
        if (
            hit is None
            and token.i not in self.places
            and token.tag_ != "VBN"
            and self._agent_of_head(token) is None
        ):
            # "the Iran arms policy": "arms" names no actor, so the policy is not Iran's;
            # "US-led", "Iranian-backed" name their leader and backer
            return None
        country, agent, group = self._np_attributes(token)
        if not (country or group):
            return None
        start, end = (hit.start, hit.end) if hit is not None else (token.i, token.i + 1)
        name = None
        entry = None
        if hit is not None and hit.kind in (ORG, GROUP):
            e = self.d.entries[hit.ref]
            name, entry = e.name, f"{e.source_file}:{e.id}"
        elif hit is not None and hit.kind == PERSON:
            name, entry = hit.ref, f"people.tsv:{hit.ref}"
        elif hit is not None:
            name, entry = self.d.countries[hit.ref].name, f"countries.tsv:{hit.ref}"
        actor = Actor(
            name=name,
            text=self.doc[start:end].text,
            country=country,
            agent=agent,
            group=group,
            code=self._code(country, agent, group),
            kind="modifier",
            span=self._chars(start, end),
            entry=entry,
        )
        return self._mention(start, end, token, actor, "modifier")

    def coordinated(self, mention: ActorMention) -> list[ActorMention]:
        """ "Hungarian and Romanian officials": one actor per coordinated country."""
        head = self.doc[mention.head]
        out: list[ActorMention] = []
        for mod in self._left_modifiers(head):
            hit = self.hits.get(mod.i)
            if (
                hit is None
                or hit.kind not in (COUNTRY, ADJECTIVE)
                or hit.ref != mention.actor.country
            ):
                continue
            for conj in mod.conjuncts:
                other = self.hits.get(conj.i)
                if other is None or other.kind not in (COUNTRY, ADJECTIVE) or other.ref == hit.ref:
                    continue
                a = mention.actor
                actor = replace(
                    a,
                    country=other.ref,
                    code=self._code(other.ref, a.agent, a.group),
                    text=f"{self.doc[other.start : other.end].text} {head.text}",
                    span=self._chars(other.start, other.end),
                )
                out.append(ActorMention(other.start, other.end, mention.head, actor, "np"))
        return out

    def set_mention(self, token: Token, mention: ActorMention) -> None:
        """Let a later step (quotes) settle a token's actor, e.g. "we" in a quote."""
        self.cache[token.i] = mention
        self.history.append(mention)

    # -- resolution ---------------------------------------------------------

    def _resolve(self, token: Token) -> ActorMention | None:
        low = token.lower_
        w = self.words
        if token.pos_ == "PRON" or (low in w.pronouns and token.i not in self.hits):
            # "THEY" in wire copy in capitals is tagged a proper noun: still a pronoun,
            # resolved to what it stands for or to nobody, never a name of its own
            return self._coref(token)
        hit = self.hits.get(token.i)
        if hit is not None and hit.kind == PERSON:
            return self._known_person(token, hit)
        if hit is not None and hit.kind in (ORG, GROUP):
            entry = self.d.entries[hit.ref]
            if not self._head_outside(token, hit):
                actor = Actor(
                    name=entry.name,
                    text=self.doc[hit.start : hit.end].text,
                    country=entry.country,
                    agent=entry.agent,
                    group=entry.group,
                    code=entry.code or self._code(entry.country, entry.agent, entry.group),
                    kind=entry.kind or "organisation",
                    span=self._chars(hit.start, hit.end),
                    entry=f"{entry.source_file}:{entry.id}",
                )
                actor = self._in_context(token, hit, actor)
                if entry.kind == "bus":
                    self._remember_company(self.doc[hit.start : hit.end], actor)
                return self._mention(hit.start, hit.end, token, actor, "dictionary")
        if (
            hit is not None
            and hit.kind in (COUNTRY, CAPITAL)
            and not self._head_outside(token, hit)
        ):
            return self._country_actor(token, hit)
        if hit is not None and hit.kind == ADJECTIVE and token.pos_ in ("NOUN", "PROPN"):
            shared = self._shared_head(token, hit)
            if shared is not None:
                return shared
            if token.tag_ in ("NNS", "NNPS") and not self._head_outside(token, hit):
                # "the Afghans": the people of a country; "Bosnian Serbs" and "the
                # Albanians of southern Serbia" are people of Bosnia and of Serbia
                home = self._modifier_country(token) or self._located_in(token, also_of=True)
                country = self.d.countries[home or hit.ref]
                actor = Actor(
                    name=country.name,
                    text=token.text,
                    country=country.iso3,
                    agent=None,
                    code=self._code(country.iso3, None),
                    kind="people",
                    span=self._chars(token.i, token.i + 1),
                    entry=f"countries.tsv:{country.iso3}",
                )
                return self._mention(token.i, token.i + 1, token, actor, "dictionary")
        if token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and self._surname_known(token)):
            return self._person(token)
        if token.pos_ == "PROPN" and any(
            c.dep_ == "appos" and any(self._np_attributes(c, allow_person=False))
            for c in token.children
        ):
            return self._person(token)  # "Kenzo Oshima, the UN relief coordinator": a person
        company = self._company(token)
        if company is not None:
            return company
        if (
            token.pos_ == "PROPN"
            and token.i in self.places
            and token.ent_type_ in ("GPE", "LOC", "FAC")
            and token.dep_ not in ("compound", "amod")
            and token.tag_ != "NNPS"
        ):
            # a plural ("the Gurkhas") names people, not the place a gazetteer may know
            return self._place_actor(token, self.places[token.i])
        for child in token.children:
            # "The International Labor Office (ILO)": the known abbreviation names it
            ahit = self.hits.get(child.i)
            if child.dep_ == "appos" and ahit is not None and ahit.kind in (ORG, GROUP):
                inner = self.resolve(child)
                if inner is not None:
                    return replace(inner, start=token.left_edge.i, head=token.i)
        counted = self.counted(token)
        if counted is not None:
            inner = self.resolve(counted)
            if inner is not None:
                return replace(inner, start=min(inner.start, token.i), head=token.i)
        return self._noun_phrase(token)

    def counted(self, token: Token) -> Token | None:
        """The "of" complement of a measuring head: "thousands of students" -> students."""
        if token.lemma_.lower() not in self.words.quantity_heads and token.lower_ not in (
            self.words.quantity_heads
        ):
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.counted(pobj) or pobj
        return None

    def _shared_head(self, token: Token, hit: Hit) -> ActorMention | None:
        """ "Sierra Leonean and Liberian refugees": the parser makes the first adjective a
        head coordinated with the noun both adjectives share."""
        partner = next((c for c in token.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
        if partner is None:
            return None
        agent = self._agent_of_head(partner)
        if agent is None:
            return None
        country = self.d.countries[hit.ref]
        actor = Actor(
            name=None,
            text=f"{self.doc[hit.start : hit.end].text} {partner.text}",
            country=country.iso3,
            agent=agent,
            code=self._code(country.iso3, agent),
            kind="agent",
            span=self._chars(hit.start, hit.end),
            entry=f"agents.tsv:{partner.lemma_.lower()}",
        )
        return self._mention(hit.start, hit.end, token, actor, "np")

    def _in_context(self, token: Token, hit: Hit, actor: Actor) -> Actor:
        """A name other states' stories use for their own bodies ("the Republicans",
        "Congress") is the body of the country beside it, else of the story's country
        where the story is about another state than the dictionary's."""
        if self.doc[hit.start : hit.end].text.lower() not in self.words.context_names:
            return actor
        country = self._modifier_country(token)
        lead = self.story.leading()
        if country is None and lead is not None:
            if actor.country is None:
                country = lead  # a party family: the story's
            elif not self.story.mentioned(actor.country) and self.story.clear(lead):
                country = lead  # a story about Italy that never names the US
        if country is None or country == actor.country:
            return actor
        # a party family keeps its name ("Socialists"); another state's "Republicans"
        # are named as the text names them, not as the dictionary's US party
        name = actor.name if actor.country is None else self.doc[hit.start : hit.end].text
        return replace(
            actor,
            name=name,
            country=country,
            group=None,
            code=self._code(country, actor.agent),
            entry=f"{actor.entry}; {STORY_COUNTRY}",
        )

    def _company(self, token: Token) -> ActorMention | None:
        """A company, by its whole name ("Dome Petroleum Ltd", "British Airways") or by
        the first word of a name met before ("Dome said ...")."""
        if token.pos_ != "PROPN":
            return None
        span = company_span(token, self.words)
        if span is None:
            known = self.companies.get(token.lower_)
            if known is None:
                return None
            actor = replace(known, text=token.text, span=self._chars(token.i, token.i + 1))
            return self._mention(token.i, token.i + 1, token, actor, "coref")
        if span.root.i != token.i:
            return self.resolve(span.root)  # "Dome" in "Dome Petroleum Ltd": the company
        for t in span:
            hit = self.hits.get(t.i)
            if hit is not None and hit.kind == ORG and self.d.entries[hit.ref].kind == "bus":
                # "Amoco Corp.": the dictionary's Amoco, whatever suffix follows
                inner = self._entry_mention(t, hit)
                self._remember_company(span, inner.actor)
                return replace(inner, start=span.start, end=span.end, head=token.i)
        country = name_country(span, self.hits)
        actor = Actor(
            name=span.text,
            text=span.text,
            country=country,
            agent="BUS",
            code=self._code(country, "BUS"),
            kind="company",
            span=(span.start_char, span.end_char),
            entry="company: " + ("its name's country" if country else "home country unknown"),
        )
        self._remember_company(span, actor)
        return self._mention(span.start, span.end, token, actor, "company")

    def _remember_company(self, span: Span, actor: Actor) -> None:
        """A company met by its name may come back by its first word: "Dome said"."""
        self.companies[span.text.lower()] = actor
        first = span[0]
        named = first.i not in self.hits or self.hits[first.i].kind == ORG
        if named and first.lower_ not in self.words.company_words and not first.is_stop:
            self.companies.setdefault(first.lower_, actor)

    def _entry_mention(self, token: Token, hit: Hit) -> ActorMention:
        entry = self.d.entries[hit.ref]
        actor = Actor(
            name=entry.name,
            text=self.doc[hit.start : hit.end].text,
            country=entry.country,
            agent=entry.agent,
            group=entry.group,
            code=entry.code or self._code(entry.country, entry.agent, entry.group),
            kind=entry.kind or "organisation",
            span=self._chars(hit.start, hit.end),
            entry=f"{entry.source_file}:{entry.id}",
        )
        return self._mention(hit.start, hit.end, token, actor, "dictionary")

    def _person_country(self, name: str) -> str | None:
        roles = self.d.codebook.person_roles(name, self.published) or self.d.people.get(name, ())
        return roles[0].country if roles else None

    def _place_actor(self, token: Token, place: Place) -> ActorMention:
        """A place the dictionaries lack ("Aleppo", "South Carolina") stands for its country."""
        span = self.doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
        start, end = (span.start, span.end) if span is not None else (token.i, token.i + 1)
        country = self.d.countries.get(place.country or "")
        actor = Actor(
            name=country.name if country else place.country,
            text=self.doc[start:end].text,
            country=place.country,
            code=self._code(place.country, None),
            kind="place",
            span=self._chars(start, end),
            entry=f"gazetteer:{place.geonameid}" if place.geonameid else "gazetteer",
        )
        return self._mention(start, end, token, actor, "place")

    def _head_outside(self, token: Token, hit: Hit) -> bool:
        """True when the hit is only a modifier of a head outside it ("Taliban officials")."""
        return token.dep_ in ("compound", "amod", "nmod") and not (
            hit.start <= token.head.i < hit.end
        )

    def _code(self, country: str | None, agent: str | None, group: str | None = None) -> str | None:
        if not country and not agent and not group:
            return None
        return self.d.codebook.actor_code(country, agent, group)

    def _chars(self, start: int, end: int) -> tuple[int, int]:
        span = self.doc[start:end]
        return (span.start_char, span.end_char)

    def _mention(
        self,
        start: int,
        end: int,
        head: Token,
        actor: Actor,
        how: str,
        descriptors: tuple[str, ...] = (),
    ) -> ActorMention:
        return ActorMention(start, end, head.i, actor, how, descriptors)

    def _country_actor(self, token: Token, hit: Hit) -> ActorMention:
        country = self.d.countries[hit.ref]
        # A capital standing for a government: "Washington seeks...".
        agent = "GOV" if hit.kind == CAPITAL else None
        actor = Actor(
            name=country.name,
            text=self.doc[hit.start : hit.end].text,
            country=country.iso3,
            agent=agent,
            code=self._code(country.iso3, agent),
            kind="capital" if hit.kind == CAPITAL else "state",
            span=self._chars(hit.start, hit.end),
            entry=f"countries.tsv:{country.iso3}",
        )
        return self._mention(hit.start, hit.end, token, actor, "dictionary")

    # -- people --------------------------------------------------------------

    def _roles_agent(self, name: str) -> tuple[str | None, str | None, str | None]:
        roles = self.d.codebook.person_roles(name, self.published)
        if roles:
            return roles[0].country, roles[0].agent, roles[0].role
        every = self.d.people.get(name, ())
        if every:
            # Known, but out of office on the story's date: an elite, not a government.
            # Every office still to come ("Gordon Brown" in 1994) makes no former holder
            first = every[0]
            if self.published and all(_after(r.start, self.published) for r in every):
                return first.country, "ELI", "not yet " + first.role
            return first.country, "ELI", "former " + first.role
        return None, None, None

    def _is_former(self, token: Token) -> bool:
        """ "former President Clinton", "Doug Jones, a former U.S. attorney"."""
        # an appositive says so of an office ("a former prosecutor"), not of a job ("a
        # former teacher" holds no office)
        heads = [token, *(
            c for c in token.children
            if c.dep_ == "appos" and self.d.agent_for([_lemma(c)]) in _OFFICIAL_AGENTS
        )]
        for head in heads:
            for t in self._left_modifiers(head):
                if t.lower_ in self.words.former:
                    return True
                for c in t.children:
                    if c.lower_ in self.words.former:
                        return True
        return False

    def _known_person(self, token: Token, hit: Hit) -> ActorMention:
        country, agent, role = self._roles_agent(hit.ref)
        if role is not None and role.startswith("not yet "):
            # what they are on the story's date is what the text calls them ("Senator
            # Barack Obama" in 2006), where it calls them anything
            agent = self._describe(token, self.doc[hit.start : hit.end])[1] or agent
        if self._is_former(token):
            agent = "ELI"
        actor = Actor(
            name=hit.ref,
            text=self.doc[hit.start : hit.end].text,
            country=country,
            agent=agent,
            code=self._code(country, agent),
            kind="person",
            span=self._chars(hit.start, hit.end),
            entry=f"people.tsv:{hit.ref}" + (f" ({role})" if role else ""),
        )
        self._remember(self.doc[hit.start : hit.end], actor)
        return self._mention(hit.start, hit.end, token, actor, "dictionary")

    def _name_span(self, token: Token) -> Span:
        if token.ent_type_ == "PERSON":
            if self._ents is None:
                self._ents = self.doc.ents
            for ent in self._ents or ():
                if ent.start <= token.i < ent.end and ent.label_ == "PERSON":
                    return ent
        start = token.i
        while (
            start > 0
            and self.doc[start - 1].pos_ == "PROPN"
            and (self.doc[start - 1].head.i == token.i)
            and self.doc[start - 1].i not in self.hits
        ):
            start -= 1
        return self.doc[start : token.i + 1]

    def _title_word(self, token: Token) -> bool:
        """A word of office or rank, an honorific, an agent noun or a function word."""
        low = token.lower_.rstrip(".")
        w = self.words
        singular = low[:-1] if low.endswith("s") else low  # "MAYORS" in capitals keeps its s
        return (
            low in w.person_titles
            or singular in w.person_titles
            or _lemma(token) in w.person_titles
            or low in w.honorifics
            or token.is_punct
            or token.is_stop
            or self.d.agent_for([_lemma(token)]) is not None
        )

    def _surname_known(self, token: Token) -> bool:
        return token.lower_ in self.persons

    def _remember(self, span: Span, actor: Actor, descriptors: tuple[str, ...] = ()) -> None:
        names = [t for t in span if t.pos_ == "PROPN" and t.lower_ not in self.words.honorifics]
        if not names:
            return
        self.persons[span.text.lower()] = actor
        self.persons[names[-1].lower_] = actor
        if descriptors and actor.name:
            self.descriptors[actor.name] = descriptors
        gender = self._gender(span)
        if gender and actor.name:
            self.gender.setdefault(actor.name, gender)

    def _gender(self, span: Span) -> str | None:
        """ "m" or "f" where an honorific says so ("Mr Howard", "Mrs Howard", "Ms King")."""
        words = [t.lower_.rstrip(".") for t in span]
        if span.start > 0:
            words.insert(0, self.doc[span.start - 1].lower_.rstrip("."))
        for w in words:
            found = self.words.gendered.get(w)
            if found is not None:
                return found
        return None

    def _person(self, token: Token) -> ActorMention | None:
        span = self._name_span(token)
        known = self.persons.get(span.text.lower()) or self.persons.get(token.lower_)
        gender = self._gender(span)
        if known is not None and gender and self.gender.get(known.name or "", gender) != gender:
            known = None  # "Mrs Howard" after "Mr Howard": another person of that name
        before = self.doc[span.start - 1] if span.start > 0 else None
        honoured = token.text[:1].isupper() and any(
            t.lower_.rstrip(".") in self.words.honorifics
            for t in ([before] if before is not None else []) + list(span)
            if t.i != token.i
        )
        if known is None and not honoured and all(self._title_word(t) for t in span):
            # "CAPTAIN GENERAL", "the President": a title names nobody by itself ("Ms King",
            # "Erik Prince ... Prince" are names)
            return self._noun_phrase(token)
        head = span.root if span.root.i == token.i else token
        titles = self._titles(head, span)
        described = self._describe(head, span)
        if known is not None:
            actor = replace(known, text=span.text, span=(span.start_char, span.end_char))
            if self._is_former(head) and actor.agent != "ELI":
                actor = replace(actor, agent="ELI", code=self._code(actor.country, "ELI"))
            return self._mention(span.start, span.end, head, actor, "coref")
        country, agent, group = described
        descriptors = tuple(titles)
        if self._is_former(head):
            agent = "ELI"
        lead = 0
        while lead < len(span) - 1 and self._title_word(span[lead]):
            lead += 1  # "President Reagan": the title goes; "Erik Prince" keeps his name
        name = span[lead:].text
        entry = "described: " + ", ".join(descriptors) if descriptors else None
        if country is None and group is None:
            # nothing in the sentence says whose: the story's country, a weaker reading
            country = self.story.leading()
            if country is not None:
                entry = f"{entry or 'person'}; {STORY_COUNTRY}"
        actor = Actor(
            name=name,
            text=span.text,
            country=country,
            agent=agent,
            group=group,
            code=self._code(country, agent, group),
            kind="person",
            span=(span.start_char, span.end_char),
            entry=entry,
        )
        self._remember(span, actor, descriptors)
        return self._mention(span.start, span.end, head, actor, "person", descriptors)

    def _titles(self, head: Token, span: Span) -> list[str]:
        """Agent lemmas that describe a person: titles, appositive heads."""
        out = []
        for t in self._left_modifiers(head):
            if t.i >= span.start and t.pos_ == "PROPN" and t.i not in self.hits:
                continue
            if self.d.agent_for([_lemma(t)]):
                out.append(_lemma(t))
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                out.append(_lemma(child))
        return out

    def _describe(self, head: Token, span: Span) -> tuple[str | None, str | None, str | None]:
        """Country, agent and group from a person's titles, modifiers and appositive."""
        country = agent = group = None
        sources: list[Token] = [
            t
            for t in self._left_modifiers(head)
            if t.i < span.start or (t.i in self.hits and self.hits[t.i].kind != PERSON)
        ]
        for child in head.children:
            if child.dep_ == "appos":
                sources.append(child)
        for t in sources:
            found = self._np_attributes(t, allow_person=False)
            country = country or found[0]
            if found[1] and (agent is None or agent == "ELI"):
                agent = found[1]
            group = group or found[2]
        if agent is None:
            for t in sources:
                a = self.d.agent_for([_lemma(t)])
                if a:
                    agent = a
                    break
        titled = next((
            self.words.title_agents[t.lower_] for t in sources
            if t.i < span.start and t.text[:1].isupper() and t.lower_ in self.words.title_agents
        ), None)
        agent = titled or agent  # "Representative Jackie Speier": a member of the House
        if agent in _OFFICE_AGENTS and any(
            t.lower_ in self.words.opposition for s in sources for t in (s, *s.lefts)
        ):
            agent = "OPP"  # "shadow chancellor": the opposition's spokesman
        return country, agent, group

    # -- noun phrases ----------------------------------------------------------

    def _left_modifiers(self, token: Token) -> list[Token]:
        """Modifiers that say whose a head is; "anti-French" and "pro-government" say
        whom it is against or for, so they are left out ("anti-French demonstrations"
        are not French, a "pro-government militia" is not the government)."""
        found = self._modifiers.get(token.i)
        if found is None:
            deps = self.words.modifier_deps
            found = self._modifiers[token.i] = [
                c
                for c in token.lefts
                if c.dep_ in deps and self.stance(c) is None and not self._stance_mark(c)
            ]
        return found

    def stance(self, token: Token) -> str | None:
        """ "anti" or "pro" where a modifier is written "anti-French", "pro-Moscow"."""
        doc = self.doc
        hit = self.hits.get(token.i)
        i = hit.start if hit is not None else token.i
        if i >= 2 and doc[i - 1].text in ("-", "\u2013") and doc[i - 2].lower_ in self.words.stance:
            return doc[i - 2].lower_
        prefix, dash, _ = token.lower_.partition("-")
        return prefix if dash and prefix in self.words.stance else None

    def _stance_mark(self, token: Token) -> bool:
        """The "anti" and the hyphen of "anti-French", tokens of their own."""
        doc = self.doc
        if token.lower_ in self.words.stance:
            return token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "\u2013")
        return token.text in ("-", "\u2013") and token.i > 0 and (
            doc[token.i - 1].lower_ in self.words.stance
        )

    def opposed(self, token: Token) -> list[ActorMention]:
        """Who a noun is against: "anti-French demonstrations" are against France."""
        out = []
        for child in token.lefts:
            if child.dep_ in self.words.modifier_deps and self.stance(child) == "anti":
                m = self.modifier_actor(child, stance_ok=True)
                if m is not None:
                    out.append(m)
        return out

    def _agent_of_head(self, token: Token) -> str | None:
        lefts = [t for t in self._left_modifiers(token) if t.dep_ in ("compound", "amod")]
        lemmas = [_lemma(t) for t in lefts] + [_lemma(token)]
        for size in range(min(self.d.max_agent_words, len(lemmas)), 0, -1):
            agent = self.d.agent_for(lemmas[-size:])
            if agent:
                return agent
        return None

    def _np_attributes(
        self, token: Token, *, allow_person: bool = True
    ) -> tuple[str | None, str | None, str | None]:
        """Country, agent, group of a noun phrase without registering it as a mention."""
        hit = self.hits.get(token.i)
        if hit is not None:
            if hit.kind in (COUNTRY, ADJECTIVE):
                return hit.ref, None, None
            if hit.kind == CAPITAL:
                return hit.ref, "GOV", None
            if hit.kind in (ORG, GROUP):
                e = self.d.entries[hit.ref]
                return e.country, e.agent, e.group
            if hit.kind == PERSON and allow_person:
                country, agent, _ = self._roles_agent(hit.ref)
                return country, agent, None
        if token.pos_ == "PRON":
            m = self.resolve(token)
            if m is not None:
                return m.actor.country, m.actor.agent, m.actor.group
            return None, None, None
        if hit is None and token.i in self.places and token.pos_ == "PROPN":
            return self.places[token.i].country, None, None
        country = agent = group = None
        for mod in self._left_modifiers(token):
            c, a, g = self._np_attributes(mod, allow_person=allow_person)
            country = country or c
            group = group or g
            agent = agent or a
        head_agent = self._agent_of_head(token)
        if head_agent and (agent is None or _lemma(token) not in self.words.weak_heads):
            agent = head_agent if group is None else agent
        return country, agent, group

    def _of_complement(self, token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    def _issuer(self, token: Token) -> ActorMention | None:
        """Who speaks through a document: "its report", "a report by Amnesty", "a report
        released in the Rwandan capital"."""
        for child in token.children:
            if child.dep_ == "poss":
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
            if child.dep_ == "acl":
                by = next((c for c in child.children if c.dep_ == "agent"), None)
                where = next(
                    (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("in", "at")),
                    None,
                )
                for prep in (by, where):
                    pobj = (
                        next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
                    )
                    if pobj is not None:
                        found = self.resolve(pobj)
                        if found is not None:
                            return found
        return None

    def _noun_phrase(self, token: Token) -> ActorMention | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        if token.lemma_.lower() in self.words.document_nouns:
            issuer = self._issuer(token)
            if issuer is not None:
                return replace(issuer, head=token.i, how="issuer")
        definite = self._definite_thing(token)
        if definite is not None:
            return definite
        if _lemma(token) in self.words.capital_nouns:
            seat = self._seat_of_government(token)
            if seat is not None:
                return seat
        head_agent = self._agent_of_head(token)
        lemma = _lemma(token)
        facility = lemma in self.words.facility
        country = agent = group = name = None
        entry = None
        start = token.i
        for mod in self._left_modifiers(token):
            c, a, g = self._np_attributes(mod)
            if c or a or g:
                start = min(start, mod.left_edge.i)
            hit = self.hits.get(mod.i)
            if hit is not None and hit.kind in (ORG, GROUP):
                e = self.d.entries[hit.ref]
                name = name or e.name
                entry = entry or f"{e.source_file}:{e.id}"
            country = country or c
            group = group or g
            agent = agent or a
        end = token.i + 1
        if head_agent and country is None and group is None:
            country = self._located_in(token)
        if head_agent and (country is None and group is None):
            of = self._of_complement(token)
            if of is not None:
                c, a, g = self._np_attributes(of)
                inner = self._of_complement(of)
                if not (c or g) and inner is not None:
                    # "the mayor of the West Bank city of Nablus"
                    c, _, g = self._np_attributes(inner)
                hit = self.hits.get(of.i)
                if hit is not None and hit.kind in (ORG, GROUP):
                    e = self.d.entries[hit.ref]
                    name = name or e.name
                    entry = entry or f"{e.source_file}:{e.id}"
                weak = lemma in self.words.weak_heads
                if c or g or (a and weak):
                    country, group = c, g
                    if weak:
                        agent = a or agent  # "leaders of the opposition coalition": OPP
                    end = of.right_edge.i + 1
        if head_agent is None and not facility:
            return None
        if head_agent and group is None and (agent is None or lemma not in self.words.weak_heads):
            agent = head_agent
        if facility and agent is None:
            agent = self.words.facility[lemma]
        if agent == "IGO" and country is not None and group is None:
            # "French peacekeepers": a national contingent, the state's military (an
            # international force is IGO only when no state is named: "peacekeepers")
            agent = "MIL"
        if not (country or agent or group):
            return None
        if facility and not (country or group) and agent is None:
            return None
        coref = self._definite_person(token, head_agent, country)
        if coref is not None:
            return coref
        if group is None and name is None and agent in _MEMBER_AGENTS:
            known = self._story_group(country)
            if known is not None:
                # "the guerrillas", "TERRORISTS" in a story that names one armed group
                # (of their country): its members, as an analyst reads them
                entry_id, e = known
                name, group, country = e.name, e.group, country or e.country
                entry = f"{e.source_file}:{entry_id}; the story's armed group"
                return self._mention(
                    start,
                    end,
                    token,
                    Actor(
                        name=name,
                        text=self.doc[start:end].text,
                        country=country,
                        agent=e.agent,
                        group=group,
                        code=e.code or self._code(country, e.agent, group),
                        kind=e.kind or "armed",
                        span=self._chars(start, end),
                        entry=entry,
                    ),
                    "np",
                )
        actor = Actor(
            name=name,
            text=self.doc[start:end].text,
            country=country,
            agent=agent,
            group=group,
            code=self._code(country, agent, group),
            kind="facility" if facility else ("group" if group else "agent"),
            span=self._chars(start, end),
            entry=entry or (f"agents.tsv:{lemma}" if head_agent else f"facility:{lemma}"),
        )
        return self._mention(start, end, token, actor, "np")

    def _seat_of_government(self, token: Token) -> ActorMention | None:
        """ "the Rwandan capital", "the capital of Chad": a state's capital, which stands
        for its government as "Kigali" or "Washington" does."""
        country = self._modifier_country(token)
        end = token.i + 1
        if country is None:
            of = self._of_complement(token)
            hit = self.hits.get(of.i) if of is not None else None
            if of is None or hit is None or hit.kind not in (COUNTRY, ADJECTIVE):
                return None
            country, end = hit.ref, of.i + 1
        start = token.left_edge.i
        actor = Actor(
            name=self.d.countries[country].name,
            text=self.doc[start:end].text,
            country=country,
            agent="GOV",
            code=self._code(country, "GOV"),
            kind="capital",
            span=self._chars(start, end),
            entry=f"countries.tsv:{country} (its capital)",
        )
        return self._mention(start, end, token, actor, "np")

    def _story_group(self, country: str | None) -> tuple[str, ActorEntry] | None:
        """The one armed group the story names (of ``country``, when it is given)."""
        # national groups only: "militants" in a story naming al-Qaeda are often a local
        # affiliate, not the transnational network
        found = {
            h.ref: self.d.entries[h.ref]
            for h in self.hits.values()
            if h.kind == GROUP
            and self.d.entries[h.ref].kind == "armed"
            and self.d.entries[h.ref].country
        }
        fits = [
            (ref, e) for ref, e in found.items() if country is None or e.country == country
        ]
        return fits[0] if len(fits) == 1 else None

    def _modifier_country(self, token: Token) -> str | None:
        for mod in self._left_modifiers(token):
            hit = self.hits.get(mod.i)
            if (
                hit is not None
                and hit.kind in (COUNTRY, ADJECTIVE)
                and not (hit.start <= token.i < hit.end)
            ):
                return hit.ref
        return None

    def _located_in(self, token: Token, *, also_of: bool = False) -> str | None:
        """The country an agent noun is placed in: "rebels in Darfur", "students in Jakarta"."""
        preps = self.words.locative_preps | ({"of"} if also_of else set())
        for child in token.children:
            if child.dep_ != "prep" or child.lower_ not in preps:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                hit = self.hits.get(pobj.i)
                if hit is not None and hit.kind in (COUNTRY, CAPITAL):
                    return hit.ref
                if pobj.i in self.places:
                    return self.places[pobj.i].country
        return None

    def _definite_title(self, token: Token) -> str | None:
        """ "prime minister" for "the prime minister": a singular definite noun whose
        modifiers name no actor, as a title."""
        if token.tag_ not in ("NN", "NNP"):
            return None
        det = [c for c in token.children if c.dep_ == "det"]
        if not det or det[0].lower_ != "the":
            return None
        mods = self._left_modifiers(token)
        if any(m.dep_ == "poss" or m.i in self.hits or m.i in self.places for m in mods):
            return None
        words = [t.lower_ for t in mods if t.dep_ in ("amod", "compound")] + [_lemma(token)]
        if len(words) != len(mods) + 1:
            return None
        of = self._of_complement(token)
        if of is not None:
            words += ["of", of.lower_]  # "the secretary of state"
        return " ".join(words)

    def _definite_person(
        self, token: Token, head_agent: str | None, country: str | None
    ) -> ActorMention | None:
        """ "the envoy" -> the person last described as an envoy; "the president" -> the
        person last met who is president on the story's date."""
        if head_agent is None or country is not None:
            return None
        title = self._definite_title(token)
        if title is None:
            return None
        roles = self.words.title_roles.get(title, frozenset())
        lemma = _lemma(token)
        for mention in reversed(self.history):
            if not mention.is_person or mention.actor.name is None:
                continue
            described = self.descriptors.get(mention.actor.name, ())
            offices = self.d.codebook.person_roles(mention.actor.name, self.published)
            held = {r.role for r in offices}
            if lemma in described or title in described or held & roles:
                return self._coref_to(token, mention)
        return None

    def _definite_thing(self, token: Token) -> ActorMention | None:
        """ "the group", "the ministry", "the company": the last actor of that kind."""
        kinds = self.words.definite_heads.get(_lemma(token))
        if kinds is None or token.tag_ not in ("NN", "NNP"):
            return None
        if self._definite_title(token) != _lemma(token):
            return None  # "the rebel group", "the ministry of defence": described anew
        here = self.sent_index.get(token.i, 0)
        for mention in reversed(self.history):
            if mention.head >= token.i:
                continue
            if here - self.sent_index.get(mention.head, 0) > 2 * _MAX_COREF_SENTS:
                break
            if mention.actor.kind in kinds and not mention.is_person:
                return self._coref_to(token, mention)
        return None

    def _coref_to(self, token: Token, mention: ActorMention) -> ActorMention:
        actor = replace(mention.actor, text=token.text, span=self._chars(token.i, token.i + 1))
        return self._mention(token.i, token.i + 1, token, actor, "coref")

    # -- pronouns ------------------------------------------------------------------

    def _agrees(self, mention: ActorMention, sex: str | None) -> bool:
        """Whether a "he" or "she" may stand for a mention: a woman is no "he"."""
        known = self.gender.get(mention.actor.name or "")
        return sex is None or known is None or known == sex

    def _reporting_subject(self, token: Token) -> Token | None:
        """ "X said he would ...": the subject of the speech verb whose clause the pronoun
        is the subject of, when X is a person or a person-like noun ("a Labour donor")."""
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "ccomp":
            return None
        verb = token.head.head
        if verb.lemma_.lower() not in self.words.report_verbs:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "xcomp":
            # "prompted a donor to say he ...": the one prompted says it
            subject = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if subject is None or subject.i >= token.i or subject.pos_ == "PRON":
            return None
        mention = self.resolve(subject)
        person_like = _lemma(subject) in self.words.person_nouns and subject.tag_ == "NN"
        if (mention is not None and mention.is_person) or person_like:
            return subject
        return None

    def _topic(self, token: Token, own: set[str]) -> Token | None:
        """The singular thing "it" goes on about: the nearest subject before it in its
        sentence, else the main subject of the sentences before ("The council published
        its proposals. It had suggested ..."), people aside."""
        here = self.sent_index.get(token.i, 0)
        for n in range(here, max(-1, here - 1 - _MAX_COREF_SENTS), -1):
            if n == here:
                # nearest first: "WikiLeaks said it was approached, but a representative
                # said it refused" passes over the representative, a person
                subjects = [
                    t for t in reversed(self.sents[n])
                    if t.i < token.i and t.dep_ in ("nsubj", "nsubjpass")
                ]
            else:
                root = self.sents[n].root
                subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")][:1]
            for subject in subjects:
                if self._thing(subject, own):
                    return subject
        return None

    def _thing(self, subject: Token, own: set[str]) -> bool:
        """Whether a subject can be what "it" stands for: one thing, named or not, no
        person, not a noun of the pronoun's own clause."""
        if subject.pos_ not in ("NOUN", "PROPN") or subject.tag_ in ("NNS", "NNPS"):
            return False
        if _lemma(subject) in own or _lemma(subject) in self.words.person_nouns:
            return False
        mention = self.resolve(subject)
        return mention is None or not mention.is_person

    def _clause_nouns(self, token: Token) -> set[str]:
        """Nouns of the pronoun's own clause: "they would withdraw their ministers" cannot
        be the ministers themselves (the pronoun and the noun name different parties)."""
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return set()
        own = {_lemma(c) for c in verb.children if c.pos_ in ("NOUN", "PROPN")}
        if token.dep_ == "poss":
            own.add(_lemma(token.head))  # "their ministers"
        own.discard(_lemma(token))
        return own

    def _plural_antecedent(
        self, token: Token, candidates: list[ActorMention], here: int
    ) -> ActorMention | None:
        """ "they", "their": a group or several parties, the subject of the clause or of
        the last sentence that has one first, else the nearest; a coordination ("West
        Germany and Japan ... their economies") stands for all its members."""
        own = self._clause_nouns(token)
        doc = self.doc

        def plural(m: ActorMention) -> bool:
            head = doc[m.head]
            return (
                bool(m.actor.group)
                or head.tag_ in ("NNS", "NNPS")
                or m.actor.kind in ("party", "people", "armed", "political")
                or any(c.dep_ == "conj" for c in head.children)
            )

        pool = [
            m
            for m in candidates
            if not m.is_person and plural(m) and _lemma(doc[m.head]) not in own
        ]
        if not pool:
            return None
        same = [m for m in _subjects(pool, doc) if self.sent_index.get(m.head) == here]
        if same:
            chosen = same[-1]
        else:
            earlier = _subjects(
                [m for m in pool if self.sent_index.get(m.head) != here], doc
            )
            if earlier:
                last = self.sent_index.get(earlier[-1].head)
                chosen = next(m for m in earlier if self.sent_index.get(m.head) == last)
            else:
                chosen = pool[-1]
        members = [chosen]
        for conj in doc[chosen.head].conjuncts:
            other = self.cache.get(conj.i)
            if other is not None and other.head > chosen.head:
                members.append(other)
        if len(members) > 1:
            self.coordinated_refs[token.i] = [
                replace(
                    m,
                    start=token.i,
                    end=token.i + 1,
                    head=token.i,
                    actor=replace(m.actor, text=token.text, span=self._chars(token.i, token.i + 1)),
                    how="coref",
                )
                for m in members[1:]
            ]
        return chosen

    def _coref(self, token: Token) -> ActorMention | None:
        low = token.lower_
        w = self.words
        if low in w.person_pronouns:
            wanted = "person"
        elif low in w.thing_pronouns:
            wanted = "thing"
        elif low in w.plural_pronouns:
            wanted = "plural"
        else:
            return None  # "we" and "I" are settled by quotes
        here = self.sent_index.get(token.i, 0)
        candidates = [
            m
            for m in self.history
            if m.head < token.i and here - self.sent_index.get(m.head, 0) <= _MAX_COREF_SENTS
        ]
        if wanted == "person":
            sex = self.words.gendered.get(low)
            said_by = self._reporting_subject(token)
            if said_by is not None:
                # "a Labour donor said he would refuse": the one who says it, and nobody
                # else where that one is no actor of its own
                speaker = self.cache.get(said_by.i)
                if speaker is None or not self._agrees(speaker, sex):
                    return None
                return self._coref_to(token, speaker)
            bound = _clause_subjects(token)
            pool = [
                m for m in candidates
                if m.is_person and self._agrees(m, sex) and m.head not in bound
            ]
            same = [m for m in pool if self.sent_index.get(m.head) == here]
            subjects = [m for m in same if self.doc[m.head].dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                chosen = subjects[-1]
            else:
                earlier = [m for m in pool if self.sent_index.get(m.head) != here]
                subj_earlier = [
                    m for m in earlier if self.doc[m.head].dep_ in ("nsubj", "nsubjpass")
                ]
                if subj_earlier:
                    last_sent = self.sent_index.get(subj_earlier[-1].head)
                    # the most recent sentence with a subject person; first subject in it
                    chosen = next(
                        m for m in subj_earlier if self.sent_index.get(m.head) == last_sent
                    )
                elif pool:
                    chosen = pool[-1]
                else:
                    return None
        elif wanted == "thing":
            own = self._clause_nouns(token)
            singular = [
                m
                for m in candidates
                if not m.is_person
                and self.doc[m.head].tag_ not in ("NNS", "NNPS")
                and _lemma(self.doc[m.head]) not in own
            ]
            same = [
                m
                for m in singular
                if self.sent_index.get(m.head) == here
                and self.doc[m.head].dep_ in ("nsubj", "nsubjpass")
            ]
            pool = same or [
                m
                for m in singular
                if m.actor.kind != "agent" or m.actor.country or m.actor.name
            ]
            topic = self._topic(token, own)
            if topic is not None:
                named = self.resolve(topic)
                if named is None:
                    return None  # "it" goes on about a thing that is no actor
                pool = [named]
            if not pool:
                return None
            chosen = pool[-1]
        else:
            found = self._plural_antecedent(token, candidates, here)
            if found is None:
                return None
            chosen = found
        actor = replace(chosen.actor, text=token.text, span=self._chars(token.i, token.i + 1))
        return self._mention(token.i, token.i + 1, token, actor, "coref")


def _after(start: str | None, published: str) -> bool:
    """Whether an office's term starts after the story's date."""
    begins, day = date_bounds(start) if start else None, date_bounds(published)
    return begins is not None and day is not None and begins[0] > day[1]


def _year_most_named(doc: Doc) -> str | None:
    years: Counter[str] = Counter(
        str(d.value)[:4] for d in doc._.dates or [] if str(d.value)[:4].isdigit()
    )
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def _clause_subjects(token: Token) -> set[int]:
    """The subjects of the clause a pronoun is an object in: "Trump endorsed him" cannot
    mean Trump endorsed himself, which English says with "himself" (a plain pronoun is
    never bound by the subject of its own clause)."""
    verb = token.head
    if token.dep_ == "pobj" and verb.dep_ in ("prep", "agent"):
        verb = verb.head  # "spoke to him", "was criticised by him"
    elif token.dep_ not in ("dobj", "dative", "iobj"):
        return set()
    if verb.pos_ not in ("VERB", "AUX"):
        return set()
    found = {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            found.update(conj.i for conj in c.conjuncts)
    return found


def _subjects(mentions: list[ActorMention], doc: Doc) -> list[ActorMention]:
    return [m for m in mentions if doc[m.head].dep_ in ("nsubj", "nsubjpass")]


def find_actors(doc: Doc, dictionary: ActorDictionary, published: str | None) -> DocActors:
    resolver = DocActors(doc, dictionary, published)
    resolver.run()
    return resolver
