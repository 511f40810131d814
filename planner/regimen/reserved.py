"""Warning codes the engine itself raises: a regimen or site file may not use them.

A file warning carrying an engine code (say an expired-lot code at severity info) could
otherwise stand in for the engine's STOP. Every :class:`WarningCode` is reserved, per-day codes
with every day suffix (``LOT_EXPIRED_DAY_2``), and a few prefixes kept for the engine's future
codes.
"""

from __future__ import annotations

from planner.core.warning_codes import WarningCode
from planner.regimen.range_text import reserved_code_words

ENGINE_CODES = frozenset(code.value for code in WarningCode)
ENGINE_PREFIXES = (
    *(f"{code.value}_" for code in WarningCode if code.per_day),
    "LOT_EXPIRED", "DST_", "CLOCK_", "PUMP_", "FIXED_DURATION_", "ENGINE_",
)


def is_reserved(code: str) -> bool:
    return code in ENGINE_CODES or code.startswith(ENGINE_PREFIXES)


def reserved_code_problem(code: str) -> str | None:
    """Why a file may not use ``code``, or None."""
    if is_reserved(code):
        return reserved_code_words(code)
    return None
