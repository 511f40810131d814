"""Signals held back for a block of code: ``QSignalBlocker`` for several objects at once.

Filling a panel from a saved form must not read as the nurse's edits; each object gets its
own ``QSignalBlocker``, so its earlier state (already blocked or not) comes back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSignalBlocker


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    blockers = [QSignalBlocker(obj) for obj in objects]
    try:
        yield
    finally:
        for blocker in reversed(blockers):
            blocker.unblock()
