"""What changed between two regimen files or two site files, in words a committee reads.

Entries in lists are matched by their id (products, indications, site protocols, checklist
items), a protocol by its indication, a warning by its code, a protocol default by its
product and indication, so reordering a file is no change and a renamed id is one entry
removed and one added. Lines read like ``privigen · pi: max_rate 8 → 6 mg/kg/min`` and
``site protocol orderset-30-150 added``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from planner.core.errors import RegimenFileError
from planner.regimen.loading import read_file_bytes
from planner.regimen.site_file import KIND, decode_json

ENTRY_WORDS = {
    "products": "product", "indications": "indication", "site_protocols": "site protocol",
    "protocols": "protocol for", "checklist": "checklist item", "warnings": "warning",
    "general_warnings": "general warning", "contraindications": "contraindication",
    "protocol_defaults": "protocol default", "dose_options": "dose option",
}
SITE_ENTRY_WORDS = {**ENTRY_WORDS, "products": "stocked product"}
SECTION_WORDS = {"site_policies": "site policies", "reaction_plan": "reaction plan",
                 "sources": "sources"}

_FIELD_UNITS = {
    "concentration_mg_ml": "mg/mL", "tolerance_pct": "%", "vials_g": "g",
    "pump_rate_step_ml_h": "mL/h", "pump_cap_ml_h": "mL/h", "min_height_cm": "cm",
    "ibw_male_kg": "kg", "ibw_female_kg": "kg", "ibw_kg_per_inch_over_60": "kg",
    "min_weight_kg": "kg", "dose_mg_kg": "mg/kg", "min_h": "h", "max_h": "h", "planned_h": "h",
    "risk_cap_mg_kg_min": "mg/kg/min", "risk_max_rate_mg_kg_min": "mg/kg/min",
    "repeat_interval_days": "days",
}
_RATE_FIELDS = ("initial_rate", "max_rate", "increment")


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is added, removed or changed."""

    kind: str
    where: tuple[str, ...]  # entry ids and sections leading to it, e.g. ("privigen", "pi")
    field: str
    old: Any
    new: Any
    text: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["where"] = list(self.where)
        return data


@dataclass(frozen=True)
class FileDiff:
    kind: str  # "regimen" or "site"
    old_file: str
    new_file: str
    changes: tuple[Change, ...]

    @property
    def equal(self) -> bool:
        return not self.changes

    def lines(self) -> list[str]:
        return [c.text for c in self.changes]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "old": self.old_file, "new": self.new_file,
                "equal": self.equal, "changes": [c.as_dict() for c in self.changes]}


def diff_files(old: Path | str, new: Path | str) -> FileDiff:
    """Compare two regimen files or two site files; RegimenFileError if unreadable or mixed."""
    old_path, new_path = Path(old), Path(new)
    old_data, new_data = _read(old_path), _read(new_path)
    old_kind, new_kind = _kind(old_data), _kind(new_data)
    if old_kind != new_kind:
        raise RegimenFileError(
            f"{old_path.name} is a {old_kind} file and {new_path.name} a {new_kind} file: "
            "compare two regimen files or two site files"
        )
    return FileDiff(old_kind, old_path.name, new_path.name,
                    diff_data(old_data, new_data, site=old_kind == "site"))


def diff_site_since(previous_text: str, current: Path | str) -> FileDiff:
    """What changed in the site file at ``current`` since a copy of it (``previous_text``,
    e.g. kept by a workstation when it last used the file)."""
    path = Path(current)
    try:
        before = json.loads(previous_text)
    except (json.JSONDecodeError, RecursionError):
        before = {}
    if not isinstance(before, dict):
        before = {}
    return FileDiff("site", "previous copy", path.name,
                    diff_data(before, _read(path), site=True))


def diff_data(old: dict[str, Any], new: dict[str, Any], *, site: bool = False) -> tuple[
    Change, ...
]:
    """Every change from ``old`` to ``new`` (parsed JSON of two files of one kind)."""
    walker = _Walker(SITE_ENTRY_WORDS if site else ENTRY_WORDS)
    walker.compare(old, new, (), None)
    return tuple(walker.changes)


def _read(path: Path) -> dict[str, Any]:
    data = decode_json(read_file_bytes(path, "regimen or site file"), path.name)
    if not isinstance(data, dict):
        raise RegimenFileError(f"{path.name}: not a regimen or site file (not a JSON object)")
    return data


def _kind(data: dict[str, Any]) -> str:
    return "site" if data.get("kind") == KIND else "regimen"


class _Walker:
    def __init__(self, entry_words: dict[str, str]) -> None:
        self.words = entry_words
        self.changes: list[Change] = []

    def compare(self, old: Any, new: Any, where: tuple[str, ...], unit: str | None) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            self._dicts(old, new, where, unit)
        elif old != new:
            self._changed(where[:-1], where[-1] if where else "(file)", old, new, unit)

    def _dicts(
        self, old: dict[str, Any], new: dict[str, Any], where: tuple[str, ...],
        unit: str | None,
    ) -> None:
        entry_unit = new.get("unit") if isinstance(new.get("unit"), str) else unit
        for key in [*old, *(k for k in new if k not in old)]:
            before, after = old.get(key), new.get(key)
            either = _keyed(before) is not None or _keyed(after) is not None
            if either and None not in (_keyed(before or []), _keyed(after or [])):
                self._lists(key, before or [], after or [], where, entry_unit)
                continue
            if key not in new and not isinstance(before, dict):
                self._add("removed", where, key, before, None)
            elif key not in old and not isinstance(after, dict):
                self._add("added", where, key, None, after)
            elif isinstance(before, dict) or isinstance(after, dict):
                child_unit = "mg/kg" if key == "dose_mg_kg" else entry_unit
                if isinstance(before, dict | None) and isinstance(after, dict | None):
                    self._dicts(before or {}, after or {}, (*where, key), child_unit)
                else:
                    self._changed(where, key, before, after, None)
            elif before != after:
                self._changed(where, key, before, after, _unit(key, entry_unit))

    def _lists(
        self, key: str, old: list[Any], new: list[Any], where: tuple[str, ...],
        unit: str | None,
    ) -> None:
        before, after = _keyed(old), _keyed(new)
        assert before is not None and after is not None
        word = self.words.get(key, key)
        context = _context(where)
        for ident in before:
            if ident not in after:
                self._entry("removed", where, key, ident, before[ident], None,
                            f"{context}{word} {ident} removed")
        for ident in after:
            if ident not in before:
                self._entry("added", where, key, ident, None, after[ident],
                            f"{context}{word} {ident} added")
            else:
                self.compare(before[ident], after[ident], (*where, ident), unit)

    def _entry(
        self, kind: str, where: tuple[str, ...], key: str, ident: str, old: Any, new: Any,
        text: str,
    ) -> None:
        self.changes.append(Change(kind, (*where, ident), key, old, new, text))

    def _add(self, kind: str, where: tuple[str, ...], key: str, old: Any, new: Any) -> None:
        context = _context(where)
        value = _show(new if kind == "added" else old, _unit(key, None))
        text = f"{context}{key} {kind} ({value})"
        self.changes.append(Change(kind, where, key, old, new, text))

    def _changed(
        self, where: tuple[str, ...], field: str, old: Any, new: Any, unit: str | None
    ) -> None:
        text = f"{_context(where, ': ')}{field} {_show(old, None)} → {_show(new, unit)}"
        self.changes.append(Change("changed", where, field, old, new, text.rstrip()))


def _keyed(value: Any) -> dict[str, Any] | None:
    """A list of entries by identity, or None when the list is a plain value."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return None
    found: dict[str, Any] = {}
    for item in value:
        ident = _identity(item)
        if ident is None or ident in found:
            return None
        found[ident] = item
    return found


def _identity(item: dict[str, Any]) -> str | None:
    if "protocol" in item:  # a protocol default: by what it applies to
        return f"{item.get('product', '*')}/{item.get('indication', '*')}"
    for key in ("id", "indication", "code", "risk"):
        value = item.get(key)
        if isinstance(value, str):
            return value
    return None


def _context(where: tuple[str, ...], end: str = " · ") -> str:
    words = [SECTION_WORDS.get(w, w) for w in where]
    return " · ".join(words) + end if words else ""


def _unit(field: str, entry_unit: str | None) -> str | None:
    if field in _RATE_FIELDS:
        return entry_unit
    if field in _FIELD_UNITS:
        return _FIELD_UNITS[field]
    if field.endswith("_min") and not field.endswith("mg_kg_min"):
        return "min"
    if entry_unit == "mg/kg" and field in ("default", "usual_min", "usual_max", "min", "max"):
        return "mg/kg"
    return None


def _show(value: Any, unit: str | None) -> str:
    if value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int | float):
        text = f"{value:g}"
    elif isinstance(value, str):
        text = f"“{value}”" if " " in value else value
    elif isinstance(value, list):
        text = ", ".join(_show(v, None) for v in value) or "none"
    elif isinstance(value, dict) and {"grams", "ml"} <= set(value):
        text = f"{_show(value['grams'], None)} g/{_show(value['ml'], None)} mL"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {_show(v, None)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    return f"{text} {unit}" if unit and value is not None else text
