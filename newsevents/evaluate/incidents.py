"""Incident sets scored by document, end to end: MUC-4 templates and IndiaPoliceEvents.

MUC-4 (dev/muc4_templates.jsonl; its README gives the format): a message is *detected*
when the coder writes at least one incident event for it: an assault, bombing,
abduction, killing or mass violence (CAMEO 18x, 20x), property destroyed or seized
(171x), a threat of violence (1383, 1384), or armed force whose target is not an armed
party (19x against civilians, property or nobody named: ordinary combat between armies
and guerrillas is not templated in MUC-4). Negated and hypothetical events do not count.
Over the relevant messages, each non-optional filler of the perpetrator organisation,
human target (names and descriptions) and place slots is *found* when one of its
alternatives and the name or text of an incident event's source (perpetrator), target
(human target) or location (place) hold one another as whole words.

IndiaPoliceEvents (check/indiapoliceevents_docs.jsonl, labels as in eval/README.md): a
document's labels are read from its events whose source is the police: ARREST from
arrests (173x), FORCE from coercion and violence (17x-20x, arrests aside), KILL from
violence (18x-20x) with a killed count or a killing code (1823, 186, 202).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..model import Actor, Event
from .devsets import read_jsonl
from .endtoend import code_rows, prf, ratio

_UNREAL = {"negated", "hypothetical", "denied"}
_ARMED = {"MIL", "REB", "INS", "UAF", "PMF", "GOV_MIL"}
_STOP = {"the", "a", "an", "of", "and", "he", "she", "they", "it", "we", "its", "their"}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def holds(a: str, b: str) -> bool:
    """Either holds the other as whole words (case and punctuation aside)."""
    x, y = _words(a), _words(b)
    if not x or not y or x in _STOP or y in _STOP:
        return False
    return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "


def _armed(actor: Actor | None) -> bool:
    return actor is not None and (actor.agent in _ARMED or actor.group is not None)


def is_incident(e: Event) -> bool:
    if e.modality in _UNREAL:
        return False
    code = e.cameo
    if code[:2] in ("18", "20") or code[:3] == "171" or code in ("1383", "1384"):
        return True
    return code[:2] == "19" and not _armed(e.target)


def muc_type(e: Event) -> str:
    code = e.cameo
    if code.startswith("183"):
        return "BOMBING"
    if code.startswith("181"):
        return "KIDNAPPING"
    if code == "1712":
        return "ARSON"
    if code.startswith("171"):
        return "ROBBERY"
    return "ATTACK"


def _actor_texts(actor: Actor | None) -> list[str]:
    if actor is None:
        return []
    return [t for t in (actor.name, actor.text) if t]


def _found(fillers: Iterable[Sequence[str]], texts: list[str]) -> tuple[int, int]:
    total = found = 0
    for alternatives in fillers:
        total += 1
        found += any(holds(alt, t) for alt in alternatives for t in texts)
    return found, total


def _places(location: str) -> list[str]:
    """"EL SALVADOR: SAN MIGUEL (DEPARTMENT): SAN LUIS (TOWN)" -> the places below the
    country where the key names any, else the country."""
    parts = [re.sub(r"\([^)]*\)", "", p).strip() for p in re.split(r":| - ", location)]
    parts = [p for p in parts if p]
    return parts[1:] or parts[:1]


def _fillers(template: dict[str, Any], slot: str) -> list[list[str]]:
    optional = set((template.get("optional_fillers") or {}).get(slot) or [])
    return [
        [str(a) for a in alts]
        for n, alts in enumerate(template.get(slot) or [])
        if n not in optional and alts
    ]


def score_muc4(path: Path, settings: Settings) -> dict[str, Any]:
    rows = list(read_jsonl(path))
    coded, rejected = code_rows(
        [(str(r["id"]), str(r["text"]), r.get("date")) for r in rows], settings
    )
    tp = predicted = positives = optional_only = typed = 0
    slots = {"perp_org": [0, 0], "human_target": [0, 0], "place": [0, 0]}
    killed_ok = killed_n = 0
    errors: list[dict[str, Any]] = []
    for row in rows:
        incidents = [e for e in coded.get(str(row["id"]), []) if is_incident(e)]
        templates = [t for t in row.get("templates") or [] if not t.get("optional")]
        if row.get("relevant") and not templates:
            optional_only += 1  # only optional templates: neither credited nor penalised
            continue
        predicted += bool(incidents)
        if not templates:
            if incidents:
                errors.append({"id": row["id"], "error": "false alarm",
                               "events": [e.cameo for e in incidents]})
            continue
        positives += 1
        if not incidents:
            errors.append({"id": row["id"], "error": "missed"})
        tp += bool(incidents)
        types = {muc_type(e) for e in incidents}
        typed += any(t.get("type") in types for t in templates)
        sources = [x for e in incidents for x in _actor_texts(e.source)]
        targets = [x for e in incidents for x in _actor_texts(e.target)]
        places = [x for e in incidents if e.location for x in (e.location.name, e.location.text)
                  if x]
        for t in templates:
            humans = _fillers(t, "hum_target_names") + _fillers(t, "hum_target_descriptions")
            where = [_places(a) for a in (t.get("location_alternatives") or [])]
            for key, fillers, texts in (
                ("perp_org", _fillers(t, "perp_orgs"), sources),
                ("human_target", humans, targets),
                ("place", [[p for alt in where for p in alt]] if where else [], places),
            ):
                found, total = _found(fillers, texts)
                slots[key][0] += found
                slots[key][1] += total
            if "DEATH" in (t.get("hum_target_effects") or []):
                killed_n += 1
                killed_ok += any("killed" in e.counts for e in incidents)
    # slot recall counts every filler of the relevant messages, found or missed
    detection = prf(tp, predicted, positives)
    return {
        "set": "muc4_templates",
        "scoring": "end to end (events written by `newsevents code`)",
        "messages": len(rows),
        "rejected": rejected,
        "relevant": positives,
        "relevant_optional_only": optional_only,
        "detection_precision": detection["precision"],
        "detection_recall": detection["recall"],
        "detection_f1": detection["f1"],
        "type_right_on_detected": ratio(typed, tp),
        "perp_org_recall": ratio(*slots["perp_org"]),
        "human_target_recall": ratio(*slots["human_target"]),
        "place_recall": ratio(*slots["place"]),
        "killed_counted": ratio(killed_ok, killed_n),
        "slot_totals": {k: v[1] for k, v in slots.items()},
        "errors": errors,
    }


POLICE_LABELS = ("KILL", "ARREST", "FORCE", "ANY_ACTION")
_KILLING_CODES = ("1823", "186", "202")


def _police(actor: Actor | None) -> bool:
    return actor is not None and (actor.agent == "COP" or "COP" in (actor.code or "")[3:])


def police_labels(events: Iterable[Event]) -> set[str]:
    labels: set[str] = set()
    for e in events:
        if e.modality in _UNREAL or not _police(e.source):
            continue
        root = e.cameo[:2]
        labels.add("ANY_ACTION")
        if e.cameo.startswith("173"):
            labels.add("ARREST")
        elif root in ("17", "18", "19", "20"):
            labels.add("FORCE")
        if root in ("18", "19", "20") and (
            "killed" in e.counts or e.cameo.startswith(_KILLING_CODES)
        ):
            labels.add("KILL")
    return labels


def _gold_labels(raw: Any) -> set[str]:
    if isinstance(raw, str):
        raw = ast.literal_eval(raw) if raw.strip() else []
    return {str(x).strip().upper() for x in raw or []}


def score_police(path: Path, settings: Settings) -> dict[str, Any]:
    rows = list(read_jsonl(path))
    coded, rejected = code_rows(
        [(str(r["doc_id"]), str(r["text"]), r.get("date")) for r in rows], settings
    )
    out: dict[str, Any] = {
        "set": "indiapoliceevents_docs",
        "scoring": "end to end (events written by `newsevents code`; police-source events)",
        "documents": len(rows),
        "rejected": rejected,
    }
    for label in POLICE_LABELS:
        tp = predicted = support = 0
        for row in rows:
            gold = label in _gold_labels(row.get("labels"))
            got = label in police_labels(coded.get(str(row["doc_id"]), []))
            tp += gold and got
            predicted += got
            support += gold
        scores = prf(tp, predicted, support)
        out[f"{label.lower()}_f1"] = scores["f1"]
        out[f"{label.lower()}_precision"] = scores["precision"]
        out[f"{label.lower()}_recall"] = scores["recall"]
        out[f"{label.lower()}_support"] = support
    return out
