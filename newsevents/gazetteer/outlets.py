"""The country an outlet publishes from, read from its web address.

A local paper names local places without saying which country they are in:
"Edmonton" in a north London weekly is the London district, not the Canadian
city. A country-code domain ("nlhnews.co.uk") is a light prior towards that
country; generic domains (".com") and country codes sold for their letters
(".tv", ".io") say nothing.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import pycountry

from .lexicon import Lexicon


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    return {c.alpha_2.lower(): c.alpha_3 for c in pycountry.countries}


def outlet_country(url: str | None, lexicon: Lexicon) -> str | None:
    """ISO3 of the country whose domain ``url`` is under, or None when it names none."""
    if not url or len(url) > 2_000:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return None
    suffix = host.rstrip(".").rsplit(".", 1)[-1].lower() if "." in host else ""
    if not suffix or suffix in lexicon.generic_domains:
        return None
    return lexicon.outlet_domains.get(suffix) or _alpha2().get(suffix)
