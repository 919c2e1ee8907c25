"""Fetching URLs behind a small transport interface.

``Transport.get`` does one GET and nothing else; ``fetch`` adds the policy:
retries with exponential backoff on connection failures and 5xx answers, the
status check, the byte cap. Tests pass their own transport or point the
default one at a local server. Every failure becomes a FetchError (or
InputTooLarge) naming the URL, mapped from httpx at this boundary.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from ..config import Settings
from ..errors import FetchError, InputTooLarge

log = logging.getLogger(__name__)

# First wait between tries, in seconds; doubled after each failed try.
BACKOFF_SECONDS = 0.5
MAX_REDIRECTS = 5


class RetryableFetchError(FetchError):
    """A failure worth another try: the connection failed or the server erred."""


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Transport(Protocol):
    def get(
        self, url: str, *, timeout: float, max_bytes: int, headers: Mapping[str, str]
    ) -> Response:
        """One GET; raises FetchError, RetryableFetchError or InputTooLarge."""
        ...


class HttpxTransport:
    """The default transport: httpx, streaming so the byte cap holds before memory fills."""

    def __init__(self, client: httpx.Client | None = None):
        self._client = client

    def get(
        self, url: str, *, timeout: float, max_bytes: int, headers: Mapping[str, str]
    ) -> Response:
        client = self._client or httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS)
        # httpx's timeout bounds each connect/read; the deadline bounds the
        # whole download, so a server dripping one byte a second cannot hold us
        deadline = time.monotonic() + timeout
        try:
            with client.stream(
                "GET", url, headers=dict(headers), timeout=httpx.Timeout(timeout)
            ) as answer:
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise InputTooLarge(
                        f"too large: {int(declared):,} bytes announced (limit {max_bytes:,})",
                        target=url,
                    )
                chunks: list[bytes] = []
                total = 0
                for chunk in answer.iter_bytes():  # decompressed, so a gzip bomb hits the cap
                    total += len(chunk)
                    if total > max_bytes:
                        raise InputTooLarge(f"too large: more than {max_bytes:,} bytes", target=url)
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"timed out after {timeout:g}s (slow download)", target=url
                        )
                    chunks.append(chunk)
                return Response(
                    url=str(answer.url),
                    status=answer.status_code,
                    body=b"".join(chunks),
                    headers={k.lower(): v for k, v in answer.headers.items()},
                )
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise RetryableFetchError(f"cannot connect: {exc}", target=url) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {timeout:g}s", target=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects", target=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP failure: {type(exc).__name__}: {exc}", target=url) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", target=url) from exc
        finally:
            if self._client is None:
                client.close()


def fetch(
    url: str,
    settings: Settings,
    transport: Transport | None = None,
    *,
    backoff: float = BACKOFF_SECONDS,
) -> Response:
    """GET ``url`` under settings.fetch; raises FetchError or InputTooLarge."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http:// and https:// URLs are fetched", target=url)
    transport = transport or HttpxTransport()
    conf = settings.fetch
    tries = max(1, conf.retries + 1)
    headers = {
        "User-Agent": conf.user_agent,
        "Accept": "text/html,application/xhtml+xml,"
        "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
    }
    problem = ""
    for attempt in range(tries):
        if attempt:
            wait = backoff * 2 ** (attempt - 1)
            log.info("retrying %s in %.1fs after: %s", url, wait, problem)
            time.sleep(wait)
        try:
            answer = transport.get(
                url, timeout=conf.timeout, max_bytes=conf.max_bytes, headers=headers
            )
        except RetryableFetchError as exc:
            problem = exc.message
            continue
        if answer.status >= 500 or answer.status == 429:
            problem = f"HTTP {answer.status}"
            continue
        if answer.status >= 400:
            raise FetchError(f"HTTP {answer.status}", target=url)
        if answer.status >= 300:
            raise FetchError(f"HTTP {answer.status} redirect not followed", target=url)
        return answer
    raise FetchError(f"{problem} (after {tries} tries)", target=url)
