"""Main text and metadata from HTML, with trafilatura.

Options were chosen on the 50 saved pages of the shared corpus (see
bench/html_extraction.py): precision mode without comments scores best,
because news pages surround the story with teasers and comment threads
that recall mode keeps. When precision mode finds nothing (short pages,
odd markup) recall mode gets a second try.

Feed entries are different: their HTML is already the story (or its
summary), so it is converted to text directly; trafilatura would discard
a two-paragraph summary as too short to be an article.
"""

from __future__ import annotations

import logging
import re
from configparser import ConfigParser
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from ..sources.dates import normalise_date
from .clean import BoilerplateRules, clean_text, strip_leading_title

log = logging.getLogger(__name__)

# Precision mode returns less than this many characters -> try recall mode.
MIN_PRECISION_CHARS = 250
# A page's text is an article only when some line is a sentence of at least
# this many words; navigation, captions and link lists never are.
MIN_SENTENCE_WORDS = 8
# Pages with more elements than this are not read (trafilatura discards them).
MAX_TREE_SIZE = 200_000
# Attributes kept on one tag. libxml2 compares each attribute with the tag's
# earlier ones, so a 1 MB tag of 100,000 attributes took minutes to parse; a
# tag with more keeps its name only (real tags have a few dozen at most).
MAX_TAG_ATTRIBUTES = 256

# name, then attributes: quoted values may hold ">"; possessive, so no backtracking
_ATTRIBUTE = r"""[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'<>]++))?+"""
_CROWDED_TAG = re.compile(
    rf"<([A-Za-z][A-Za-z0-9:-]*+)(?:[\s/]*+{_ATTRIBUTE}){{{MAX_TAG_ATTRIBUTES + 1},}}+"
)

_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
    "with_metadata": True,
}
_BLOCKS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("blockquote", "tr", "table", "section", "article", "header", "footer"),
        *("pre", "figure", "figcaption", "dd", "dt", "hr"),
    }
)
_SKIP = frozenset(("script", "style", "noscript", "iframe", "template", "svg", "form"))


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction found in a page; ``text`` is empty when there is no main text."""

    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    method: str = "trafilatura"


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    # built once, as trafilatura recommends, instead of re-reading settings.cfg per page
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    return config


def _run(html: str, url: str | None, *, recall: bool, metadata: bool = True) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=not recall,
            favor_recall=recall,
            config=_config(),
            **{**_OPTIONS, "with_metadata": metadata},
        )
    except AssertionError as exc:
        # lxml asserts when htmldate drops a parentless element of an odd tree (a bare
        # <frame>): the metadata step fails, the main text may still be had without it
        if metadata:
            return _run(html, url, recall=recall, metadata=False)
        log.warning("extraction failed for %s: %s", url or "a page", exc)
        return None
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        # trafilatura and lxml fail this way on some broken markup: no main text
        log.warning("extraction failed for %s: %s: %s", url or "a page", type(exc).__name__, exc)
        return None


def _field(result: Any, name: str) -> str | None:
    value = getattr(result, name, None)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def extract_html(
    html: str, *, url: str | None = None, rules: BoilerplateRules | None = None
) -> Extracted:
    """Main text (cleaned, headline line removed) and metadata of one page."""
    if not html.strip():
        return Extracted(text="")
    html = bare_crowded_tags(html)
    method = "trafilatura"
    result = _run(html, url, recall=False)
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if len(text) < MIN_PRECISION_CHARS:
        second = _run(html, url, recall=True)
        second_text = (getattr(second, "text", None) or "") if second is not None else ""
        if len(second_text) > len(text):
            result, text, method = second, second_text, "trafilatura-recall"
    if result is None:
        return Extracted(text="", method=method)
    title = _field(result, "title")
    text = clean_text(strip_leading_title(text, title), rules)
    if not has_prose(text):
        text = ""
    return Extracted(
        text=text,
        title=title,
        date=normalise_date(_field(result, "date")),
        author=_field(result, "author"),
        outlet=_field(result, "sitename"),
        url=_field(result, "url") or url,
        method=method,
    )


def bare_crowded_tags(html: str) -> str:
    """The markup with every tag of over MAX_TAG_ATTRIBUTES attributes cut to its name."""
    return _CROWDED_TAG.sub(r"<\1", html)


def has_prose(text: str) -> bool:
    """Whether some line of the text reads as a sentence, not a menu or a caption."""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.splitlines())


def _spaces(text: str) -> str:
    # inside a block, source line breaks are only layout
    return re.sub(r"\s+", " ", text)


def fragment_text(html: str, rules: BoilerplateRules | None = None) -> str:
    """Text of an HTML fragment (a feed entry's content), block elements on their own lines."""
    if not html.strip():
        return ""
    html = bare_crowded_tags(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError) as exc:
        log.debug("fragment not parsed (%s); using it as text", exc)
        return clean_text(html, rules)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    parts: list[str] = []
    skipping = 0
    # iterwalk, not recursion: a hostile fragment may nest thousands deep
    for event, node in etree.iterwalk(root, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if skipping or not tag or tag in _SKIP:
                skipping += 1
                continue
            if tag in _BLOCKS:
                parts.append("\n")
            if node.text:
                parts.append(_spaces(node.text))
            continue
        if skipping:
            skipping -= 1
        elif tag in _BLOCKS:
            parts.append("\n")
        if not skipping and node.tail and node is not root:
            parts.append(_spaces(node.tail))
    paragraphs = [p.strip() for p in "".join(parts).split("\n")]
    return clean_text("\n".join(p for p in paragraphs if p), rules)
