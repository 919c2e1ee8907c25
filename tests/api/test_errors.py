"""Every error has one JSON shape naming the bad parameter; a busy store is 503."""

from __future__ import annotations

import duckdb
import pytest

from newsevents.api import create_app, routes
from tests.api.conftest import assert_error, make_client

BAD = [
    # (path, params, status, target)
    ("/api/events", {"limit": "0"}, 422, "limit"),
    ("/api/events", {"limit": "1001"}, 422, "limit"),
    ("/api/events", {"limit": "ten"}, 422, "limit"),
    ("/api/events", {"offset": "-1"}, 422, "offset"),
    ("/api/events", {"country": "Afghanistan"}, 400, "country"),
    ("/api/events", {"source_country": "A1"}, 400, "source_country"),
    ("/api/events", {"dyad": "USA"}, 400, "dyad"),
    ("/api/events", {"dyad": "USA,TAL,CHN"}, 400, "dyad"),
    ("/api/events", {"cameo": "19x"}, 400, "cameo"),
    ("/api/events", {"cameo_root": "25"}, 400, "cameo_root"),
    ("/api/events", {"plover": "ASSAULT!"}, 400, "plover"),
    ("/api/events", {"quad_class": "5"}, 400, "quad_class"),
    ("/api/events", {"date_from": "2019-13-01"}, 400, "date_from"),
    ("/api/events", {"date_from": "2019-02", "date_to": "2019-01"}, 400, "date_from"),
    ("/api/events", {"near": "100,0,5"}, 400, "near"),
    ("/api/events", {"modality": "perhaps"}, 400, "modality"),
    ("/api/events", {"text": "x" * 501}, 400, "text"),
    ("/api/events", {"dyad_ordered": "maybe"}, 422, "dyad_ordered"),
    ("/api/events", {"colour": "red"}, 400, "colour"),
    ("/api/actors", {"limit": "5000"}, 422, "limit"),
    ("/api/places", {"country": "QA"}, 400, "country"),
    ("/api/documents", {"quad_class": "x"}, 400, "quad_class"),
    ("/api/series", {"by": "fortnight"}, 422, "by"),
    ("/api/series", {"group": "planet"}, 422, "group"),
    ("/api/series", {"limit": "-3"}, 422, "limit"),
    ("/api/export/xml", {}, 422, "fmt"),
    ("/api/export/csv", {"max_rows": "0"}, 422, "max_rows"),
    ("/api/export/csv", {"cameo_root": "00"}, 400, "cameo_root"),
    ("/api/events/" + "e" * 129, {}, 422, "event_id"),
    ("/api/events/me-1", {"verbose": "1"}, 400, "verbose"),
]


@pytest.mark.parametrize(("path", "params", "status", "target"), BAD,
                         ids=[f"{p}-{t}" for p, _, _, t in BAD])
def test_bad_parameter_is_named(client, path, params, status, target):
    body = assert_error(client.get(path, params=params), status, target)
    assert body["code"] == "EV600"


def test_page_size_bounds(client):
    assert len(client.get("/api/events", params={"limit": 1}).json()["events"]) == 1
    full = client.get("/api/events", params={"limit": 1000}).json()
    assert len(full["events"]) == min(1000, full["total"])
    assert_error(client.get("/api/events", params={"limit": 1001}), 422, "limit")
    # without a limit a page is bounded too
    assert client.get("/api/events").json()["limit"] == 100


def test_unknown_route_and_method(client):
    assert_error(client.get("/api/nothing"), 404, "/api/nothing", "EV802")
    assert_error(client.delete("/api/events"), 405, "/api/events", "EV803")


def test_busy_store_is_503(db_copy):
    app = create_app(db_copy, read_timeout=0.3)
    holder = duckdb.connect(str(db_copy))  # a writer holding the file, as ingest would
    try:
        with make_client(app) as c:
            for path in ("/api/events", "/api/health", "/api/series", "/api/export/csv"):
                r = c.get(path)
                body = assert_error(r, 503, "store", "EV500")
                assert r.headers["retry-after"] == "1"
                assert "busy" in body["message"]
                assert str(db_copy) not in r.text  # the server's paths stay private
    finally:
        holder.close()
    with make_client(app) as c:
        assert c.get("/api/events").status_code == 200


def test_absent_store_is_503(tmp_path):
    with make_client(create_app(tmp_path / "none.duckdb")) as c:
        body = assert_error(c.get("/api/events"), 503, "store", "EV500")
        assert "no store" in body["message"]


def test_unexpected_error_is_500_without_details(corpus_db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(routes, "count_events", broken)
    with make_client(create_app(corpus_db), raise_server_exceptions=False) as c:
        r = c.get("/api/events")
    body = assert_error(r, 500, None, "EV000")
    assert "secret" not in r.text and body["error"] == "InternalError"
