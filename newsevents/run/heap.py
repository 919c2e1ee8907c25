"""The allocator and the garbage collector, set for a process that codes documents.

Two costs that profiles of whole runs show and that change no output:

- Page faults. The models' arrays (a few MB a batch) are freed and allocated
  again batch after batch; glibc hands such blocks back to the system as soon
  as they are freed (through munmap, or by trimming the top of the heap), and
  every new batch then faults the pages in again and the kernel zeroes them:
  about 8% of a run's time in ``clear_page``. Keeping freed memory in the
  process between batches removes that; the coder still returns it to the
  system once per chunk (``malloc_trim``, run/__init__.py), so the resident
  size over a long stream stays where it was.
- The cyclic collector. The loaded codebook, gazetteer and vocabulary are
  hundreds of thousands of objects that every full collection walks again,
  although they live as long as the process: frozen once the coder has loaded
  (``gc.freeze``), collections look only at what the documents create.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_TRIM_THRESHOLD = 256 << 20  # freed memory kept up to this (the per-chunk trim still runs)
_MMAP_THRESHOLD = 64 << 20  # blocks below this come from the heap, not from mmap


@functools.lru_cache(maxsize=1)
def tune_allocator() -> bool:
    """Keep freed blocks in the process (glibc only; elsewhere nothing changes)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)) and bool(
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD))


def freeze_loaded() -> None:
    """Exempt every object alive now from later collections (they are the loaded tables)."""
    gc.freeze()
