"""newsevents report: one self-contained HTML file whose inline parts the CSP names by hash."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from newsevents.commands.serve import report as report_cmd
from newsevents.config import Settings
from newsevents.documents import make_document
from newsevents.errors import OutputError, QueryError
from newsevents.model import Item
from newsevents.query import EventFilter
from newsevents.store import Store
from newsevents.web.report import build_report, json_block
from tests.api.conftest import HOSTILE_TEXT, HOSTILE_TITLE
from tests.api.corpus_store import code_documents

_BLOCK = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)


def _parts(page: str):
    scripts = [(attrs, body) for attrs, body in _BLOCK.findall(page)]
    data = {re.search(r'id="([^"]+)"', a).group(1): json.loads(b)
            for a, b in scripts if "application/json" in a}
    code = [b for a, b in scripts if "application/json" not in a]
    return data, code


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture()
def hostile_db(db_copy):
    settings = Settings()
    doc = make_document(Item(origin="hostile", content=HOSTILE_TEXT, title=HOSTILE_TITLE,
                             url="javascript:window.__xss=4"), settings, published="2019-02-05")
    with Store.open(db_copy) as store:
        store.write(code_documents([doc], settings))
    return db_copy


def test_report_is_self_contained_and_hash_locked(hostile_db, tmp_path):
    out = tmp_path / "r.html"
    summary = build_report(hostile_db, EventFilter.from_params({"dyad": "USA,TAL"}), out)
    page = out.read_text(encoding="utf-8")
    assert summary.events == summary.total > 3 and summary.bytes == len(page.encode())
    data, code = _parts(page)
    report = data["report-data"]
    assert len(report["events"]) == summary.events == len(report["details"])
    assert report["filters"] == {"dyad": "USA,TAL"}
    assert report["series"] and report["places"] and data["world-data"]["arcs"]
    # the hostile document is in the data, intact, and nowhere in the markup
    sentences = " ".join(e["evidence"] for e in report["events"])
    assert '<img src=x onerror="window.__xss=2;alert(1)">' in sentences
    assert "<img" not in page and "onerror=" in page  # escaped inside JSON, never a tag
    assert "</title><script>" not in page.split("<title>", 1)[1]
    # nothing remote; the CSP names exactly the inline script and style blocks
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    policy = csp.group(1).replace("&#x27;", "'")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert sorted(directives["script-src"]) == sorted(_hash(c) for c in code) and len(code) == 2
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert directives["style-src"] == [_hash(style)]
    assert "unsafe-inline" not in policy


def test_json_block_cannot_close_its_script():
    text = json_block({"a": "</script><script>alert(1)</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["a"].startswith("</script>")


def test_report_command(corpus_db, tmp_path):
    out = tmp_path / "sub" / "afg.html"
    result = CliRunner().invoke(report_cmd, ["--db", str(corpus_db), "--out", str(out),
                                             "--actor", "taliban", "--max-events", "2"])
    assert result.exit_code == 0, result.output
    assert "2 of" in result.stderr
    data, _ = _parts(out.read_text(encoding="utf-8"))
    assert len(data["report-data"]["events"]) == 2 and data["report-data"]["total"] > 2
    bad = CliRunner().invoke(report_cmd, ["--db", str(corpus_db), "--out", str(out),
                                          "--cameo-root", "99"])
    assert isinstance(bad.exception, QueryError) and bad.exception.target == "cameo_root"


def test_report_bounds(corpus_db, tmp_path):
    with pytest.raises(QueryError) as err:
        build_report(corpus_db, None, tmp_path / "x.html", max_events=0)
    assert err.value.target == "max_events"
    with pytest.raises(OutputError, match="is a folder"):
        build_report(corpus_db, None, tmp_path)  # a folder: refused before any work
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
