"""POST /api/documents: live feeding. A text (or a URL to fetch) in, coded events stored.

The document goes through the same steps as ``newsevents code``: an Item,
``make_document`` (cleaning, id, language), the process's Coder, then one
batch through the single-writer Store API. Posting the same text twice
stores it once (its id is a content hash).

A URL is fetched through ``newsevents.sources`` (its timeouts, retries and
byte cap). The server will not fetch private, loopback or link-local
addresses unless started with ``allow_private_urls``: otherwise anyone who
may post could use it to read the server's own network. Each hop of a
redirect is checked.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from .. import errors as ev
from ..documents import make_document
from ..errors import FetchError, InputError
from ..model import Document, Item, Rejection
from ..sources import HttpxTransport, Transport, iter_items, normalise_date
from ..sources.fetch import MAX_REDIRECTS
from .errors import WrongMediaType
from .security import check_token

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api")

# Documents kept from one fetched URL (a feed yields one per entry).
MAX_FETCHED_DOCUMENTS = 100
_bearer = HTTPBearer(auto_error=False, description="The token given to newsevents serve.")

_INPUT_ERRORS: dict[str, type[InputError]] = {
    cls.code: cls
    for cls in (ev.InputError, ev.MissingInput, ev.EmptyInput, ev.BinaryInput,
                ev.EncodingError, ev.MalformedRecord, ev.InputTooLarge, ev.UnsupportedInput,
                ev.FetchError, ev.NotArticle)
}


class DocumentIn(BaseModel):
    """A document to code and store: its text, or only a URL to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="Article text (plain).")
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=64,
                                  description="Publication date, e.g. 2019-01-23.")
    url: str | None = Field(default=None, max_length=2000,
                            description="The article's http(s) URL; fetched when no text.")
    outlet: str | None = Field(default=None, max_length=200)


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    configured = request.app.state.backend.config.token
    given = f"{credentials.scheme} {credentials.credentials}" if credentials else \
        request.headers.get("authorization")
    check_token(configured, given)


def require_json(request: Request) -> None:
    # a form or text/plain post is what a cross-site page can send without asking
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise WrongMediaType("the body must be JSON (Content-Type: application/json)",
                             target="content-type")


def _http_url(url: str) -> str:
    """The URL if it is http(s) with a host; anything else could name a local file."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError as exc:  # e.g. an unclosed [IPv6] bracket
        raise InputError(f"not a URL: {exc}", target="url") from exc
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InputError("must be an http:// or https:// URL", target="url")
    return url.strip()


def _refuse_private(request: httpx.Request) -> None:
    """httpx request hook: every hop must go to a public address."""
    host = request.url.host
    port = request.url.port or (443 if request.url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host!r}", target=str(request.url)) from exc
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        if not ip.is_global or (mapped is not None and not mapped.is_global):
            raise FetchError("refusing to fetch a private, loopback or reserved address",
                             target=str(request.url),
                             hint="start the server with --allow-private-urls to allow it")


def _fetch(url: str, request: Request) -> list[Item]:
    config = request.app.state.backend.config
    client: httpx.Client | None = None
    transport: Transport | None = config.transport
    if transport is None:
        hooks = {} if config.allow_private_urls else {"request": [_refuse_private]}
        client = httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS,
                              event_hooks=hooks)
        transport = HttpxTransport(client)
    items: list[Item] = []
    rejections: list[Rejection] = []
    try:
        for entry in iter_items([url], config.settings, transport=transport):
            if isinstance(entry, Rejection):
                rejections.append(entry)
            elif len(items) < MAX_FETCHED_DOCUMENTS:
                items.append(entry)
    finally:
        if client is not None:
            client.close()
    if not items:
        first = rejections[0] if rejections else Rejection(url, "nothing found", "EV202")
        cls = _INPUT_ERRORS.get(first.code, InputError)
        raise cls(first.reason, target="url")
    return items


def _document(item: Item, body: DocumentIn, request: Request, field: str) -> Document:
    settings = request.app.state.backend.config.settings
    try:
        return make_document(item, settings, published=body.published)
    except InputError as exc:
        raise type(exc)(exc.message, target=field, hint=exc.hint) from exc


@router.post(
    "/documents",
    status_code=201,
    summary="Code a document and store its events (needs the bearer token if one is set)",
    dependencies=[Depends(require_token), Depends(require_json)],
    responses={401: {"description": "Missing or wrong token."},
               413: {"description": "Body or document too large."},
               415: {"description": "Body is not JSON."},
               502: {"description": "The URL could not be fetched."}},
)
def post_document(body: DocumentIn, request: Request) -> dict[str, Any]:
    backend = request.app.state.backend
    if body.url is not None:
        _http_url(body.url)
    if body.published is not None and normalise_date(body.published) is None:
        raise InputError(f"{body.published[:64]!r} is not a date", target="published",
                         hint="e.g. 2019-01-23")
    if body.text is not None and body.text.strip():
        item = Item(origin="api", content=body.text, kind="text", title=body.title,
                    published=body.published, outlet=body.outlet, url=body.url)
        docs = [_document(item, body, request, "text")]
    elif body.url is not None:
        docs = []
        for fetched in _fetch(body.url, request):
            # the poster's metadata wins over the page's own (for a feed, only the outlet)
            single = len(docs) == 0
            item = Item(
                origin=fetched.origin, content=fetched.content, kind=fetched.kind,
                title=(body.title if single and body.title else fetched.title),
                published=fetched.published, outlet=body.outlet or fetched.outlet,
                url=fetched.url or body.url, author=fetched.author,
                language=fetched.language, meta=fetched.meta,
            )
            docs.append(_document(item, body, request, "url"))
    else:
        raise InputError("give the article's text, or a url to fetch", target="text")
    coded = backend.code(docs)
    result = backend.write(coded)
    log.info("stored %d document(s) with %d report(s) from the API",
             result.documents, result.reports)
    return {
        "documents": [
            {"doc_id": c.document.id, "title": c.document.title,
             "published": c.document.published, "language": c.document.language,
             "events": len(c.events), "quotes": len(c.quotes),
             "report_ids": [e.event_id for e in c.events], "notes": list(c.notes)}
            for c in coded
        ],
        "stored": result.to_dict(),
    }
