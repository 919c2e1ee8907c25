"""Fetching from a real local HTTP server: pages, feeds, timeouts, retries, caps."""

from __future__ import annotations

import time

import pytest

from newsevents.config import Settings, apply
from newsevents.errors import FetchError, InputTooLarge
from newsevents.model import Item, Rejection
from newsevents.sources import fetch, iter_items


def quick(**values: object) -> Settings:
    base = {"fetch.timeout": 2.0, "fetch.retries": 0}
    base.update(values)
    return apply(Settings(), base)


def test_html_url_yields_the_page(site):
    [item] = list(iter_items([site.url("/page.html")], quick()))
    assert isinstance(item, Item)
    assert item.kind == "html"
    assert item.origin == site.url("/page.html")
    assert item.url == site.url("/page.html")
    assert "Lawmakers approved the government's budget" in item.content


def test_http_charset_is_honoured(site):
    [item] = list(iter_items([site.url("/latin1.html")], quick()))
    assert isinstance(item, Item)
    assert "Außenminister" in item.content and "über" in item.content


def test_feed_url_yields_entries_without_fetching_them(site):
    out = list(iter_items([site.url("/feed")], quick()))
    items = [o for o in out if isinstance(o, Item)]
    assert [i.title for i in items] == ["Rebels free hostages", "Election result contested"]
    assert items[0].published == "2019-01-22"
    assert items[0].url == site.url("/world/hostages-freed")
    assert items[0].meta["html_fragment"] is True
    # the third entry has only a headline and a link: rejected, its page not fetched
    [rejected] = [o for o in out if isinstance(o, Rejection)]
    assert rejected.origin.endswith("#entry-3")
    assert not any(path.startswith("/world/") for path in site.hits)


def test_follow_links_fetches_each_entry_page(site):
    out = list(iter_items([site.url("/feed")], quick(), follow_links=True))
    items = [o for o in out if isinstance(o, Item)]
    assert len(items) == 3 and not [o for o in out if isinstance(o, Rejection)]
    assert all(i.kind == "html" and "Lawmakers approved" in i.content for i in items)
    assert items[0].title == "Rebels free hostages"  # the entry's metadata is kept
    assert items[0].published == "2019-01-22"
    assert site.hits["/world/hostages-freed"] == 1


def test_a_stalled_server_times_out_with_a_clear_reason(site):
    started = time.monotonic()
    [rejection] = list(iter_items([site.url("/stall")], quick(**{"fetch.timeout": 0.5})))
    assert time.monotonic() - started < 5
    assert isinstance(rejection, Rejection)
    assert rejection.origin == site.url("/stall")
    assert rejection.code == FetchError.code
    assert "timed out after 0.5s" in rejection.reason


def test_http_errors_are_rejections_naming_the_status(site):
    [missing] = list(iter_items([site.url("/nothing-here")], quick()))
    assert isinstance(missing, Rejection)
    assert missing.reason == "HTTP 404"
    assert site.hits["/nothing-here"] == 1  # a 404 is not retried


def test_server_errors_are_retried_with_backoff(site):
    answer = fetch(site.url("/flaky"), quick(**{"fetch.retries": 2}), backoff=0.01)
    assert answer.status == 200
    assert site.hits["/flaky"] == 3


def test_retries_give_up_and_say_so(site):
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/down"), quick(**{"fetch.retries": 1}), backoff=0.01)
    assert "HTTP 500 (after 2 tries)" in str(caught.value)
    assert site.hits["/down"] == 2


def test_connection_refused_is_a_fetch_error():
    settings = quick(**{"fetch.retries": 1})
    # port 9 (discard) on localhost is closed in test environments
    with pytest.raises(FetchError) as caught:
        fetch("http://127.0.0.1:9/", settings, backoff=0.01)
    assert "cannot connect" in caught.value.message
    assert "after 2 tries" in caught.value.message


@pytest.mark.parametrize("path", ["/big", "/big-chunked", "/bomb"])
def test_byte_cap_holds_for_announced_streamed_and_compressed_bodies(site, path):
    settings = quick(**{"fetch.max_bytes": 20_000})
    with pytest.raises(InputTooLarge) as caught:
        fetch(site.url(path), settings)
    assert "too large" in caught.value.message
    [rejection] = list(iter_items([site.url(path)], settings))
    assert isinstance(rejection, Rejection) and rejection.code == InputTooLarge.code


def test_unsupported_content_type_is_rejected(site):
    [rejection] = list(iter_items([site.url("/image.png")], quick()))
    assert isinstance(rejection, Rejection)
    assert "unsupported content type 'image/png'" in rejection.reason


def test_other_schemes_are_not_fetched():
    [rejection] = list(iter_items(["ftp://example.invalid/file.txt"]))
    assert isinstance(rejection, Rejection)
    assert "http and https only" in rejection.reason


def test_a_custom_transport_replaces_httpx():
    from newsevents.sources import Response

    class Canned:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def get(self, url, *, timeout, max_bytes, headers):
            self.calls.append(url)
            assert headers["User-Agent"].startswith("newsevents/")
            return Response(
                url, 200, b"<html><body><p>hi</p></body></html>", {"content-type": "text/html"}
            )

    canned = Canned()
    [item] = list(iter_items(["https://news.example/a"], transport=canned))
    assert isinstance(item, Item) and item.kind == "html"
    assert canned.calls == ["https://news.example/a"]
