"""The HTTP API and the dashboard over a real store: route latencies, page load, screenshot.

Builds a store from the seed article and a fixed sample of the Reuters 2017
politics corpus (tests/api/corpus_store.py), starts ``newsevents serve`` on
a free loopback port, then

- times each read route (``--repeat`` requests each, after one warm-up) and
  one ingestion (POST /api/documents, the Coder already loaded);
- times the dashboard in headless Chromium from navigation until every view
  is drawn (``body[data-ready=true]``), after applying the ``actor=taliban``
  filter;
- saves a screenshot of that view with the Wardak attack's evidence open
  (``--screenshot``, default docs/screenshot.png).

Writes bench/results/dashboard.json and prints the figures.
Usage: ``.venv/bin/python bench/dashboard.py [--repeat 20] [--screenshot PATH]``.
Needs ../shared and Debian's chromium (apt-get install -y chromium).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.api.corpus_store import build_store, missing  # noqa: E402
from tests.web.live import CHROMIUM_ARGS, chromium_missing, chromium_path, serve  # noqa: E402

TOKEN = "bench-token"
READY = "body[data-ready='true']"


def _time(client: httpx.Client, method: str, url: str, repeat: int, **kw: object) -> dict:
    client.request(method, url, **kw)  # warm-up: first open of the file, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        r = client.request(method, url, **kw)
        times.append((time.perf_counter() - start) * 1000)
        r.raise_for_status()
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "bytes": len(r.content)}


def routes(base: str, repeat: int) -> dict[str, dict]:
    out = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        event_id = c.get("/api/events", params={"dyad": "USA,TAL", "limit": 1}).json()[
            "events"][0]["event_id"]
        cases = {
            "GET /api/health": "/api/health",
            "GET /api/events (all, 100)": "/api/events",
            "GET /api/events?dyad=USA,TAL": "/api/events?dyad=USA,TAL",
            "GET /api/events?text=Taliban": "/api/events?text=Taliban",
            "GET /api/events/{id}": f"/api/events/{event_id}",
            "GET /api/series?by=week&group=quad": "/api/series?by=week&group=quad",
            "GET /api/places?limit=1000": "/api/places?limit=1000",
            "GET /api/actors?limit=300": "/api/actors?limit=300",
            "GET /api/export/gdelt": "/api/export/gdelt",
        }
        for name, url in cases.items():
            out[name] = _time(c, "GET", url, repeat)
        article = ("Pakistani troops clashed with militants near Peshawar on Sunday, killing "
                   "six fighters, the army said in a statement. ")
        c.post("/api/documents", json={"text": article + "Warm-up."},
               headers={"Authorization": f"Bearer {TOKEN}"})  # loads the Coder
        times = []
        for i in range(min(repeat, 10)):
            start = time.perf_counter()
            r = c.post("/api/documents", json={"text": article + f"Report {i}."},
                       headers={"Authorization": f"Bearer {TOKEN}"})
            times.append((time.perf_counter() - start) * 1000)
            r.raise_for_status()
        out["POST /api/documents (one short article)"] = {
            "median_ms": round(statistics.median(times), 1)}
    return out


def browser(base: str, screenshot: Path | None, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    loads = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": 1700, "height": 1200})
        for _ in range(runs):
            start = time.perf_counter()
            page.goto(base + "/#actor=taliban")
            page.wait_for_selector(READY, state="attached", timeout=30_000)
            loads.append((time.perf_counter() - start) * 1000)
            page.goto("about:blank")
        page.goto(base + "/#actor=taliban")
        page.wait_for_selector(READY, state="attached", timeout=30_000)
        if screenshot is not None:
            page.locator("#events tbody tr", has_text="190 ASSAULT").first.click()
            page.locator("#evidence").wait_for(state="visible")
            page.evaluate("window.scrollTo(0, 0)")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=False)
        b.close()
    return {"dashboard_ready_median_ms": round(statistics.median(loads), 1),
            "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--screenshot", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument("--no-screenshot", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "dashboard.json")
    args = parser.parse_args()
    reason = missing() or chromium_missing()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        written = build_store(db)
        build_s = time.perf_counter() - started
        with serve(db, token=TOKEN, log=Path(tmp) / "serve.log") as base:
            figures = routes(base, args.repeat)
            page = browser(base, None if args.no_screenshot else args.screenshot, 5)
    result = {
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "store": {"documents": written.documents, "reports": written.reports,
                  "events": written.events, "build_s": round(build_s, 1)},
        "repeat": args.repeat,
        "routes": figures,
        "browser": page,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
