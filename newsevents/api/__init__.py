"""The HTTP API and dashboard server (FastAPI): ``create_app(db, ...)``.

Routes, the error shape and the security rules are described in docs/api.md.
"""

from __future__ import annotations

from .app import ApiConfig, Backend, create_app
from .security import DEFAULT_MAX_BODY, is_loopback

__all__ = ["DEFAULT_MAX_BODY", "ApiConfig", "Backend", "create_app", "is_loopback"]
