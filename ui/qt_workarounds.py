"""A guard against a reference-counting bug in the Qt bindings that would abort the program.

With PySide6 / shiboken6 6.12.0 on Python 3.11 every call of a Qt method that returns nothing
(``setText``, ``update``, ``drawLine`` …) gives back ``None`` without taking a reference to it,
so the interpreter's count of references to ``None`` falls by one per call. A recompute of the
plan makes a few dozen such calls and a repaint of the timeline many more: after some hundreds
of edits the count reaches zero and Python stops with "Fatal Python error: deallocating None"
— no exception, so no crash log and no last autosave. (From Python 3.12 ``None`` is immortal
and the bug is harmless.)

The guard measures whether the bindings in use have the bug; if so it adds the missing
references back to ``None``'s count (a large step at start, topped up from a timer long before
the count could run out). They are never taken away again, so the count cannot reach zero at
exit either. The real fix is a bindings version without the bug (or Python 3.12+).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

PROBE_CALLS = 2000
RESERVE_STEP = 2_000_000
LOW_WATER = 1_000_000

_state: dict[str, object] = {}


def _add_references(count: int) -> None:
    """Raise None's reference count by ``count`` (CPython < 3.12: ob_refcnt comes first in
    every object), i.e. the increments the bindings failed to make."""
    if count > 0:
        ctypes.c_ssize_t.from_address(id(None)).value += count


def bindings_leak_none() -> bool:
    """True if a void Qt call drops a reference to None (measured, not guessed by version)."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal: the count never reaches zero
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("")
    lost = before - sys.getrefcount(None)
    _add_references(lost)  # give back what the probe itself took
    return lost >= PROBE_CALLS * 0.9


def top_up() -> None:
    if sys.getrefcount(None) < LOW_WATER:
        _add_references(RESERVE_STEP)


def install_none_guard() -> bool:
    """Once per process: probe, and if needed keep the reserve topped up (every 2 s). Needs a
    Q(Core)Application for the timer; returns whether the guard is active."""
    if "active" in _state:
        return bool(_state["active"])
    active = bindings_leak_none()
    _state["active"] = active
    if active:
        _add_references(RESERVE_STEP)
        timer = QTimer()
        timer.setInterval(2000)
        timer.timeout.connect(top_up)
        timer.start()
        _state["timer"] = timer
    return active
