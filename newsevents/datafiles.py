"""Reading the project's YAML data files.

YAML 1.1 reads unquoted on, off, yes and no as booleans, which turns the
preposition "on" or the negation "no" in a word list into True or False.
Data files here are read with a loader that only knows true and false, the C
one (libyaml) where PyYAML has it: it reads the same tables several times faster.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _WordsLoader(_Base):  # type: ignore[misc]
    pass


# the C loader parses in C but resolves tags with these same Python tables
_WordsLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str) -> Any:
    """Parse YAML where only true/false are booleans."""
    return yaml.load(text, Loader=_WordsLoader)
