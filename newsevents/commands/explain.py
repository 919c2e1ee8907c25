"""newsevents explain: the patterns and dictionary entries behind each event."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from ..documents.spans import to_user_text
from ..events.explain import SentenceExplanation, explain, format_explanation
from ..model import CodedDocument, Document, Rejection
from ..nlp import focus, pipeline
from ..offsets import IDENTITY, OffsetMap
from ..run import coder_for, users_letters
from ..run.batch import read_documents
from .code import _valid_date
from .common import load_settings, safe, settings_options


@click.command("explain")
@click.argument("paths", nargs=-1)
@click.option("--text", help="Explain this text instead of files.")
@click.option("--published", callback=_valid_date, help="Publication date YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@settings_options
def explain_cmd(
    paths: tuple[str, ...],
    text: str | None,
    published: str | None,
    as_json: bool,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> int:
    """Show, sentence by sentence, why events were or were not coded.

    Example: newsevents explain --text "Rebels attacked an army base in Homs on Monday."
    """
    if not paths and not text:
        raise click.UsageError("give PATHS or --text")
    settings = load_settings(config_path, overrides)
    coder = coder_for(settings)
    documents: list[Document] = []
    if text:
        documents.append(Document(id="text", text=text, published=published))
    status = 0
    for entry in read_documents(list(paths), settings, published=published):
        if isinstance(entry, Rejection):
            click.echo(f"rejected {safe(str(entry), 300)}", err=True)
            status = 1
        else:
            documents.append(entry)
    # annotated as `newsevents code` annotates for its events (recased, focused), so
    # both show the same events
    use_focus = coder.focused(frozenset({"events"}))
    recased = {d.id: coder.recased(d.text) for d in documents}
    parsed = {d.id: recased[d.id] or d.text for d in documents}
    views = {
        d.id: focus.focus(parsed[d.id], coder.vocabulary()) if use_focus else None
        for d in documents
    }

    def text_of(d: Document) -> str:
        view = views[d.id]
        return view.text if view is not None else parsed[d.id]

    rows = ((d.id, text_of(d), d.published, d.url) for d in documents)
    by_id = {d.id: d for d in documents}
    result = {}
    for doc_id, doc in pipeline.annotate(coder.nlp, rows):
        document = by_id[doc_id]
        items = explain(
            doc,
            doc_id=doc_id,
            published=document.published,
            codebook=coder.codebook,
            patterns=coder.patterns,
            chooser=coder.chooser,
            window_days=settings.merge.window_days,
            outlet=document.outlet,
            acled=coder.acled,
            learned=coder.learned,
            threshold=settings.learned.threshold,
        )
        view = views[doc_id]
        items = [
            to_original(item, text_of(document), view.offsets if view else IDENTITY,
                        document, recased=recased[doc_id] is not None)
            for item in items
        ]
        if as_json:
            result[doc_id] = [i.to_dict() for i in items]
        else:
            click.echo(f"# {safe(doc_id, 80)}")
            click.echo(safe_block(format_explanation(items)))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    return status


def to_original(item: SentenceExplanation, annotated: str, view: OffsetMap,
                document: Document, *, recased: bool) -> SentenceExplanation:
    """A sentence of the annotated text with its spans in the user's text, as `code`
    moves them (documents/spans.py)."""
    coded = to_user_text(CodedDocument(document=document, events=tuple(item.events)),
                         annotated, view)
    if recased:
        coded = users_letters(coded)
    offsets = (document.offsets or IDENTITY).compose(view)
    return replace(item, char_span=offsets.span(item.char_span), events=list(coded.events))


def safe_block(text: str) -> str:
    return "\n".join(safe(line) for line in text.splitlines())


COMMANDS = [explain_cmd]
