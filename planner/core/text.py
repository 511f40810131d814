"""Free text that goes onto a printed schedule: no control characters, single spaces."""

from __future__ import annotations

import unicodedata


def clean_text(value: str | None) -> str | None:
    """``value`` without control or format characters (tabs and line breaks become spaces),
    whitespace collapsed; None or empty stays None."""
    if value is None:
        return None
    kept = "".join(
        " " if ch in "\t\r\n\v\f\x85\u2028\u2029" else ch
        for ch in value
        if ch in "\t\r\n\v\f\x85\u2028\u2029" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    cleaned = " ".join(kept.split())
    return cleaned or None
