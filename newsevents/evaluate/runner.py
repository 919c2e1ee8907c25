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
from .endtoend import REDACTED, is_check, redact
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
    """End to end: each article coded as a corpus line, the places it writes scored."""
    from .geo import score_geoparse_coded

    result: dict[str, Any] = dict(score_geoparse_coded(path, coder_for(settings)))
    result["set"] = "geoparse_tr_news"
    return result


def _geoparse_component(path: Path, settings: Settings) -> dict[str, Any]:
    """The place finder alone, on a bare pipeline (``newsevents eval --component``)."""
    from .geo import score_geoparse

    result: dict[str, Any] = dict(score_geoparse(path, _bare_nlp(settings), _gazetteer(settings)))
    result["set"] = "geoparse_tr_news (component)"
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
    result["scoring"] = "component (the ACLED classifier handed each whole snippet)"
    return result


def _acled_end_to_end(path: Path, settings: Settings) -> dict[str, Any]:
    from .acled import format_acled, score_acled_end_to_end

    result = score_acled_end_to_end(path, settings)
    result["set"] = "acled_subtypes"
    result["text"] = format_acled(result)
    return result


def _event_location_end_to_end(path: Path, settings: Settings) -> dict[str, Any]:
    from .eventloc import score_event_location_end_to_end

    return score_event_location_end_to_end(path, settings)


def _muc4(path: Path, settings: Settings) -> dict[str, Any]:
    from .incidents import score_muc4

    return score_muc4(path, settings)


def _police(path: Path, settings: Settings) -> dict[str, Any]:
    from .incidents import score_police

    return score_police(path, settings)


# End to end: the records coded as `newsevents code` codes a corpus, the events scored.
SCORERS: dict[str, Scorer] = {
    "plover_gsr": _plover,
    "cameo_sentences": _cameo,
    "acled_subtypes": _acled_end_to_end,
    "geoparse_tr_news": _geoparse,
    "event_location": _event_location_end_to_end,
    "muc4_templates": _muc4,
    "indiapoliceevents_docs": _police,
}

# Component scores (`newsevents eval --component`): a part handed what the gold says
# (the ACLED classifier the whole snippet, the location chooser the gold verb, the place
# finder the article).
COMPONENT_SCORERS: dict[str, Scorer] = {
    "acled_subtypes": _acled,
    "event_location": _event_location,
    "geoparse_tr_news": _geoparse_component,
}


def scorer_for(path: Path, *, component: bool = False) -> Scorer:
    if path.suffix == ".json":
        return _gold
    for prefix, scorer in SCORERS.items():
        if path.name.startswith(prefix):
            return COMPONENT_SCORERS.get(prefix, scorer) if component else scorer
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


def evaluate(path: Path, settings: Settings, *, component: bool = False) -> dict[str, Any]:
    """Score one file; ``component`` scores a set's component alone where it has one.
    A check set's result keeps its aggregate figures only."""
    result = scorer_for(path, component=component)(path, settings)
    return redact(result) if is_check(path) else result


def format_result(path: Path, result: dict[str, Any]) -> str:
    if "text" in result:
        return str(result["text"])
    lines = [f"{result.get('set', path.name)} ({path}):"]
    for key, value in result.items():
        if key in ("set", *REDACTED):
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
