"""Reading user-chosen JSON files safely: regular files only, a bounded read, strict JSON.

A path chosen by a user (or a saved preference) may name a FIFO, a device such as
/dev/zero, or a file far too large; ``json.loads`` silently keeps the last of two equal keys
and raises a bare ``ValueError`` on a number with thousands of digits. Everything here ends in
one :class:`JsonFileProblem` whose text is meant for the user.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

MAX_NUMBER_CHARS = 40
"""No number in a regimen or plan file needs more characters than this."""


class JsonFileProblem(Exception):
    """Why a file could not be read as strict JSON; the caller adds the file's name."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; refuse folders, FIFOs, devices and larger
    files without blocking (a FIFO is opened non-blocking and refused before any read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise JsonFileProblem(f"file not found ({path})") from None
    except IsADirectoryError:
        raise JsonFileProblem("is a folder, not a file") from None
    except OSError as exc:
        raise JsonFileProblem(f"cannot read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise JsonFileProblem("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise JsonFileProblem(f"is not a regular file ({_kind(mode)}); refused unread")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise JsonFileProblem(
                f"larger than {limit / 1e6:g} MB: far too large for this kind of file"
            )
        return b"".join(chunks)
    except OSError as exc:
        raise JsonFileProblem(f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def decode_text(raw: bytes) -> str:
    """UTF-8, with or without the byte-order mark Windows editors write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonFileProblem(f"not UTF-8 text (bad byte at position {exc.start})") from None


def strict_loads(text: str) -> Any:
    """``json.loads`` that refuses duplicate keys (naming them), NaN/Infinity, numbers too long
    to be real (thousands of digits) and numbers that overflow a float, naming where they are."""
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_int=_parse_int,
            parse_float=_parse_float, parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise JsonFileProblem(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise JsonFileProblem("JSON nested too deeply") from None
    _refuse_bad_numbers(data, "")
    return data


class _BadNumber:
    """A number literal no file may hold; found and named by its path after parsing."""

    def __init__(self, why: str) -> None:
        self.why = why


def _refuse_bad_numbers(node: Any, where: str) -> None:
    if isinstance(node, _BadNumber):
        raise JsonFileProblem(f"{where or '(top level)'}: {node.why}")
    if isinstance(node, dict):
        for key, value in node.items():
            _refuse_bad_numbers(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = value.get("id") if isinstance(value, dict) else None
            shown = label if isinstance(label, str) and label else f"#{index + 1}"
            _refuse_bad_numbers(value, f"{where}[{shown}]")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            owner = next(
                (v for k, v in pairs if k in ("id", "indication", "code") and isinstance(v, str)),
                None,
            )
            where = f" (in the entry '{owner}')" if owner else ""
            raise JsonFileProblem(
                f"duplicate key '{key}'{where}: a key may appear only once in an object"
            )
        result[key] = value
    return result


def _too_long(literal: str) -> _BadNumber:
    shown = literal if len(literal) <= 20 else f"{literal[:12]}… ({len(literal)} characters)"
    return _BadNumber(f"number {shown} is too long to be a real value")


def _parse_int(literal: str) -> int | _BadNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return _too_long(literal)
    return int(literal)


def _parse_float(literal: str) -> float | _BadNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return _too_long(literal)
    value = float(literal)
    if not math.isfinite(value):
        return _BadNumber(f"number {literal} is too large")
    return value


def _constant(name: str) -> _BadNumber:
    return _BadNumber(f"{name} is not a number a file may hold (not a finite number)")


def check_json_types(schema: dict[str, Any], data: Any, where: str = "") -> None:
    """Refuse values whose JSON type differs from what ``schema`` (a model's JSON schema)
    says: no true or "70" for a number, no 2.5 or true for a whole number, no "yes" for a
    yes/no, no number for a text or a date. Lax validation after this cannot coerce."""
    _check(schema, schema.get("$defs", {}), data, where)


def _check(node: dict[str, Any], defs: dict[str, Any], data: Any, where: str) -> None:
    if "$ref" in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        fitting = [o for o in options if _fits(o, defs, data)]
        if not fitting:
            _check(next((o for o in options if o.get("type") != "null"), options[0]), defs,
                   data, where)
            return
        _check(fitting[0], defs, data, where)
        return
    kind = node.get("type")
    if kind is not None and not _fits(node, defs, data):
        shown = json.dumps(data)[:40]
        raise JsonFileProblem(f"{where or '(top level)'}: must be {_WORDS.get(kind, kind)}, "
                              f"not {shown}")
    if kind == "object" and isinstance(data, dict):
        for key, sub in node.get("properties", {}).items():
            if key in data:
                _check(sub, defs, data[key], f"{where}.{key}" if where else key)
    elif kind == "array" and isinstance(data, list):
        items = node.get("items")
        for index, value in enumerate(data):
            if isinstance(items, dict):
                _check(items, defs, value, f"{where}[{index + 1}]")


_WORDS = {"number": "a number", "integer": "a whole number", "boolean": "true or false",
          "string": "text", "array": "a list", "object": "an object", "null": "null"}


def _fits(node: dict[str, Any], defs: dict[str, Any], data: Any) -> bool:
    if "$ref" in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        return any(_fits(o, defs, data) for o in options)
    kind = node.get("type")
    if kind is None:
        return True
    checks = {
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "null": lambda v: v is None,
    }
    check = checks.get(kind)
    return check is None or bool(check(data))
