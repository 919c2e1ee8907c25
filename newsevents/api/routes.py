"""The read routes: events, one event, actors, places, documents, series, exports, health.

Each is a thin function over one query-layer call (``newsevents.query``),
which validates the filter and passes every value to DuckDB as a parameter.
Filters are the ``EventFilter`` fields as query parameters, the same names
``newsevents query`` takes; an unknown parameter is an error rather than
silently ignored, so a typo cannot return everything.
"""

from __future__ import annotations

import inspect
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from .. import __version__
from ..errors import QueryError
from ..model import MODALITIES
from ..query import (
    FORMATS,
    GROUPS,
    MAX_LIMIT,
    PERIODS,
    EventFilter,
    count_events,
    export,
    get_event,
    list_actors,
    list_documents,
    list_places,
    query_events,
    series,
)
from ..query.filters import MAX_OFFSET
from ..web.choices import filter_choices
from .errors import NotFound

router = APIRouter(prefix="/api")

Period = Literal["day", "week", "month", "year"]
Group = Literal["none", "dyad", "country", "root", "quad"]
Format = Literal["gdelt", "plover", "acled", "csv", "parquet", "jsonl"]
# the Literals document the choices in the schema; the query layer owns them
assert set(get_args(Period)) == set(PERIODS)
assert set(get_args(Group)) == set(GROUPS)
assert set(get_args(Format)) == set(FORMATS)

EXPORT_MAX_ROWS = 1_000_000
EXPORT_DEFAULT_ROWS = 100_000
EXPORT_TYPES = {
    "gdelt": ("text/tab-separated-values; charset=utf-8", "tsv"),
    "plover": ("application/json", "json"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}

# (name, description) of each string filter; EventFilter validates the values.
FILTER_PARAMS: tuple[tuple[str, str], ...] = (
    ("actor", "Name or code of either side contains this (case-insensitive)."),
    ("source_country", "Source actor's country, ISO 3166 alpha-3 (AFG)."),
    ("target_country", "Target actor's country, ISO 3166 alpha-3."),
    ("country", "Either actor's country, ISO 3166 alpha-3."),
    ("dyad", "Two actor codes, groups, keys or countries: USA,TAL (either order)."),
    ("cameo", "CAMEO code prefix of 2-4 digits: 19 matches 190-196."),
    ("cameo_root", "CAMEO root 01-20."),
    ("plover", "PLOVER event type, e.g. ASSAULT."),
    ("acled_event_type", "ACLED event type, e.g. Battles."),
    ("acled_sub_event_type", "ACLED sub-event type, e.g. Armed clash."),
    ("quad_class", "Quad class 1-4 (verbal/material cooperation, verbal/material conflict)."),
    ("date_from", "First day on or after: YYYY-MM-DD, YYYY-MM or YYYY."),
    ("date_to", "First day on or before: YYYY-MM-DD, YYYY-MM or YYYY."),
    ("place", "Place or first-order region name contains this."),
    ("near", "Within a radius: LAT,LON,KM."),
    ("outlet", "Reported by an outlet whose name contains this."),
    ("modality", "One of: " + ", ".join(MODALITIES) + "."),
    ("doc_id", "Reported by this document."),
    ("text", "An evidence sentence contains this."),
)
FILTER_NAMES = frozenset([n for n, _ in FILTER_PARAMS] + ["dyad_ordered", "limit", "offset"])


def backend(request: Request) -> Any:
    return request.app.state.backend


def reject_unknown(request: Request, allowed: frozenset[str]) -> None:
    for name in request.query_params:
        if name not in allowed:
            raise QueryError("unknown parameter", target=name[:100],
                             hint="see /openapi.json for this route's parameters")


def _filter_dependency(extra: tuple[str, ...] = ()) -> Callable[..., EventFilter]:
    """A dependency parsing the filter parameters (and allowing the route's ``extra``)."""
    allowed = FILTER_NAMES | frozenset(extra)

    def parse(request: Request, **values: Any) -> EventFilter:
        reject_unknown(request, allowed)
        params: dict[str, Any] = {name: values.get(name) for name, _ in FILTER_PARAMS}
        params.update(limit=values["limit"], offset=values["offset"])
        if values["dyad_ordered"]:
            params["dyad_ordered"] = True
        return EventFilter.from_params(params)

    # FastAPI reads the parameters from the signature; building it from
    # FILTER_PARAMS documents every filter in the schema without writing each
    # one out by hand. Strings stay strings: EventFilter validates them and
    # names the bad one.
    kw = inspect.Parameter.KEYWORD_ONLY
    parse.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          annotation=Request),
        *(inspect.Parameter(name, kw, default=None,
                            annotation=Annotated[str | None, Query(description=text)])
          for name, text in FILTER_PARAMS),
        inspect.Parameter("dyad_ordered", kw, default=False, annotation=Annotated[
            bool, Query(description="With dyad: only the first acting on the second.")]),
        inspect.Parameter("limit", kw, default=100, annotation=Annotated[
            int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]),
        inspect.Parameter("offset", kw, default=0, annotation=Annotated[
            int, Query(ge=0, le=MAX_OFFSET, description="Rows skipped.")]),
    ])
    return parse


Filter = Annotated[EventFilter, Depends(_filter_dependency())]
SeriesFilter = Annotated[EventFilter, Depends(_filter_dependency(("by", "group")))]
ExportFilter = Annotated[EventFilter, Depends(_filter_dependency(("max_rows", "raw_cells")))]


@router.get("/health", summary="Whether the store can be read")
def health(request: Request) -> dict[str, Any]:
    with backend(request).read() as conn:
        events = count_events(conn, EventFilter())
        documents = len(list_documents(conn, EventFilter(limit=1)))
    return {"status": "ok", "version": __version__, "events": events,
            "has_documents": bool(documents)}


@router.get("/meta", summary="Choices for the filters: CAMEO roots, PLOVER types, ...")
def meta(request: Request) -> dict[str, Any]:
    return {**filter_choices(), "write_requires_token": bool(backend(request).config.token)}


@router.get("/events", summary="Merged events matching the filters, newest first")
def events(request: Request, flt: Filter) -> dict[str, Any]:
    with backend(request).read() as conn:
        total = count_events(conn, flt)
        rows = query_events(conn, flt)
    nxt = flt.offset + flt.limit
    return {"total": total, "limit": flt.limit, "offset": flt.offset,
            "next_offset": nxt if nxt < total else None, "events": rows}


@router.get("/events/{event_id}",
            summary="One event with its reports, mentions, evidence, quotes and documents",
            responses={404: {"description": "No such event."}})
def event(request: Request,
          event_id: Annotated[str, PathParam(max_length=128)]) -> dict[str, Any]:
    reject_unknown(request, frozenset())
    with backend(request).read() as conn:
        found = get_event(conn, event_id)
    if found is None:
        raise NotFound("no such event", target="event_id")
    return found


def _page(flt: EventFilter, key: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"limit": flt.limit, "offset": flt.offset, key: rows}


@router.get("/actors", summary="Actors of the matching events, most active first")
def actors(request: Request, flt: Filter) -> dict[str, Any]:
    with backend(request).read() as conn:
        return _page(flt, "actors", list_actors(conn, flt))


@router.get("/places", summary="Places of the matching events, with counts and coordinates")
def places(request: Request, flt: Filter) -> dict[str, Any]:
    with backend(request).read() as conn:
        return _page(flt, "places", list_places(conn, flt))


@router.get("/documents", summary="Documents, newest first (those reporting matching events)")
def documents(request: Request, flt: Filter) -> dict[str, Any]:
    with backend(request).read() as conn:
        return _page(flt, "documents", list_documents(conn, flt))


@router.get("/series", summary="Event counts and Goldstein sums per period and group")
def series_(request: Request, flt: SeriesFilter,
            by: Annotated[Period, Query(description="Period length.")] = "week",
            group: Annotated[Group, Query(description="One series per this.")] = "none",
            ) -> dict[str, Any]:
    with backend(request).read() as conn:
        rows = series(conn, flt, by=by, group=group)
    return {"by": by, "group": group, "series": rows}


@router.get("/export/{fmt}", summary="Download the matching events in an export format",
            response_class=FileResponse)
def export_(request: Request, fmt: Format, flt: ExportFilter,
            max_rows: Annotated[int, Query(ge=1, le=EXPORT_MAX_ROWS,
                                           description="Stop after this many events.")]
            = EXPORT_DEFAULT_ROWS,
            raw_cells: Annotated[bool, Query(
                description="gdelt, acled, csv: cells starting with = + - @ as they are "
                            "(by default they get a leading ' so a spreadsheet shows text).")]
            = False) -> FileResponse:
    media_type, ext = EXPORT_TYPES[fmt]
    # the export writes a complete file (never half a one), then it is streamed
    # from disk in chunks and removed; the store is held only while writing it
    folder = Path(tempfile.mkdtemp(prefix="newsevents-export-"))
    try:
        target = folder / f"events.{ext}"
        with backend(request).read() as conn:
            total = count_events(conn, flt)
            written = export(conn, flt, fmt, target, max_rows=max_rows,
                             spreadsheet_safe=not raw_cells)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    headers = {"X-Total-Count": str(total), "X-Exported-Count": str(written),
               "Cache-Control": "no-store"}
    return FileResponse(target, media_type=media_type, filename=f"newsevents-{fmt}.{ext}",
                        headers=headers,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
