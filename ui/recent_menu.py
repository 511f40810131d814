"""File ▸ Open Recent: the plan files opened or saved last, newest first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from ui.settings import AppSettings


class RecentMenu(QMenu):
    """Rebuilt each time it opens, so a file moved or deleted since is not offered."""

    openRequested = Signal(object)  # Path

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.setObjectName("recent_menu")
        self._settings = settings
        self.aboutToShow.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        files = [p for p in self._settings.recent_files() if p.is_file()]
        for number, path in enumerate(files, start=1):
            prefix = f"&{number} " if number < 10 else ""
            action = self.addAction(f"{prefix}{path.name}   ({path.parent})")
            action.setData(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.openRequested.emit(p))
        if not files:
            self.addAction("No recent plans").setEnabled(False)
            return
        self.addSeparator()
        self.addAction("&Clear the list").triggered.connect(self._clear)

    def _clear(self) -> None:
        self._settings.clear_recent()
        self.refresh()
