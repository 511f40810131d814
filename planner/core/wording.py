"""The engine refuses with a code and values; a text module words each code. This is the one
check every such module runs at import: each code of its enum is worded exactly once, so a new
code without words fails the program's start and the tests, never a nurse's screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from enum import Enum

Values = Mapping[str, object]  # what a refusal hands its words: value name → value


def require_words(codes: type[Enum], *tables: Collection[Enum]) -> None:
    """Raise unless every member of ``codes`` is in exactly one of ``tables``."""
    counts = Counter(code for table in tables for code in table)
    unworded = sorted(str(code.value) for code in codes if counts[code] == 0)
    twice = sorted(str(code.value) for code in codes if counts[code] > 1)
    if unworded or twice:
        raise RuntimeError(f"{codes.__name__}: no words for {unworded}, "
                           f"more than one wording for {twice}")
