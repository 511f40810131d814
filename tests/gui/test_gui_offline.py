"""Offline guarantee for the window: demo plan, save, PDF export — and not one socket."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from planner.plan.plan_file import load_plan_file
from ui.autosave import AutosaveStore
from ui.main_window import MainWindow
from ui.settings import AppSettings


def test_window_save_and_pdf_export_stay_offline(
    no_network: list[str], qtbot: QtBot, tmp_path: Path
) -> None:
    pytest.importorskip("planner.report.pdf.export")
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ask_before_discard=False, remember_geometry=False,
                        autosave=AutosaveStore(tmp_path / "data", delay_ms=10))
    qtbot.addWidget(window)
    window.show()
    window.load_demo()
    plan = window.plan()
    assert plan is not None and not plan.has_stop
    assert window.save_plan(tmp_path / "demo.ivplan")
    assert load_plan_file(tmp_path / "demo.ivplan").request == window.request()
    pdf = window.export_pdf(tmp_path / "demo.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    window.prescription.dose.setText("1800")
    window.autosave_now()
    window.close()
    assert no_network == []
