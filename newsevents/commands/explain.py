"""newsevents explain: the patterns and dictionary entries behind each event."""

from __future__ import annotations

import json

import click

from ..events.explain import explain, format_explanation
from ..model import Document, Rejection
from ..nlp import pipeline
from ..run import coder_for
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
    rows = ((d.id, d.text, d.published, d.url) for d in documents)
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
        )
        if as_json:
            result[doc_id] = [i.to_dict() for i in items]
        else:
            click.echo(f"# {safe(doc_id, 80)}")
            click.echo(safe_block(format_explanation(items)))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    return status


def safe_block(text: str) -> str:
    return "\n".join(safe(line) for line in text.splitlines())


COMMANDS = [explain_cmd]
