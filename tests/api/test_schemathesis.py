"""Every operation of the OpenAPI schema, fuzzed by schemathesis, in-process, over a real store.

Schemathesis reads the schema the app serves at ``/openapi.json`` and, per
operation, sends generated requests (valid and invalid parameters and
bodies, its coverage cases for each parameter's edges, requests without the
token) through the ASGI app built by ``create_app``, over a copy of the
store coded from real corpus articles (tests/api/conftest.py). Each answer
must pass every built-in check schemathesis enables by default (no 5xx,
status code, content type, headers and body as the schema declares them,
invalid input rejected, auth not ignored, unsupported methods refused with
a true ``Allow``) and one of ours: every 4xx carries the one JSON error
shape docs/api.md documents, and a 400 or 422 names the parameter at fault.

One built-in check is left out: ``positive_data_acceptance``, which wants
every schema-valid request accepted. The schema types the filters as plain
strings on purpose (routes.py): their formats (ISO alpha-3 countries, CAMEO
codes, dates, ``near``), the ranges and the rules across parameters
(``date_from`` after ``date_to``) and across body fields (a ``text`` or an
http(s) ``url``) are checked by the query layer and the ingestion route,
which answer 400 or 422 naming the parameter; a JSON Schema could state
only some of them. The error-shape check holds those answers to the
documented form instead.

The write route (POST /api/documents) is included: its bodies are short,
so coding them costs little once the Coder is loaded, and the store is a
copy. URLs it is given are "fetched" through a transport that answers 404
to everything, so nothing leaves the machine.

Bounded for ``make test`` (a few examples per operation, derandomized);
``NEWSEVENTS_FUZZ_LONG=1`` gives each operation 40 times the budget
(tests/fuzz/conftest.py). The cases run per operation, and the statuses
answered, are printed at the end (``pytest -s``); some checks send further
requests of their own (without the token, with another method).
"""

from __future__ import annotations

import collections
import shutil
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsevents.api import create_app
from newsevents.errors import FetchError
from newsevents.sources.fetch import Response as FetchResponse
from tests.api.conftest import TOKEN
from tests.fuzz.conftest import LONG, examples

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ERROR_KEYS = {"error", "code", "target", "message", "hint"}
# Fuzzing examples per operation (coverage cases come on top), before LONG multiplies it.
EXAMPLES = 8

# The schema does not depend on the store, so it is read at import from an app over
# a path that need not exist; the requests go to an app over the real store.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # starlette asks for httpx2 (conftest.py)
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(Path(__file__).with_name("no-store.duckdb")))
schema.config.generation.update(deterministic=True, database="none")

SENT: collections.Counter[str] = collections.Counter()
FAILED: collections.Counter[str] = collections.Counter()
STATUSES: collections.Counter[int] = collections.Counter()


class Unreachable:
    """A transport for URL ingestion that never goes out: every page is missing."""

    def get(self, url: str, *, timeout: float, max_bytes: int,
            headers: Mapping[str, str]) -> FetchResponse:
        if not url.startswith(("http://", "https://")):
            raise FetchError("not http", target=url)
        return FetchResponse(url=url, status=404, body=b"not found",
                             headers={"content-type": "text/plain"})


@pytest.fixture(scope="module")
def fuzz_app(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    target = tmp_path_factory.mktemp("schemathesis") / "fuzz.duckdb"
    shutil.copy(corpus_db, target)
    return create_app(target, token=TOKEN, transport=Unreachable())


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if SENT:
        print(f"\nschemathesis ({'long' if LONG else 'default'} run): "
              f"{sum(SENT.values())} case(s) over {len(SENT)} operation(s), "
              f"{sum(FAILED.values())} failing; statuses checked: {dict(sorted(STATUSES.items()))}")
        for label, n in sorted(SENT.items()):
            print(f"  {label}: {n}" + (f" ({FAILED[label]} failing)" if FAILED[label] else ""))


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx is the documented error: JSON {error, code, target, message, hint}."""
    STATUSES[response.status_code] += 1
    if not 400 <= response.status_code < 500:
        return None
    ctype = response.headers.get("content-type", [""])
    ctype = ctype[0] if isinstance(ctype, list) else ctype
    assert ctype.startswith("application/json"), f"a {response.status_code} answer as {ctype}"
    body = response.json()
    assert isinstance(body, dict) and set(body) == ERROR_KEYS, body
    assert isinstance(body["code"], str) and body["code"].startswith("EV"), body
    assert isinstance(body["message"], str) and body["message"], body
    assert body["target"] is None or isinstance(body["target"], str), body
    if response.status_code in (400, 422):
        assert body["target"] is not None, f"a {response.status_code} that names no parameter: {body}"
    return True


@schema.parametrize()
@settings(max_examples=examples(EXAMPLES), derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, fuzz_app: Any) -> None:
    SENT[case.operation.label] += 1
    try:
        case.call_and_validate(app=fuzz_app, headers=AUTH, additional_checks=[error_shape],
                               excluded_checks=[schemathesis.checks.positive_data_acceptance])
    except BaseException:
        FAILED[case.operation.label] += 1
        raise
