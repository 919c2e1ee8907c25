"""The gazetteer's name index packed into a few flat arrays, quick to load.

The index maps 515,000 normalised names to entry codes. As a dict, unpickling
it builds half a million strings and dict slots: a third of a second of every
start, most of the gazetteer's load. Packed, it is one string of all names and
four arrays that unpickle as plain memory copies; a lookup hashes the name
(CRC-32), finds its hash by bisection and compares the name itself, so equal
hashes of different names are told apart. A lookup costs about a microsecond
more than a dict's; a document makes about a hundred.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping

Codes = int | tuple[int, ...]


class PackedKeys:
    """A read-only mapping name -> code or codes with the dict it was made from's answers."""

    def __init__(self, keys: Mapping[str, Codes]):
        order = sorted(keys, key=_hash)
        self.hashes = array("I", (_hash(k) for k in order))
        self.text = "".join(order)
        self.ends = array("I")  # name i is text[ends[i - 1]:ends[i]]
        self.codes = array("q")  # codes of name i: codes[last[i - 1]:last[i]]
        self.last = array("I")
        self.single = array("B")  # 1: the value is a bare int, 0: a tuple
        end = 0
        for k in order:
            end += len(k)
            self.ends.append(end)
            value = keys[k]
            self.single.append(isinstance(value, int))
            self.codes.extend((value,) if isinstance(value, int) else value)
            self.last.append(len(self.codes))

    def _find(self, name: str) -> int:
        h = _hash(name)
        hashes = self.hashes
        i = bisect_left(hashes, h)
        while i < len(hashes) and hashes[i] == h:
            if self._name(i) == name:
                return i
            i += 1
        return -1

    def _name(self, i: int) -> str:
        return self.text[self.ends[i - 1] if i else 0 : self.ends[i]]

    def _value(self, i: int) -> Codes:
        start = self.last[i - 1] if i else 0
        if self.single[i]:
            return self.codes[start]
        return tuple(self.codes[start : self.last[i]])

    def get(self, name: str, default: Codes | None = None) -> Codes | None:
        i = self._find(name)
        return default if i < 0 else self._value(i)

    def __getitem__(self, name: str) -> Codes:
        i = self._find(name)
        if i < 0:
            raise KeyError(name)
        return self._value(i)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._find(name) >= 0

    def __len__(self) -> int:
        return len(self.hashes)

    def items(self) -> Iterator[tuple[str, Codes]]:
        for i in range(len(self.hashes)):
            yield self._name(i), self._value(i)


def _hash(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass"))
