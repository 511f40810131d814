"""Today's date for the window's plausibility checks, in one place so tests can fix it."""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
