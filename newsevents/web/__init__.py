"""The dashboard: static assets served by the API, and the self-contained HTML report.

``STATIC_DIR`` holds index.html, app.js, views.js, style.css and the world
outline (Natural Earth 1:110m countries as TopoJSON, from the world-atlas
package; see countries-110m.LICENSE.txt). Nothing here loads anything from
the internet.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR"]
