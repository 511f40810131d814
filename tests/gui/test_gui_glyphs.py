"""A name the PDF font cannot print: said under the field as it is typed, and the export
refuses it in the notice bar with nothing written."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import fill
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def test_typing_a_cjk_name_shows_the_caution_under_name(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    panel = window.patient
    panel.name.setFocus()
    for ch in "王小明":  # as an input method commits them (QTest types ASCII only)
        panel.name.insert(ch)
        assert panel.name_error.is_shown()
    assert panel.name_error.is_shown() and not panel.name_error.is_error()
    assert "in the name: 王, 小, 明" in panel.name_error.text()
    assert panel.name.accessibleDescription() == panel.name_error.text().removeprefix("⚠ ")
    assert not panel.mrn_error.is_shown()
    panel.name.clear()
    panel.name.insert("Zoë Ångström-Núñez")
    assert not panel.name_error.is_shown() and panel.name.accessibleDescription() == ""


def test_an_emoji_mrn_is_cautioned_at_the_field(window: MainWindow, qtbot: QtBot) -> None:
    fill(window)
    window.patient.mrn.setText("A1🏥")
    assert "in the MRN: 🏥" in window.patient.mrn_error.text()
    qtbot.keyClick(window.patient.mrn, Qt.Key.Key_Backspace)
    assert not window.patient.mrn_error.is_shown()


def test_a_loaded_plan_with_a_cjk_name_is_cautioned(window: MainWindow) -> None:
    fill(window, name="김민준")
    assert "in the name: 김, 민, 준" in window.patient.name_error.text()


def test_export_of_a_cjk_name_says_why_and_writes_nothing(
    window: MainWindow, tmp_path: Path
) -> None:
    fill(window, name="山田太郎", mrn="A123")
    assert window.plan() is not None
    target = tmp_path / "schedule.pdf"
    assert window.export_pdf(target) is None
    assert not window.notice.isHidden() and window.notice.is_error
    text = window.notice.text.text()
    assert "in the name: 山, 田, 太, 郎" in text and "Latin letters" in text
    assert list(tmp_path.iterdir()) == []
    fill(window, name="Łukasz Żółć", mrn="A123")
    written = window.export_pdf(target)
    assert written is not None and written.read_bytes().startswith(b"%PDF")
