"""Every read route over a store coded from the seed article and a Reuters sample."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date

from newsevents.query import EventFilter, count_events
from tests.api.corpus_store import SEED_TITLE

DOHA = "met Taliban representatives in the Qatari capital Doha"


def _sides(event):
    out = set()
    for side in ("source", "target"):
        a = event.get(side) or {}
        out |= {a.get("code"), a.get("country"), a.get("group")}
    return out


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["events"] > 20 and body["has_documents"]


def test_events_dyad_finds_the_doha_meeting(client, corpus_db):
    r = client.get("/api/events", params={"dyad": "USA,TAL", "limit": 100})
    assert r.status_code == 200
    body = r.json()
    events = body["events"]
    assert body["total"] == len(events) == count_events(
        corpus_db, EventFilter.from_params({"dyad": "USA,TAL"}))
    assert events and all({"USA", "TAL"} <= _sides(e) for e in events)
    doha = [e for e in events if DOHA in e["evidence"]]
    assert doha and doha[0]["location"]["name"] == "Doha"
    assert doha[0]["source"]["name"] == "Zalmay Khalilzad"
    days = [e["day"] for e in events if e["day"]]
    assert days == sorted(days, reverse=True)  # newest first


def test_events_paging(client):
    first = client.get("/api/events", params={"limit": 5}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    assert first["next_offset"] == 5 and second["next_offset"] == 10
    ids = [e["event_id"] for e in first["events"]] + [e["event_id"] for e in second["events"]]
    assert len(ids) == len(set(ids)) == 10
    last = client.get("/api/events", params={"limit": 5, "offset": first["total"] - 2}).json()
    assert len(last["events"]) == 2 and last["next_offset"] is None


def test_events_filters_narrow(client):
    cases = {
        "actor": ("taliban", lambda e: any(
            "taliban" in ((e[s] or {}).get("name") or "").lower()
            or "TAL" in ((e[s] or {}).get("code") or "") for s in ("source", "target"))),
        "cameo_root": ("04", lambda e: e["cameo"].startswith("04")),
        "quad_class": ("4", lambda e: e["quad_class"] == 4),
        "place": ("doha", lambda e: "doha" in (e["location"]["name"] or "").lower()),
        "country": ("AFG", lambda e: "AFG" in _sides(e)),
        "date_from": ("2019-01", lambda e: e["day"] >= "2019-01-01"),
        "date_to": ("2017-11", lambda e: e["day"] <= "2017-11-30"),
        "text": ("Wardak", lambda e: True),
    }
    everything = client.get("/api/events", params={"limit": 1000}).json()["total"]
    for name, (value, holds) in cases.items():
        body = client.get("/api/events", params={name: value, "limit": 1000}).json()
        assert 0 < body["total"] < everything, name
        assert all(holds(e) for e in body["events"]), name


def test_sql_is_never_built_from_input(client):
    r = client.get("/api/events", params={"actor": "' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"place": "%'); DROP TABLE events; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/health").json()["events"] > 0


def test_one_event_with_its_evidence(client):
    events = client.get("/api/events", params={"dyad": "USA,TAL", "place": "Doha"}).json()
    event_id = events["events"][0]["event_id"]
    r = client.get(f"/api/events/{event_id}")
    assert r.status_code == 200
    detail = r.json()
    assert detail["event_id"] == event_id
    assert any(DOHA in s for s in detail["evidence_sentences"])
    assert detail["mentions"] and all(m["rule"] for m in detail["mentions"])
    report = detail["reports"][0]["report"]
    assert report["rule"] and report["trigger"] and report["source"]["entry"]
    assert [d["title"] for d in detail["documents"]] == [SEED_TITLE]
    assert any("Doha today" in q["text"] for q in detail["quotes"])


def test_unknown_event_is_404(client):
    r = client.get("/api/events/me-0000000000000000")
    assert r.status_code == 404
    assert r.json()["target"] == "event_id" and r.json()["code"] == "EV802"


def test_actors_places_documents(client):
    actors = client.get("/api/actors", params={"dyad": "USA,TAL"}).json()["actors"]
    by_key = {a["key"]: a for a in actors}
    assert "TAL" in by_key and by_key["TAL"]["events"] > 0
    assert all(a["events"] >= b["events"] for a, b in itertools.pairwise(actors))

    places = client.get("/api/places", params={"actor": "taliban"}).json()["places"]
    names = {p["name"] for p in places}
    assert {"Doha", "Abu Dhabi"} <= names
    doha = next(p for p in places if p["name"] == "Doha")
    assert abs(doha["lat"] - 25.29) < 0.1 and abs(doha["lon"] - 51.53) < 0.1

    docs = client.get("/api/documents", params={"limit": 1000}).json()["documents"]
    assert len(docs) == 36 and SEED_TITLE in {d["title"] for d in docs}
    seed_only = client.get("/api/documents", params={"place": "Doha"}).json()["documents"]
    assert [d["title"] for d in seed_only] == [SEED_TITLE]
    page = client.get("/api/documents", params={"limit": 3, "offset": 3}).json()
    assert len(page["documents"]) == 3 and page["offset"] == 3


def test_series_per_week_and_group(client, corpus_db):
    r = client.get("/api/series", params={"dyad": "USA,TAL", "by": "week", "group": "dyad"})
    assert r.status_code == 200
    rows = r.json()["series"]
    assert rows and all(date.fromisoformat(row["period"]).weekday() == 0 for row in rows)
    dated = count_events(corpus_db, EventFilter.from_params({"dyad": "USA,TAL"}))
    assert sum(row["events"] for row in rows) <= dated
    assert all("TAL" in row["group"] for row in rows)
    week = next(row for row in rows if row["period"] == "2019-01-21")
    assert week["goldstein_sum"] is not None and week["events"] >= 1
    by_country = client.get("/api/series", params={"by": "month", "group": "country"}).json()
    assert {"AFG", "QAT"} <= {row["group"] for row in by_country["series"]}
    assert all(row["period"].endswith("-01") for row in by_country["series"])


def test_exports_in_every_format(client):
    params = {"actor": "taliban"}
    total = client.get("/api/events", params=params).json()["total"]
    for fmt in ("gdelt", "plover", "acled", "csv", "parquet", "jsonl"):
        r = client.get(f"/api/export/{fmt}", params=params)
        assert r.status_code == 200, (fmt, r.text)
        assert "attachment" in r.headers["content-disposition"]
        assert r.headers["x-total-count"] == str(total)
        written = int(r.headers["x-exported-count"])
        if fmt == "gdelt":
            lines = r.text.splitlines()
            assert len(lines) == written == total and all(len(x.split("\t")) == 61 for x in lines)
        elif fmt == "plover":
            assert len(json.loads(r.text)) == written == total
        elif fmt == "jsonl":
            assert len([json.loads(x) for x in r.text.splitlines()]) == written == total
        elif fmt == "csv":
            assert len(list(csv.DictReader(io.StringIO(r.text)))) == written == total
        elif fmt == "parquet":
            assert r.content[:4] == b"PAR1" and written == total
        else:  # acled: events with an ACLED type only
            assert 0 < written <= total
    capped = client.get("/api/export/jsonl", params={"max_rows": 1})
    assert len(capped.text.splitlines()) == 1


def test_meta_lists_filter_choices(client):
    meta = client.get("/api/meta").json()
    assert [r["code"] for r in meta["cameo_roots"]] == [f"{i:02d}" for i in range(1, 21)]
    assert "ASSAULT" in meta["plover_types"] and len(meta["quad_classes"]) == 4
    assert meta["write_requires_token"] is True


def test_openapi_documents_every_route_and_filter(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/health", "/api/events", "/api/events/{event_id}", "/api/actors",
                 "/api/places", "/api/documents", "/api/series", "/api/export/{fmt}"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/documents"]
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "cameo_root", "plover", "quad_class", "date_from", "date_to",
            "place", "limit", "offset"} <= names
    assert "ErrorOut" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # it would load scripts from a CDN


def test_dashboard_and_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for asset in ("/static/app.js", "/static/views.js", "/static/style.css",
                  "/static/countries-110m.json"):
        assert client.get(asset).status_code == 200, asset
        assert f'"{asset}"' in page.text or asset.endswith(".json")
    world = client.get("/static/countries-110m.json").json()
    assert len(world["objects"]["countries"]["geometries"]) > 150
