"""Number, time and date formats shared by every panel, so a value reads the same everywhere.

Dates are written with the weekday and ISO order (``Tue 2026-12-01``) and times in 24 h, so
nothing depends on the computer's locale (12 h clocks and day/month order are how infusion
times get misread).
"""

from __future__ import annotations

import math
from datetime import date, datetime

from planner.core.formatting import clock as fmt_clock
from planner.core.formatting import duration as fmt_duration
from planner.core.formatting import trim as fmt
from planner.plan.models import VialCount

__all__ = [
    "fmt", "fmt1", "fmt_clock", "fmt_date", "fmt_date_short", "fmt_datetime", "fmt_duration",
    "fmt_range", "fmt_vials", "plain_number",
]


def fmt1(value: float) -> str:
    """Pump rates and volumes: always one decimal, so '43.0' and '43.2' line up in a column."""
    return f"{value:.1f}"


def plain_number(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (for refilling a form field).

    NaN and infinity (possible in a hand-edited plan file) come back as 'nan' / 'inf', which
    the form then marks as not a finite number instead of failing."""
    if not math.isfinite(value):
        return repr(float(value))
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    return text


def fmt_date(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def fmt_date_short(day: date) -> str:
    return f"{day:%a %d %b}"


def fmt_datetime(moment: datetime) -> str:
    return f"{fmt_date(moment.date())} {moment:%H:%M}"


def fmt_vials(vials: tuple[VialCount, ...]) -> str:
    return " + ".join(f"{v.count} × {fmt(v.grams)} g / {fmt(v.ml)} mL" for v in vials)


def fmt_range(low: float, high: float) -> str:
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
