"""About: versions and hash on screen, and Copy diagnostics puts the same text as --version
on the clipboard."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from planner import __version__
from planner.core.resources import bundled_regimen_path
from planner.regimen.loading import load_regimen
from ui.about import AboutDialog
from ui.diagnostics import NO_SITE_FILE, diagnostics_text
from ui.main_window import MainWindow


def test_about_shows_versions_and_copies_diagnostics(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[AboutDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        assert isinstance(dialog, AboutDialog)
        shown.append(dialog)
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    QGuiApplication.clipboard().setText("something else")
    window.action("about").trigger()
    dialog = shown[0]
    loaded = window.loaded_regimen()
    text = dialog.text.text()
    assert loaded.sha256 in text and loaded.regimen.version in text and __version__ in text
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.details.toPlainText()
    assert f"infusion-planner {__version__}" in copied
    assert f"label data SHA-256: {loaded.sha256}" in copied
    assert f"site file: {NO_SITE_FILE}" in copied
    assert "copied" in dialog.copied.text()


def test_diagnostics_name_the_file_in_use(tmp_path: Path) -> None:
    """A site copy of the regimen file: its own path and hash, not the bundled ones."""
    copy = tmp_path / "ward-7.json"
    shutil.copyfile(bundled_regimen_path(), copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("\n")  # same content, different bytes: a different hash
    loaded = load_regimen(copy)
    text = diagnostics_text(loaded, settings_file="/x/settings.conf")
    expected = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert f"label data SHA-256: {expected}" in text
    assert str(copy) in text and "bundled with the program" not in text
    assert "settings: /x/settings.conf" in text
    assert hashlib.sha256(bundled_regimen_path().read_bytes()).hexdigest() not in text
