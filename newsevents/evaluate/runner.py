"""Which scorer a file needs, and a printable summary of each result.

`newsevents eval` takes gold files (newsevents-gold/1 JSON), the dev sets
(recognised by their file names) or a folder of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import GoldError, InputError, SpecialFile
from ..run import coder_for
from ..safefiles import regular_stat
from .gold import format_report
from .seed import code_gold_document

Scorer = Callable[[Path, Settings], dict[str, Any]]


def _gold(path: Path, settings: Settings) -> dict[str, Any]:
    _, report = code_gold_document(path, settings)
    out = report.to_dict()
    out["set"] = "gold"
    out["text"] = format_report(report)
    return out


def _plover(path: Path, settings: Settings) -> dict[str, Any]:
    from .devsets import score_plover

    return score_plover(path, coder_for(settings))


def _cameo(path: Path, settings: Settings) -> dict[str, Any]:
    from .devsets import score_cameo

    return score_cameo(path, coder_for(settings))


def _bare_nlp(settings: Settings) -> Any:
    import spacy

    return spacy.load(settings.nlp.model)


def _gazetteer(settings: Settings) -> Any:
    from ..gazetteer import Gazetteer

    return Gazetteer.load(settings.gazetteer)


def _geoparse(path: Path, settings: Settings) -> dict[str, Any]:
    from .geo import score_geoparse

    result: dict[str, Any] = dict(score_geoparse(path, _bare_nlp(settings), _gazetteer(settings)))
    result["set"] = "geoparse_tr_news"
    return result


def _event_location(path: Path, settings: Settings) -> dict[str, Any]:
    from .geo import score_event_location

    result: dict[str, Any] = dict(
        score_event_location(path, _bare_nlp(settings), _gazetteer(settings))
    )
    result["set"] = "event_location"
    return result


def _acled(path: Path, settings: Settings) -> dict[str, Any]:
    from ..events.acled import AcledClassifier
    from .acled import score_acled

    classifier = AcledClassifier.load(settings.codebook.extra)
    result = dict(score_acled(path, _bare_nlp(settings), classifier))
    result["set"] = "acled_subtypes"
    return result


SCORERS: dict[str, Scorer] = {
    "plover_gsr": _plover,
    "cameo_sentences": _cameo,
    "acled_subtypes": _acled,
    "geoparse_tr_news": _geoparse,
    "event_location": _event_location,
}


def scorer_for(path: Path) -> Scorer:
    if path.suffix == ".json":
        return _gold
    for prefix, scorer in SCORERS.items():
        if path.name.startswith(prefix):
            return scorer
    raise GoldError(
        "not a gold file or a known dev set",
        target=str(path),
        hint="expected newsevents-gold/1 JSON or one of: " + ", ".join(SCORERS),
    )


def targets(path: Path) -> Iterator[Path]:
    """A file, or the gold files and dev sets inside a folder; GoldError for a FIFO,
    socket or device, which would block or never end."""
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix == ".json" or any(child.name.startswith(p) for p in SCORERS):
                yield _regular(child)
    else:
        yield _regular(path)


def _regular(path: Path) -> Path:
    try:
        regular_stat(path)
    except SpecialFile as exc:
        raise GoldError(exc.message, target=exc.target) from exc
    except InputError:
        pass  # missing or unreadable: the scorer's reader says so in its own words
    return path


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    return scorer_for(path)(path, settings)


def format_result(path: Path, result: dict[str, Any]) -> str:
    if "text" in result:
        return str(result["text"])
    lines = [f"{result.get('set', path.name)} ({path}):"]
    for key, value in result.items():
        if key in ("set", "confusion", "misses", "errors", "per_class", "confusion_table"):
            continue
        lines.append(f"  {key:<36} {value}")
    confusion = result.get("confusion") or result.get("confusion_table")
    if isinstance(confusion, dict) and confusion:
        lines.append("  confusion (gold -> coded: count):")
        for pair, count in sorted(confusion.items(), key=lambda kv: -int(kv[1]))[:25]:
            lines.append(f"    {pair:<40} {count}")
    per_class = result.get("per_class")
    if isinstance(per_class, dict) and per_class:
        lines.append("  per class (precision / recall / F1 / support):")
        for label, row in sorted(per_class.items()):
            if isinstance(row, dict):
                lines.append(
                    f"    {label:<32} {row.get('precision', 0):.2f} {row.get('recall', 0):.2f} "
                    f"{row.get('f1', 0):.2f} {row.get('support', '')}"
                )
    return "\n".join(lines)


def dumps(results: dict[str, Any]) -> str:
    return json.dumps(
        {k: {kk: vv for kk, vv in v.items() if kk != "text"} for k, v in results.items()},
        indent=2,
        default=str,
    )
