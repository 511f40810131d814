"""The window's arrangement remembered between sessions: geometry, toolbar state and both
splitters, in the settings. Restored within the screen the window opens on; a splitter the
nurse sized herself is not re-balanced on the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow

from ui.settings import AppSettings
from ui.window_fit import fit_to_screen
from ui.window_layout import PaneBalancer, Splitters


def restore_geometry(
    window: QMainWindow, splitters: Splitters, settings: AppSettings
) -> set[str]:
    """Restore what was saved, within the available screen; returns the splitters restored."""
    geometry = settings.geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(1440, 900)
    fit_to_screen(window)  # a 1440×900 default or another screen's geometry: fit this one
    state = settings.window_state()
    if state is not None:
        window.restoreState(state)
    restored = set()
    for name, splitter in splitters.named():
        saved = settings.splitter(name)
        if saved is not None:
            splitter.restoreState(saved)
            restored.add(name)
    return restored


def save_geometry(window: QMainWindow, splitters: Splitters, settings: AppSettings) -> None:
    settings.set_window(QByteArray(window.saveGeometry()), QByteArray(window.saveState()))
    for name, splitter in splitters.named():
        settings.set_splitter(name, QByteArray(splitter.saveState()))
    settings.sync()


class WindowMemory:
    """Restore at start and save on close, or neither (tests, screenshots: ``remember``
    False)."""

    def __init__(self, window: QMainWindow, splitters: Splitters, balancer: PaneBalancer,
                 settings: AppSettings, remember: bool) -> None:
        self._window = window
        self._splitters = splitters
        self._balancer = balancer
        self._settings = settings
        self._remember = remember

    def restore(self) -> None:
        if self._remember:
            restored = restore_geometry(self._window, self._splitters, self._settings)
            self._balancer.user_set = "right" in restored

    def save(self) -> None:
        if self._remember:
            save_geometry(self._window, self._splitters, self._settings)
