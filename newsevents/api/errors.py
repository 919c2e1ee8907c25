"""Errors at the HTTP edge: one JSON shape (``errors.as_json``) for every answer >= 400.

    NewsEventsError                       (newsevents.errors)
     └── ApiError             EV800  an HTTP-level refusal
          ├── Unauthorized    EV801  401: a write without the right bearer token
          ├── NotFound        EV802  404: no such route, event or file
          ├── NotAllowed      EV803  405: the route exists, the method does not
          ├── WrongMediaType  EV804  415: a body that is not JSON
          └── RequestTimeout  EV805  408: a request head not complete in time (server.py)

The rest of the tree keeps its meaning and gets a status here: a bad
filter (QueryError) is 400, a bad document (InputError) 422, a document or
body too large 413, a page that cannot be fetched 502, a busy store 503.
FastAPI's own validation errors become 422 in the same shape, naming the
parameter. Unexpected exceptions are logged in full and answered with a
message that does not leak internals.

What goes back is clipped (a 100 KB bad value is not echoed whole), and no
message carries a path on the server: DuckDB names the file it could not
open, and a codebook error names the file it came from.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from ..errors import (
    FetchError,
    InputError,
    InputTooLarge,
    NewsEventsError,
    QueryError,
    StoreError,
    UnsupportedInput,
    as_json,
)
from ..store.locking import is_lock_error

log = logging.getLogger(__name__)

# Seconds a client is asked to wait before retrying a busy store.
RETRY_AFTER_S = 1
# Methods a 405's Allow header may list (HEAD is answered wherever GET is: security.py).
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Longest target, message and hint sent back, in characters.
MAX_TARGET_CHARS = 200
MAX_MESSAGE_CHARS = 500
# An absolute path in a message: a / not inside a word, a number or a URL, then a name.
_SERVER_PATH = re.compile(r"""(?<![\w:/.~-])/[^\s"'/<>]+(?:/[^\s"'/<>]*)*""")


class ErrorOut(BaseModel):
    """The one error shape (``newsevents.errors.as_json``)."""

    error: str = Field(description="The error's class, e.g. QueryError.")
    code: str = Field(description="Its code, e.g. EV600.")
    target: str | None = Field(description="The parameter (or field) at fault.")
    message: str
    hint: str | None = None


# Documented on every route of the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "A bad parameter (target names it)."),
        (422, "A value of the wrong type or out of bounds (target names it)."),
        (500, "A server error."),
        (503, "The store is busy or absent; retry after Retry-After seconds."),
    )
}


class ApiError(NewsEventsError):
    code = "EV800"
    status = 400


class Unauthorized(ApiError):
    code = "EV801"
    status = 401


class NotFound(ApiError):
    code = "EV802"
    status = 404


class NotAllowed(ApiError):
    code = "EV803"
    status = 405


class WrongMediaType(ApiError):
    code = "EV804"
    status = 415


class RequestTimeout(ApiError):
    code = "EV805"
    status = 408


def _clip(text: str | None, cap: int) -> str | None:
    if text is None or len(text) <= cap:
        return text
    return text[: cap - 1] + "\u2026"


def _unplaced(text: str | None) -> str | None:
    return _SERVER_PATH.sub("<path>", text) if text else text


def error_body(exc: BaseException) -> dict[str, Any]:
    """The JSON error shape for ``exc``, clipped, with no server path in it.

    Refusals of the request itself (ApiError, QueryError) name the parameter or
    path the client sent, so they stay as they are; any other error may name a file
    on the server (a store, a codebook file), so absolute paths become ``<path>``
    and a store error's target is ``store``.
    """
    body = as_json(exc)
    if not isinstance(exc, ApiError | QueryError):
        for key in ("target", "message", "hint"):
            body[key] = _unplaced(body[key])
    if isinstance(exc, StoreError) and body.get("target"):
        # the client needs to know the store is at fault, not where it is
        body["target"] = "store"
    body["target"] = _clip(body["target"], MAX_TARGET_CHARS)
    body["message"] = _clip(body["message"], MAX_MESSAGE_CHARS)
    body["hint"] = _clip(body["hint"], MAX_MESSAGE_CHARS)
    return body


def store_busy(exc: StoreError) -> bool:
    """A StoreError raised because another process held the file (not a broken store)."""
    cause = exc.__cause__
    return isinstance(cause, duckdb.Error) and is_lock_error(cause)


def status_for(exc: NewsEventsError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, InputTooLarge):
        return 413
    if isinstance(exc, FetchError):
        return 502
    if isinstance(exc, UnsupportedInput):
        return 415
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StoreError):
        # busy or absent: the service cannot answer now; anything else is our fault
        return 503 if store_busy(exc) or "no store here" in exc.message else 500
    return 500


def error_response(exc: NewsEventsError, status: int | None = None) -> JSONResponse:
    code = status or status_for(exc)
    body = error_body(exc)
    headers: dict[str, str] = {}
    if code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    if code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="newsevents"'
    return JSONResponse(body, status_code=code, headers=headers)


def _target(loc: Sequence[Any]) -> str:
    """The parameter a validation error is about: ('query', 'limit') -> 'limit',
    ('body', 'title') -> 'title', ('body',) -> 'body'."""
    parts = [str(p) for p in loc if p not in ("query", "path", "header", "body")]
    return ".".join(parts) if parts else (str(loc[0]) if loc else "request")


def validation_error(exc: RequestValidationError) -> QueryError | InputError:
    errors = list(exc.errors())
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = tuple(first.get("loc") or ())
    target = _target(loc)
    message = str(first.get("msg") or "invalid value")
    more = len(errors) - 1
    hint = f"{more} more problem(s) in this request" if more > 0 else None
    if loc and loc[0] == "body":
        return InputError(message, target=target, hint=hint)
    return QueryError(message, target=target, hint=hint)


def _allowed_methods(request: Request) -> str:
    """The methods some route answers at this request's path, for ``Allow``.

    Asked of each route with the method swapped in, because included routers
    hide their routes behind ``matches``. Mounts are skipped: a mount matches
    any method and its app (the static files) sends its own ``Allow``.
    """
    allowed = []
    for method in HTTP_METHODS:
        scope = {**request.scope, "method": method}
        if any(not isinstance(route, Mount) and route.matches(scope)[0] is Match.FULL
               for route in request.app.router.routes):
            allowed.append(method)
            if method == "GET":
                allowed.append("HEAD")
    return ", ".join(allowed)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    async def on_ours(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, NewsEventsError)
        if status_for(exc) >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return error_response(exc)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(validation_error(exc), 422)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        ours: ApiError
        if exc.status_code == 413:
            limit = request.app.state.backend.config.max_body
            big = InputTooLarge(f"request body over {limit:,} bytes", target="body")
            return error_response(big, 413)
        if exc.status_code == 404:
            ours = NotFound("no such route", target=request.url.path[:200])
        elif exc.status_code == 405:
            ours = NotAllowed(f"{request.method} is not allowed here",
                              target=request.url.path[:200])
        else:
            # FastAPI's own 400 is a body it could not parse (not UTF-8, say)
            ours = ApiError(str(exc.detail), target="body" if exc.status_code == 400 else None)
            ours.status = exc.status_code
        response = error_response(ours, exc.status_code)
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        if exc.status_code == 405:
            # RFC 9110 requires Allow on a 405; starlette lists only the first route
            # matching the path, so /api/documents would claim GET alone, not POST
            response.headers["Allow"] = _allowed_methods(request) or \
                response.headers.get("Allow", "")
        return response

    async def on_other(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error answering %s %s", request.method, request.url.path)
        body = {"error": "InternalError", "code": "EV000", "target": None,
                "message": "unexpected server error (logged)", "hint": None}
        return JSONResponse(body, status_code=500)

    app.add_exception_handler(NewsEventsError, on_ours)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_other)
