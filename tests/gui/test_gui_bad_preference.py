"""A bad saved preference never stops the window from opening: it falls back to the bundled
data and says why (a huge number literal, a FIFO, a device, a duplicate key, a folder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.core.resources import bundled_regimen_path
from planner.regimen.loading import bundled_regimen
from ui.__main__ import build_parser, open_main_window
from ui.settings import AppSettings, Preferences

TEXT = bundled_regimen_path().read_text(encoding="utf-8")


def _huge(folder: Path) -> Path:
    path = folder / "huge.json"
    path.write_text(TEXT.replace('"concentration_mg_ml": 100,',
                                 '"concentration_mg_ml": 1' + "0" * 5000 + ",", 1))
    return path


def _duplicate(folder: Path) -> Path:
    path = folder / "dup.json"
    path.write_text(TEXT.replace('"format": 1,', '"format": 1, "format": 1,', 1))
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "fifo.json"
    os.mkfifo(path)
    return path


def _folder(folder: Path) -> Path:
    return folder


def _zero(_folder: Path) -> Path:
    return Path("/dev/zero")


def _binary(folder: Path) -> Path:
    path = folder / "bin.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    return path


MAKERS: list[Callable[[Path], Path]] = [_huge, _duplicate, _fifo, _folder, _zero, _binary]


@pytest.mark.parametrize("make", MAKERS, ids=[m.__name__ for m in MAKERS])
def test_a_bad_regimen_preference_falls_back_and_says_why(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    if make is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs")
    if make is _zero and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    bad = make(tmp_path)
    settings.set_preferences(Preferences(regimen_file=str(bad)))
    window, status, why = open_main_window(build_parser().parse_args([]), settings,
                                           interactive=False)
    qtbot.addWidget(window)
    try:
        assert status == 0 and why and str(bad) in why and "bundled" in why
        assert window.loaded_regimen().sha256 == bundled_regimen().sha256
        assert window.notice.is_error and "bundled" in window.notice.text.text()
    finally:
        window.close()
