"""A real ``newsevents serve`` process and a headless Chromium, for the browser test and
scripts/screenshot.py."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

# `newsevents serve` through the CLI's own main (its error rendering included),
# registering the command first if the CLI does not list it yet
_LAUNCH = (
    "import sys\n"
    "from newsevents.cli import cli, main\n"
    "from newsevents.commands.serve import COMMANDS\n"
    "for c in COMMANDS:\n"
    "    if c.name not in cli.commands:\n"
    "        cli.add_command(c)\n"
    "main(sys.argv[1:])\n"
)


def chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return ("chromium is not installed (apt-get install -y chromium): "
                "the browser test drives Debian's chromium at /usr/bin/chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def chromium_path() -> str:
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(db: Path, *, token: str | None = None, log: Path | None = None,
          timeout: float = 60.0) -> Iterator[str]:
    """Start ``newsevents serve`` on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    args = [sys.executable, "-c", _LAUNCH, "serve", "--db", str(db), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_TOKEN"}
    if token:
        env["NEWSEVENTS_TOKEN"] = token
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env,
                            cwd=Path(__file__).resolve().parents[2])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"newsevents serve exited with {proc.returncode}")
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("newsevents serve did not answer in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]
