"""The recorded bedside events of the open plan, kept with it so no save ever drops one.

The main window loads them from the plan file (refusing a file whose events are newer than
this version reads) and passes them back to every save and autosave; the bedside event panel
appends to them. Widget-free: a QObject with one signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from planner.bedside.events import InfusionEvent, event_records, events_from_records


class EventLog(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: tuple[InfusionEvent, ...] = ()
        self.change_confirmed = False  # the nurse agreed to change a prescription with events

    def events(self) -> tuple[InfusionEvent, ...]:
        return self._events

    def records(self) -> list[dict[str, Any]]:
        """What the plan file stores, in recorded order."""
        return event_records(self._events)

    def day_has_events(self, day: int) -> bool:
        return any(e.day == day for e in self._events)

    def replace(self, events: Sequence[InfusionEvent]) -> None:
        if tuple(events) != self._events:
            self._events = tuple(events)
            self.changed.emit()

    def load(self, records: Sequence[Mapping[str, Any]], name: str) -> None:
        """Validate and take the stored records (PlanFileError names a bad or newer one)."""
        self.replace(events_from_records(records, name))
        self.change_confirmed = False

    def clear(self) -> None:
        self.replace(())
        self.change_confirmed = False

    def recorded_days(self) -> list[int]:
        return sorted({e.day for e in self._events})
