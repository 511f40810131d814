"""Numbers as a nurse types them: ASCII digits, one decimal point or comma; nothing else.

``float()`` would also take '7_0' (70), '١٢' (Arabic-Indic 12), 'nan' and 'infinity'; a
comma may be a decimal comma ('64,5') but never a thousands separator ('1,000' is refused
as unclear). One parser for the CLI and the GUI.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


def parse_decimal(text: str) -> float:
    """A finite decimal number; raises ValueError with the reason in words."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("required")
    if "," in cleaned:
        cleaned = _decimal_comma(cleaned)
    if cleaned.lstrip("+-").casefold() in _NOT_FINITE:
        raise ValueError(f"'{text.strip()}' is not a finite number")
    if not _NUMBER.fullmatch(cleaned):
        if any(ch.isdigit() and not ch.isascii() for ch in cleaned):
            raise ValueError(f"'{text.strip()}' is not a number: use the digits 0–9")
        raise ValueError(f"'{text.strip()}' is not a number")
    value = float(cleaned)
    if math.isinf(value):
        raise ValueError(f"'{text.strip()}' is too large")
    return value


def _decimal_comma(text: str) -> str:
    """'64,5' is 64.5. A comma that could be a thousands separator ('1,000': one thousand or
    one?) or several commas are refused with the reason."""
    whole, _, decimals = text.partition(",")
    if "," in decimals or "." in text:
        raise ValueError(f"'{text}' is not a number: use one decimal point or comma")
    if len(decimals) == 3 and decimals.isdigit() and whole.lstrip("+-").isdigit():
        raise ValueError(
            f"'{text}' is unclear: write {whole}{decimals} (thousands) or {whole}.{decimals}"
        )
    return f"{whole}.{decimals}"
