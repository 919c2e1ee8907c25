"""One gazetteer for the session, loaded the way the pipeline loads it."""

from __future__ import annotations

import pytest

from newsevents.config import GazetteerSettings
from newsevents.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    # The user cache dir, as in production: built once per machine, then loaded in ~0.5 s.
    return Gazetteer.load(GazetteerSettings())
