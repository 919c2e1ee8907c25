"""The exception tree and coded user messages.

    NewsEventsError                 EV000  anything newsevents raises on purpose
     ├── ConfigError                EV1xx  a bad setting or config file
     ├── InputError                 EV2xx  an input that cannot be read or used
     │    ├── MissingInput          EV201
     │    ├── EmptyInput            EV202
     │    ├── BinaryInput           EV203
     │    ├── EncodingError         EV204
     │    ├── MalformedRecord       EV205
     │    ├── InputTooLarge         EV206
     │    ├── UnsupportedInput      EV207
     │    ├── FetchError            EV208
     │    ├── NotArticle            EV209
     │    └── SpecialFile           EV210  a FIFO, socket or device where a file was meant
     ├── ModelError                 EV3xx  the spaCy model cannot be loaded
     ├── CodebookError              EV4xx  a dictionary, pattern or codebook file is bad
     ├── StoreError                 EV5xx  the event store cannot be read or written
     ├── QueryError                 EV6xx  a query or export request is invalid
     ├── GoldError                  EV7xx  an evaluation file is malformed
     └── OutputError                EV9xx  an output file cannot be written

(EV8xx belongs to the HTTP API's own refusals, in newsevents/api/errors.py.)

Errors become messages in one place: ``render`` here, called by the CLI and
the HTTP API. Third-party exceptions are mapped at the boundary with
``raise ... from exc`` so users see one vocabulary.
"""

from __future__ import annotations

from typing import Any


class NewsEventsError(Exception):
    code = "EV000"

    def __init__(self, message: str, *, target: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.target = target
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.target}: " if self.target else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": type(self).__name__,
            "code": self.code,
            "target": self.target,
            "message": self.message,
            "hint": self.hint,
        }


class ConfigError(NewsEventsError):
    code = "EV100"


class InputError(NewsEventsError):
    code = "EV200"


class MissingInput(InputError):
    code = "EV201"


class EmptyInput(InputError):
    code = "EV202"


class BinaryInput(InputError):
    code = "EV203"


class EncodingError(InputError):
    code = "EV204"


class MalformedRecord(InputError):
    code = "EV205"


class InputTooLarge(InputError):
    code = "EV206"


class UnsupportedInput(InputError):
    code = "EV207"


class FetchError(InputError):
    code = "EV208"


class NotArticle(InputError):
    code = "EV209"


class SpecialFile(InputError):
    code = "EV210"


class ModelError(NewsEventsError):
    code = "EV300"


class CodebookError(NewsEventsError):
    code = "EV400"


class StoreError(NewsEventsError):
    code = "EV500"


class QueryError(NewsEventsError):
    code = "EV600"


class GoldError(NewsEventsError):
    code = "EV700"


class OutputError(NewsEventsError):
    code = "EV900"


def render(exc: BaseException) -> str:
    """One line for a user: coded for our errors, plain for anything else."""
    if isinstance(exc, NewsEventsError):
        return str(exc)
    return f"[EV000] unexpected {type(exc).__name__}: {exc}"


def as_json(exc: BaseException) -> dict[str, Any]:
    """The one JSON error shape shared by the CLI's JSON mode and the HTTP API."""
    if isinstance(exc, NewsEventsError):
        return exc.to_dict()
    return {
        "error": type(exc).__name__,
        "code": "EV000",
        "target": None,
        "message": str(exc),
        "hint": None,
    }
