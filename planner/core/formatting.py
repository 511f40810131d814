"""Number, time and duration text shared by the CLI report, the PDF and the GUI, so the same
plan reads the same everywhere."""

from __future__ import annotations

from datetime import datetime


def trim(value: float, digits: int = 2) -> str:
    """Round to ``digits`` decimals and drop float noise and trailing zeros: 30.0 → '30'."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def duration(minutes: int) -> str:
    """'3 h 09 min' / '30 min'."""
    hours, mins = divmod(int(minutes), 60)
    return f"{mins} min" if hours == 0 else f"{hours} h {mins:02d} min"


def clock(moment: datetime) -> str:
    """24-hour clock time, the only time format a nurse sees."""
    return f"{moment:%H:%M}"
