"""A window in a blink: show a light start-up window first, fill in the real one after it painted.

Python needs a few hundred milliseconds to import pydantic, the engine and the UI modules and
to validate the regimen file; a nurse should see the program react at once. So the start-up
path shows :class:`StartupWindow` (plain Qt widgets, nothing of the engine imported, same size
and place as the main window last had), and only after its first paint imports the rest and
builds the main window, which then takes the start-up window's place. Meanwhile a background
thread imports the Qt-free modules (pydantic, the engine, the regimen file), so that work
overlaps the paint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from ui import APP_NAME
from ui.settings import AppSettings


class StartupWindow(QMainWindow):
    """The program's window while the engine loads: its name, "Loading…", its last place."""

    def __init__(self, settings: AppSettings, icon: QIcon | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        if icon is not None:
            self.setWindowIcon(icon)
        label = QLabel(f"<h2>{APP_NAME}</h2><p>Loading the regimen file…</p>")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("startup_label")
        self.setCentralWidget(label)
        geometry = settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1440, 900)


class _FirstPaint(QObject):
    """Calls back once, on the event-loop turn after the watched widget's first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)  # after this paint has been flushed to the screen
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    _FirstPaint(widget, callback)


def preload_engine() -> threading.Thread:
    """Import the Qt-free modules and load the bundled regimen file in the background.

    Importing is thread-safe in Python; the thread touches no Qt object. The main thread joins
    it before building the main window, so an error here simply repeats there, with its
    normal message.
    """

    def work() -> None:
        try:
            from planner.plan import engine  # noqa: F401
            from planner.regimen.loading import bundled_regimen

            bundled_regimen()
        except Exception:  # the main thread meets it again and reports it
            return

    thread = threading.Thread(target=work, name="preload-engine", daemon=True)
    thread.start()
    return thread
