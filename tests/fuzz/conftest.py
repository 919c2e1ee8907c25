"""Fuzz budgets and a hard per-example time limit.

The default run is short enough for ``make test``; ``NEWSEVENTS_FUZZ_LONG=1``
multiplies every budget (``examples``) for a long hunt. ``within`` stops an
example that hangs, naming it, instead of freezing the run: hypothesis's own
``deadline`` only complains after a slow example has finished, and on this
shared 2-core machine it would flag load, not bugs, so it is off and the hard
limit is generous.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

from hypothesis import HealthCheck, settings

LONG = os.environ.get("NEWSEVENTS_FUZZ_LONG", "") not in ("", "0")
LONG_FACTOR = int(os.environ.get("NEWSEVENTS_FUZZ_FACTOR", "40"))
# Seconds one example may take before it counts as a hang.
EXAMPLE_LIMIT_S = 60.0


def examples(default: int) -> int:
    """The hypothesis budget of a target: ``default``, or LONG_FACTOR times it when long."""
    return default * LONG_FACTOR if LONG else default


class Hang(Exception):
    """An example ran past its time limit."""


@contextlib.contextmanager
def within(seconds: float = EXAMPLE_LIMIT_S, what: str = "example") -> Iterator[None]:
    """Raise Hang inside the block after ``seconds`` (SIGALRM; main thread only)."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"{what} ran past {seconds:.0f}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzz(default: int) -> settings:
    """Hypothesis settings for a fuzz target: its budget, no deadline (``within`` guards)."""
    return settings(
        max_examples=examples(default),
        deadline=None,
        # make test draws the same examples every run, so CI fails only for a change; the
        # long hunt draws new ones each time
        derandomize=not LONG,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example],
    )
