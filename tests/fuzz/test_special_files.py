"""Special files among generated inputs: rejected by name, never read, never a hang.

Folders of generated files (text, JSONL, CSV, HTML, feeds; good or broken bytes)
get special entries mixed in: FIFOs, links to their own folder (loops),
links to themselves, dangling links, Unix sockets, and a link to /dev/zero
standing in for a device. They are read as a folder, as a ``**`` glob, or
named one by one. Every example runs under ``within``: a FIFO opened for
reading or a followed loop fails it by time instead of freezing the run.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsevents.model import Item, Rejection
from newsevents.sources import iter_items

from .conftest import fuzz, within

SPECIALS = ("fifo", "folder_loop", "self_loop", "dangling", "socket", "device")
# what reading each special entry gives: EV210 for what is not a file, EV201 for a
# link that leads nowhere; a link to a folder is never entered by a walk or glob
EXPECTED = {"fifo": "EV210", "socket": "EV210", "device": "EV210",
            "self_loop": "EV201", "dangling": "EV201"}
CODES = {"EV201", "EV202", "EV203", "EV204", "EV205", "EV206", "EV207", "EV209", "EV210"}

regular = st.tuples(
    st.sampled_from(["", "sub/", "sub/deep/"]),
    st.sampled_from(["a.txt", "b.jsonl", "c.csv", "d.html", "e.xml", "f"]),
    st.one_of(st.binary(max_size=300),
              st.sampled_from([b"Rebels attacked an army base in the north on Monday.\n",
                               b'{"id": "x", "text": "Police arrested ten men in Kabul."}\n'])),
)
special = st.tuples(st.sampled_from(["", "sub/"]), st.sampled_from(SPECIALS))


def _make(root: Path, files: list, specials: list) -> tuple[int, dict[str, str], list]:
    """Write the tree; return the regular file count, each special's kind, open sockets."""
    written = set()
    for folder, name, data in files:
        path = root / folder / name
        if str(path) not in written:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.add(str(path))
    kinds: dict[str, str] = {}
    sockets = []
    for n, (folder, kind) in enumerate(specials):
        path = root / folder / f"special{n}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder_loop":
            path.symlink_to(".")
        elif kind == "self_loop":
            path.symlink_to(path.name)
        elif kind == "dangling":
            path.symlink_to("nowhere.txt")
        elif kind == "device":
            path.symlink_to("/dev/zero")
        else:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(path))
            sockets.append(sock)
        kinds[str(path)] = kind
    return len(written), kinds, sockets


@fuzz(40)
@given(files=st.lists(regular, max_size=6), specials=st.lists(special, min_size=1, max_size=5),
       how=st.sampled_from(["folder", "glob", "each"]))
def test_special_files_are_rejected_by_name_and_never_block(files, specials, how):
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "in"
        root.mkdir()
        n_files, kinds, sockets = _make(root, files, specials)
        try:
            if how == "folder":
                inputs = [str(root)]
            elif how == "glob":
                inputs = [str(root / "**" / "*")]
            else:
                inputs = sorted(kinds)
            with within(10, f"reading {how} with {sorted(kinds.values())}"):
                entries = list(iter_items(inputs))
            rejected = {e.origin.split(":")[0].split("#")[0].split("@")[0]: e
                        for e in entries if isinstance(e, Rejection)}
            for entry in entries:
                if isinstance(entry, Rejection):
                    assert entry.code in CODES and "\n" not in entry.reason, entry
                    assert not entry.reason.startswith("unexpected"), entry
            for path, kind in kinds.items():
                if kind in EXPECTED and kind != "device":
                    assert rejected[path].code == EXPECTED[kind], (path, kind, entries)
                assert os.path.islink(path) or not stat.S_ISREG(os.lstat(path).st_mode)
            # the device links all name /dev/zero: one file, so one rejection per input
            devices = [p for p, kind in kinds.items() if kind == "device"]
            named = [p for p in devices if p in rejected]
            assert all(rejected[p].code == "EV210" for p in named)
            assert len(named) == (len(devices) if how == "each" else min(1, len(devices)))
            # each real file read once per input at most; specials add no documents
            documents = {e.origin.split(":")[0] for e in entries if isinstance(e, Item)}
            assert len(documents) <= n_files * len(inputs)
            assert not documents & set(kinds)
        finally:
            for sock in sockets:
                sock.close()
