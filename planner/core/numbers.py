"""Numbers as a nurse types them: ASCII digits, one decimal point or comma; nothing else.

``float()`` would also take '7_0' (70), '١٢' (Arabic-Indic 12), 'nan' and 'infinity'; a
comma may be a decimal comma ('64,5') but never a thousands separator ('1,000' is refused
as unclear). One parser for the CLI and the GUI.
"""

from __future__ import annotations

import math
import re

from planner.core.number_text import NumberProblem, NumberRefused

_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


def parse_decimal(text: str) -> float:
    """A finite decimal number; raises :class:`NumberRefused` (a ValueError) with the reason
    in words."""
    cleaned = text.strip()
    if not cleaned:
        raise NumberRefused(NumberProblem.REQUIRED)
    if "," in cleaned:
        cleaned = _decimal_comma(cleaned)
    if cleaned.lstrip("+-").casefold() in _NOT_FINITE:
        raise NumberRefused(NumberProblem.NOT_FINITE, text.strip())
    if not _NUMBER.fullmatch(cleaned):
        if any(ch.isdigit() and not ch.isascii() for ch in cleaned):
            raise NumberRefused(NumberProblem.FOREIGN_DIGITS, text.strip())
        raise NumberRefused(NumberProblem.NOT_A_NUMBER, text.strip())
    value = float(cleaned)
    if math.isinf(value):
        raise NumberRefused(NumberProblem.TOO_LARGE, text.strip())
    return value


def _decimal_comma(text: str) -> str:
    """'64,5' is 64.5. A comma that could be a thousands separator ('1,000': one thousand or
    one?) or several commas are refused with the reason."""
    whole, _, decimals = text.partition(",")
    if "," in decimals or "." in text:
        raise NumberRefused(NumberProblem.SEVERAL_SEPARATORS, text)
    if len(decimals) == 3 and decimals.isdigit() and whole.lstrip("+-").isdigit():
        raise NumberRefused(NumberProblem.THOUSANDS_OR_DECIMAL, text, whole, decimals)
    return f"{whole}.{decimals}"
