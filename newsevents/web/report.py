"""``newsevents report``: the dashboard's views as one self-contained HTML file.

The page is the dashboard's own index.html with its stylesheet, scripts,
world outline and the matching events inlined, so it opens from disk or an
e-mail attachment with no server and no network.

Safety of the inlined data: the events (article text included) go into
``<script type="application/json">`` blocks, which the browser never runs,
with ``<``, ``>`` and ``&`` written as JSON ``\\u`` escapes, so no string in
them can close the block; the scripts read them with ``JSON.parse`` and
insert text only through ``textContent``.

The Content-Security-Policy is a meta tag (a file has no headers) allowing
exactly the inline script and style blocks by their SHA-256 hashes, rather
than ``'unsafe-inline'``: the generator knows those bytes, and a hash policy
keeps any other inline script from running should text ever slip into the
markup. ``frame-ancestors`` cannot be set from a meta tag (browsers ignore
it there); the served dashboard sends it as a header.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError, QueryError
from ..query import EventFilter, connection, count_events, get_event, list_places, query_events
from ..query import series as query_series
from ..query.events import Source
from ..safefiles import output_file
from . import STATIC_DIR
from .choices import filter_choices

log = logging.getLogger(__name__)

DEFAULT_MAX_EVENTS = 1000
MAX_EVENTS = 20_000
_PAGE = 1000
_QUOTES_PER_EVENT = 8
# What the evidence panel reads from each report's full record; the rest stays in the store.
_REPORT_KEYS = ("evidence", "char_span", "trigger", "trigger_span", "rule", "source", "target",
                "reported_by", "confidence")
_MENTION_KEYS = ("doc_id", "evidence", "rule", "outlet", "published")

_CSP_MARK = "<!--newsevents:csp-->"
_STYLE_TAG = '<link rel="stylesheet" href="/static/style.css">'
_SCRIPT_TAGS = '<script src="/static/views.js"></script>\n<script src="/static/app.js"></script>'
_SCRIPTS = ("views.js", "app.js")


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    events: int  # events included in the file
    total: int  # events matching the filter
    bytes: int


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_block(data: Any) -> str:
    """JSON that is safe between <script type="application/json"> tags."""
    text = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":"))
    # outside strings JSON has no < > &, and inside them the \\u form means the same
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def _slim(detail: dict[str, Any]) -> dict[str, Any]:
    """An event's detail with only what the evidence panel shows."""
    out = dict(detail)
    out["reports"] = [
        {"report_id": r.get("report_id"), "doc_id": r.get("doc_id"), "outlet": r.get("outlet"),
         "report": {k: (r.get("report") or {}).get(k) for k in _REPORT_KEYS}}
        for r in detail.get("reports", ())
    ]
    out["mentions"] = [{k: m.get(k) for k in _MENTION_KEYS} for m in detail.get("mentions", ())]
    out["quotes"] = list(detail.get("quotes", ()))[:_QUOTES_PER_EVENT]
    return out


def collect(source: Source, flt: EventFilter, *, max_events: int) -> dict[str, Any]:
    """Everything the page shows, read through the query layer on one connection."""
    with connection(source) as conn:
        total = count_events(conn, flt)
        events: list[dict[str, Any]] = []
        while len(events) < min(total, max_events):
            page = flt.page(min(_PAGE, max_events - len(events)), len(events))
            rows = query_events(conn, page)
            if not rows:
                break
            events.extend(rows)
        details = {}
        for event in events:
            found = get_event(conn, event["event_id"])
            if found is not None:
                details[event["event_id"]] = _slim(found)
        weekly = query_series(conn, flt, by="week", group="quad")
        places = list_places(conn, flt.page(1000, 0))
    return {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "filters": {k: ",".join(map(str, v)) if isinstance(v, tuple) else v
                    for k, v in flt.criteria().items()},
        "total": total,
        "events": events,
        "details": details,
        "series": weekly,
        "places": places,
        "meta": filter_choices(),
    }


def render(data: dict[str, Any], *, title: str = "newsevents report") -> str:
    """The page: index.html with its assets and ``data`` inlined."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    style = (STATIC_DIR / "style.css").read_text(encoding="utf-8")
    scripts = [(STATIC_DIR / name).read_text(encoding="utf-8") for name in _SCRIPTS]
    world = json.loads((STATIC_DIR / "countries-110m.json").read_text(encoding="utf-8"))
    for name, text in zip(("style.css", *_SCRIPTS), (style, *scripts), strict=True):
        # these would end (or confuse) the inline block they are put in
        if "</" in text or "<!--" in text:
            raise ValueError(f"{name} contains '</' or '<!--' and cannot be inlined")
    for marker in (_CSP_MARK, _STYLE_TAG, _SCRIPT_TAGS, "<title>newsevents</title>"):
        if marker not in page:
            raise ValueError(f"index.html lacks {marker!r}: the report cannot be built from it")
    csp = "; ".join((
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src " + _sha256(style),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ))
    blocks = (
        f'<script type="application/json" id="report-data">{json_block(data)}</script>\n'
        f'<script type="application/json" id="world-data">{json_block(world)}</script>\n'
        + "\n".join(f"<script>{s}</script>" for s in scripts)
    )
    page = page.replace(
        _CSP_MARK, f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">')
    page = page.replace(_STYLE_TAG, f"<style>{style}</style>")
    page = page.replace("<title>newsevents</title>", f"<title>{html.escape(title)}</title>")
    return page.replace(_SCRIPT_TAGS, blocks)


def build_report(
    source: Source,
    flt: EventFilter | None,
    out_path: str | Path,
    *,
    max_events: int = DEFAULT_MAX_EVENTS,
    title: str = "newsevents report",
) -> ReportSummary:
    """Write the report for the events ``flt`` matches (newest ``max_events`` of them,
    each with its evidence) to ``out_path``: whole or not at all, or streamed to a FIFO
    or device (``safefiles.output_file``)."""
    if not 1 <= max_events <= MAX_EVENTS:
        raise QueryError(f"must be between 1 and {MAX_EVENTS:,}", target="max_events")
    target = Path(out_path)
    if target.is_dir():
        raise OutputError("is a folder; give a file name", target=str(target))
    data = collect(source, flt or EventFilter(), max_events=max_events)
    page = render(data, title=title).encode("utf-8")
    with output_file(target, binary=True) as handle:
        handle.write(page)
    size = len(page)
    log.info("wrote %s: %d of %d events, %d bytes", target, len(data["events"]), data["total"],
             size)
    return ReportSummary(path=target, events=len(data["events"]), total=data["total"], bytes=size)
