"""The dashboard in a real browser: Chromium (Playwright) against a running ``newsevents serve``.

The store holds the seed article, a Reuters sample and hostile documents
(one written to the store directly with a ``javascript:`` url, one posted
through the API), so the test sees the seed's story drawn and the payloads
shown as text, never run.
"""

from __future__ import annotations

import re

import httpx
import pytest

from newsevents.config import Settings
from newsevents.documents import make_document
from newsevents.model import Item
from newsevents.query import EventFilter
from newsevents.web.report import build_report
from tests.api.conftest import HOSTILE_TEXT, HOSTILE_TITLE
from tests.api.corpus_store import SEED_TITLE, build_store, code_documents, missing
from tests.web.live import CHROMIUM_ARGS, chromium_missing, chromium_path, serve

pytestmark = pytest.mark.browser

TOKEN = "browser-test-token"
DOHA = "met Taliban representatives in the Qatari capital Doha"
# a selector, not wait_for_function: the page's CSP forbids the eval that would need
READY = "body[data-ready='true']"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    reason = missing() or chromium_missing()
    if reason:
        pytest.skip(reason)
    settings = Settings()
    hostile = make_document(Item(origin="hostile", content=HOSTILE_TEXT, title=HOSTILE_TITLE,
                                 url="javascript:window.__xss=4"), settings,
                            published="2019-02-05")
    path = tmp_path_factory.mktemp("browser") / "dash.duckdb"
    build_store(path, extra=code_documents([hostile], settings))
    return path


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serve(store, token=TOKEN, log=log) as base:
        posted = httpx.post(base + "/api/documents", timeout=120, json={
            "text": HOSTILE_TEXT.replace("Kandahar", "Helmand"), "title": HOSTILE_TITLE,
            "published": "2019-02-06", "url": "https://hostile.example/a?<b>"},
            headers={"Authorization": f"Bearer {TOKEN}"})
        assert posted.status_code == 201, posted.text
        assert posted.json()["documents"][0]["events"] >= 1
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.requests = []
    pg.dialogs = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def _apply(page, **fields):
    for name, value in fields.items():
        page.fill(f"#filters [name={name}]", value)
    page.click("#filters button[type=submit]")
    page.wait_for_selector(READY, state="attached", timeout=20_000)


def _count(page, selector):
    return page.eval_on_selector_all(selector, "els => els.length")


def test_dyad_filter_draws_the_story(page, server):
    page.goto(server + "/")
    page.wait_for_selector(READY, state="attached", timeout=20_000)
    _apply(page, dyad_a="USA", dyad_b="TAL")
    assert "#dyad=USA%2CTAL" in page.url
    n = int(re.match(r"(\d+) event", page.inner_text("#status")).group(1))
    rows = page.locator("#events tbody tr")
    assert 3 <= n == rows.count() <= 50
    for text in rows.all_inner_texts():
        assert "TAL" in text and ("USA" in text or "United States" in text), text
    # timeline: weekly bars, the week of the Doha talks among them
    assert _count(page, "#timeline rect") > 0
    assert _count(page, "#timeline g.week[data-week='2019-01-21'] rect") >= 2
    # map: the outlines and the places of the meetings
    assert _count(page, "#map path.country") > 150
    places = page.eval_on_selector_all("#map circle.place", "els => els.map(e => e.dataset.place)")
    assert {"Doha", "Abu Dhabi"} <= set(places)
    assert page.locator("#map .place-label", has_text="Doha").count() == 1
    # network: who acts on whom
    keys = page.eval_on_selector_all("#network g.node", "els => els.map(e => e.dataset.key)")
    assert "TAL" in keys and len(keys) >= 2 and _count(page, "#network line.link") >= 1
    # the evidence of the Doha meeting
    page.locator("#events tbody tr", has_text="Qatari capital Doha").first.click()
    panel = page.locator("#evidence")
    panel.wait_for(state="visible")
    assert DOHA in panel.locator("p.sentence").inner_text()
    assert panel.locator("p.sentence mark.trigger").inner_text() == "met"
    assert panel.locator("p.sentence mark.tgt").inner_text() == "Taliban"
    body = panel.inner_text()
    assert "verb:consult" in body and "actors/groups.tsv" in body and "Confidence" in body
    assert SEED_TITLE in body and "Doha today" in body  # document and a quote
    assert panel.locator("a.url").get_attribute("href") == "https://seed.example/us-taliban-talks"
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    # nothing was loaded from anywhere but this server
    assert page.requests and all(u.startswith(server) or u.startswith("data:")
                                 for u in page.requests), page.requests
    assert not page.errors and not page.dialogs


def test_hostile_text_is_shown_and_never_run(page, server):
    page.goto(server + "/#text=alert(1)")
    page.wait_for_selector(READY, state="attached", timeout=20_000)
    cells = page.locator("#events tbody td.sentence-cell").all_inner_texts()
    joined = " ".join(cells)
    assert "<script>window.__xss=1;alert(1)</script>" in joined
    assert '<img src=x onerror="window.__xss=2;alert(1)">' in joined
    panels, links = [], []
    for i in range(page.locator("#events tbody tr").count()):
        page.evaluate("document.getElementById('evidence-body').replaceChildren()")
        page.locator("#events tbody tr").nth(i).click()
        panel = page.locator("#evidence")
        panel.locator(".doc-title").first.wait_for()
        assert HOSTILE_TITLE in panel.locator(".doc-title").all_inner_texts()
        hrefs = panel.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert all(h.startswith("https://") for h in hrefs), hrefs  # javascript: stays text
        panels.append(panel.inner_text())
        links.extend(hrefs)
    # both hostile documents were opened: the one stored directly and the one posted
    assert len(panels) >= 3
    assert any("javascript:window.__xss=4" in text for text in panels)
    assert "https://hostile.example/a?%3Cb%3E" in links
    assert page.evaluate("document.querySelectorAll('img, #events script, #evidence script,"
                         " iframe, object').length") == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert not page.dialogs and not page.errors


def test_report_file_works_offline(browser, store, tmp_path):
    out = tmp_path / "report.html"
    summary = build_report(store, EventFilter.from_params({"actor": "taliban"}), out)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    remote: list[str] = []
    problems: list[str] = []
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
             else (remote.append(route.request.url), route.abort()))
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.goto(out.as_uri())
    # the scripts ran, so the CSP's hashes match them
    pg.wait_for_selector(READY, state="attached", timeout=20_000)
    assert pg.locator("#events tbody tr").count() == min(50, summary.events)
    assert _count(pg, "#map path.country") > 150 and _count(pg, "#timeline rect") > 0
    places = pg.eval_on_selector_all("#map circle.place", "els => els.map(e => e.dataset.place)")
    assert {"Doha", "Abu Dhabi"} <= set(places)
    pg.locator("#events tbody tr", has_text="Wardak").first.click()
    pg.locator("#evidence").wait_for(state="visible")
    assert "Wardak" in pg.locator("#evidence p.sentence").inner_text()
    assert pg.evaluate("typeof window.__xss") == "undefined"
    assert not remote and not problems, (remote, problems)
    context.close()
