"""Fixtures for the window tests: throw-away settings, no modal dialogs, a shown window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import START
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ui import clock
from ui.main_window import MainWindow
from ui.qt_workarounds import install_none_guard
from ui.settings import AppSettings


@pytest.fixture(scope="session", autouse=True)
def none_guard(qapp: QApplication) -> bool:
    """The PySide6 workaround, once for the session as ui/__main__.py runs it at start-up
    (no widget installs it itself)."""
    return install_none_guard()


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[AppSettings]:
    """A throw-away settings file: tests never read or write the user's own settings."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any modal dialog during a test is a failure (no dialog storms), unless a test
    replaces the one it means to answer."""

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("a modal dialog was opened")

    for name in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", refuse)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", refuse)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The window's 'today' is the day before the tests' START, whatever the real date: a
    start date the tests use is never in the past."""
    today = START.date() - timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: today)
    return today


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings) -> MainWindow:
    win = MainWindow(settings, ask_before_discard=False, remember_geometry=False)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    return win
