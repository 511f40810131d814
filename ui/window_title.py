"""The window title: the plan file's name (or "new plan") and the unsaved-changes mark.

Follows the document: a save, an open or a new form renames the window, and any edit since
the last save shows Qt's ``[*]`` mark (an asterisk, or the platform's own sign).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from ui import APP_NAME
from ui.document import PlanDocument


class WindowTitle(QObject):
    def __init__(self, window: QMainWindow, document: PlanDocument) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        document.modificationChanged.connect(window.setWindowModified)
        document.fileChanged.connect(self.update)
        self.update()

    def update(self) -> None:
        path = self._document.path()
        self._window.setWindowTitle(f"{path.name if path else 'new plan'}[*] — {APP_NAME}")
        self._window.setWindowModified(self._document.is_modified())
