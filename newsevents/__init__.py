"""newsevents: political event data from news reports.

Typical use::

    from newsevents import code_text
    coded = code_text(open("article.txt").read(), published="2019-01-23")
    for event in coded.events:
        print(event.cameo, event.source.name, event.target.name)
"""

from __future__ import annotations

__version__ = "0.1.0"
