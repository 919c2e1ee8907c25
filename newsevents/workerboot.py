"""The first thing a pool worker does: hold the native thread pools to its share of cores.

numpy's OpenBLAS starts a thread per core in every process that multiplies (the
classifier's sentence encoder does), and those threads spin while they wait for
work. Two workers on two cores then ran four of them, and two workers coded more
slowly than one (bench/README.md: 0.77 against 1.97 with one thread each).
OpenBLAS reads its thread count once, when numpy loads; so this module imports
nothing that loads numpy, and sets the count before the worker's coder does. A
count the user set in the environment is kept.
"""

from __future__ import annotations

import os
from typing import Any

NATIVE_POOLS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def start(settings: Any, threads: int) -> None:
    """Pool initializer: native pools of ``threads``, then the coder loaded."""
    for name in NATIVE_POOLS:
        os.environ.setdefault(name, str(max(1, threads)))
    from .run.pool import initialise

    initialise(settings)
