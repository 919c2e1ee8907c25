"""Time series of events: counts and Goldstein sums per period and group.

``group="dyad"`` groups by the merged event's dyad (source key - target
key, e.g. ``TAL-AFGSPY``); ``group="country"`` by where it happened (the
place's country, else the source's); ``group="none"`` gives one series.
Weeks start on Monday (ISO weeks).
"""

from __future__ import annotations

from typing import Any

from ..errors import QueryError
from .events import Source, _run, connection
from .filters import EventFilter, where

MAX_ROWS = 100_000

# option -> SQL text; only these fixed strings reach the query
PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}
GROUPS = {
    "none": "NULL",
    "dyad": "e.dyad",
    "country": "coalesce(e.location_country, e.source_country)",
    "root": "e.cameo_root",
    "quad": "CAST(e.quad_class AS VARCHAR)",
}


def series(
    source: Source,
    flt: EventFilter | None = None,
    *,
    by: str = "day",
    group: str = "none",
) -> list[dict[str, Any]]:
    """Rows of ``period`` (ISO date of its first day), ``group``, ``events``,
    ``mentions``, ``goldstein_sum``, ``goldstein_mean`` and ``fatalities``,
    ordered by period then group. Paging in the filter is ignored."""
    if by not in PERIODS:
        raise QueryError(f"must be one of {', '.join(PERIODS)}", target="by")
    if group not in GROUPS:
        raise QueryError(f"must be one of {', '.join(GROUPS)}", target="group")
    cond, params = where(flt or EventFilter())
    period = f"CAST(date_trunc('{PERIODS[by]}', e.day) AS DATE)"
    sql = (
        f"SELECT {period} AS period, {GROUPS[group]} AS grp, count(*) AS events, "
        "sum(e.num_mentions) AS mentions, sum(e.goldstein) AS goldstein_sum, "
        "avg(e.goldstein) AS goldstein_mean, sum(e.fatalities) AS fatalities "
        f"FROM events e WHERE e.day IS NOT NULL AND {cond} "
        "GROUP BY period, grp ORDER BY period, grp NULLS FIRST LIMIT ?"
    )
    with connection(source) as conn:
        rows = _run(conn, sql, [*params, MAX_ROWS])
    out = []
    for r in rows:
        out.append({
            "period": r["period"].isoformat(),
            "group": r["grp"],
            "events": int(r["events"]),
            "mentions": int(r["mentions"] or 0),
            "goldstein_sum": round(float(r["goldstein_sum"]), 4)
            if r["goldstein_sum"] is not None else None,
            "goldstein_mean": round(float(r["goldstein_mean"]), 4)
            if r["goldstein_mean"] is not None else None,
            "fatalities": float(r["fatalities"]) if r["fatalities"] is not None else None,
        })
    return out
