"""A problem found in a regimen or site file, named by file, entry and field.

Site-file checks collect every problem instead of stopping at the first, so a pharmacist
fixes the whole file in one pass (``regimen check`` lists them all).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One refusal: ``file: entry.field: message`` (entry like ``products[privigen]``)."""

    file: str
    entry: str
    field: str
    message: str

    @property
    def where(self) -> str:
        return ".".join(part for part in (self.entry, self.field) if part) or "(top level)"

    def __str__(self) -> str:
        if not (self.entry or self.field):
            return f"{self.file}: {self.message}"
        return f"{self.file}: {self.where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "entry": self.entry, "field": self.field,
                "message": self.message}


def problems_from_validation(
    file: str, entry: str, data: Any, exc: ValidationError
) -> list[Problem]:
    """Every pydantic error of ``data`` (validated as ``entry``) as a Problem."""
    found = []
    for error in exc.errors(include_url=False):
        field = entry_path(data, error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "not a field of this entry (misspelt, or not allowed here)"
        elif error["type"] in TYPE_ERRORS:
            message += f", not {as_json(error.get('input'))}"
        found.append(Problem(file, entry, field, message))
    return found


TYPE_ERRORS = frozenset({
    "float_type", "int_type", "bool_type", "string_type", "int_from_float", "date_type",
    "time_type", "enum", "literal_error", "tuple_type", "dict_type", "model_type",
})
"""Errors where the offending value helps: "Input should be a valid number, not true"."""


def as_json(value: Any) -> str:
    """The offending value as the file wrote it (true, "100"), cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def entry_path(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn pydantic's loc into a readable path, naming list items by their id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if 0 <= key < len(node) else None
            label = item_label(item, key)
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def item_label(item: Any, index: int) -> str:
    """A list item's id (or indication, product, code) where it has one, else ``#n``."""
    if isinstance(item, dict):
        for key in ("id", "indication", "product", "code"):
            value = item.get(key)
            if isinstance(value, str) and value:
                return value
    return f"#{index + 1}"
