"""The FastAPI application: the query layer over HTTP, the dashboard, live ingestion.

``create_app(db, ...)`` builds one app over one store. The store is never
held open: each request opens it read-only for its own duration (see
docs/store.md), and each ingestion request writes one batch through the
single-writer ``Store`` API, so a ``newsevents ingest`` in another process
can share the file.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..model import CodedDocument, Document
from ..run import Coder, coder_for
from ..sources import Transport
from ..store import ParquetStore, Store, WriteResult, open_reader, reader
from ..store.locking import READ_TIMEOUT_S
from ..web import STATIC_DIR
from . import errors, ingest, routes
from .security import DEFAULT_MAX_BODY, Guard

log = logging.getLogger(__name__)

DESCRIPTION = """\
Political event data coded from news reports: who did what to whom, when and
where, with the evidence sentence. Read routes are open; write routes need
`Authorization: Bearer <token>` when the server has a token. Every error has
one JSON shape: `{error, code, target, message, hint}`, where `target` names
the bad parameter. See docs/api.md.
"""


@dataclass(frozen=True)
class ApiConfig:
    """What one server instance serves, and how strictly."""

    db: Path
    token: str | None = None
    settings: Settings = field(default_factory=Settings)
    max_body: int = DEFAULT_MAX_BODY
    read_timeout: float = READ_TIMEOUT_S
    # Host header names accepted (None: any); serve sets this when bound to loopback
    allowed_hosts: tuple[str, ...] | None = None
    # URL ingestion: a transport replacing httpx (tests), and whether private
    # and loopback addresses may be fetched (off: the server is no proxy into its network)
    transport: Transport | None = None
    allow_private_urls: bool = False


class Backend:
    """The store and the coder behind the routes; shared by the request threads."""

    def __init__(self, config: ApiConfig) -> None:
        self.config = config
        self._write_lock = threading.Lock()
        self._code_lock = threading.Lock()
        self._coder: Coder | None = None

    @contextlib.contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one request, released when it ends."""
        path = self.config.db
        if path.is_dir():
            with reader(path) as conn:
                yield conn
        else:
            with open_reader(path, timeout=self.config.read_timeout) as conn:
                yield conn

    def code(self, documents: Sequence[Document]) -> list[CodedDocument]:
        # one spaCy pipeline per process, and spaCy does not promise thread safety
        with self._code_lock:
            if self._coder is None:
                self._coder = coder_for(self.config.settings)
            return list(self._coder.code(documents))

    def write(self, batch: Sequence[CodedDocument]) -> WriteResult:
        """One batch through the single-writer API; the file is held only meanwhile."""
        with self._write_lock:
            path = self.config.db
            if path.is_dir():
                return ParquetStore(path, settings=self.config.settings).write(batch)
            with Store.open(path, settings=self.config.settings) as store:
                return store.write(batch)


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    read_timeout: float = READ_TIMEOUT_S,
    allowed_hosts: Sequence[str] | None = None,
    transport: Transport | None = None,
    allow_private_urls: bool = False,
) -> FastAPI:
    """The HTTP API and dashboard over the store at ``db`` (DuckDB file or Parquet folder)."""
    config = ApiConfig(
        db=Path(db),
        token=token or None,
        settings=settings or Settings(),
        max_body=max_body,
        read_timeout=read_timeout,
        allowed_hosts=tuple(allowed_hosts) if allowed_hosts is not None else None,
        transport=transport,
        allow_private_urls=allow_private_urls,
    )
    # /docs and /redoc load their scripts from a CDN: off, so nothing served
    # reaches the internet; the schema itself stays at /openapi.json
    app = FastAPI(
        title="newsevents",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        responses=errors.ERROR_RESPONSES,
    )
    app.state.backend = Backend(config)
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.add_middleware(Guard, max_body=config.max_body, allowed_hosts=config.allowed_hosts)
    return app
