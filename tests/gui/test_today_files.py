"""Today remembers the plan files a nurse added, says what became of each, and lets one go."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_gui_chair import TODAY, Clock, plan_file

from planner.bedside.events import EventKind, InfusionEvent
from planner.regimen.loading import bundled_regimen
from ui.settings import TODAY_MAX, AppSettings
from ui.today_view import FileState, TodayView


def view_for(qtbot: QtBot, settings: AppSettings, now: datetime = TODAY) -> TodayView:
    view = TodayView(bundled_regimen, Clock(now), lambda: None, settings=settings)
    qtbot.addWidget(view)
    return view


def reopened(settings: AppSettings) -> AppSettings:
    """The same settings file read afresh, as at the next start."""
    settings.sync()
    return AppSettings(QSettings(settings.qsettings.fileName(), QSettings.Format.IniFormat))


def two_files(tmp_path: Path) -> list[Path]:
    started = InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY.replace(minute=15))
    return [plan_file(tmp_path, "Ann Lee", TODAY, events=(started,)),
            plan_file(tmp_path, "Bo Chan", TODAY.replace(hour=9), weight=55)]


def test_added_files_come_back_in_the_next_session(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    view = view_for(qtbot, settings)
    paths = two_files(tmp_path)
    for path in paths:
        assert view.add_file(path)
    assert settings.today_files() == [p.resolve() for p in paths]
    again = view_for(qtbot, reopened(settings))
    assert [f.state for f in again.files] == [FileState.OK, FileState.OK]
    assert sorted(r.target.name for r in again.rows) == ["Ann Lee", "Bo Chan"]
    assert again.file_list.count() == 2 and "Ann Lee" in again.file_list.item(0).text()
    assert again.add_file(paths[0]) and len(again.files) == 2  # no double entry


def test_missing_unreadable_and_broken_files_are_listed_in_words(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    paths = two_files(tmp_path)
    broken = tmp_path / "broken.ivplan"
    broken.write_text("{not json")
    folder = tmp_path / "a folder.ivplan"
    folder.mkdir()
    gone = tmp_path / "moved.ivplan"
    settings.set_today_files([gone, folder, broken, *paths])
    view = view_for(qtbot, reopened(settings))
    states = [f.state for f in view.files]
    assert states == [FileState.MISSING, FileState.UNREADABLE, FileState.NOT_A_PLAN,
                      FileState.OK, FileState.OK]
    texts = [view.file_list.item(i).text() for i in range(view.file_list.count())]
    assert texts[0].startswith(f"MISSING: {gone.name} (in {tmp_path})")
    assert texts[1].startswith("CANNOT BE READ: ")
    assert texts[2].startswith("NOT A USABLE PLAN: ") and "broken.ivplan" in texts[2]
    assert "3 remembered plan file(s) not followed" in view.message.text()
    assert sorted(r.target.name for r in view.rows) == ["Ann Lee", "Bo Chan"]
    assert settings.today_files()[0] == gone  # kept (shown) until the nurse removes it


def test_a_file_that_goes_missing_and_comes_back_is_followed_again(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    path = two_files(tmp_path)[0]
    view = view_for(qtbot, settings)
    assert view.add_file(path)
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(path, aside / path.name)
    view.tick()
    assert view.files[0].state is FileState.MISSING and view.rows == []
    assert view.file_list.item(0).text().startswith("MISSING")
    shutil.move(aside / path.name, path)
    view.tick()
    assert view.files[0].state is FileState.OK and [r.target.name for r in view.rows] == [
        "Ann Lee"]


@pytest.mark.parametrize("value", [42, "", {"a": 1}, [None, 3, ""], "\0bad", [["x"]]])
def test_a_corrupt_settings_value_reads_as_no_files(
    qtbot: QtBot, settings: AppSettings, value: object
) -> None:
    settings.qsettings.setValue("today/files", value)
    assert settings.today_files() == []
    view = view_for(qtbot, reopened(settings))
    assert view.files == [] and view.file_list.count() == 0


def test_a_hand_edited_list_is_cut_to_size_and_rid_of_repeats(settings: AppSettings) -> None:
    settings.qsettings.setValue("today/files", ["/a.ivplan", "/a.ivplan", 7,
                                                *(f"/p{i}.ivplan" for i in range(60))])
    files = settings.today_files()
    assert files[0] == Path("/a.ivplan") and files.count(Path("/a.ivplan")) == 1
    assert len(files) == TODAY_MAX


def test_a_very_long_name_is_unreadable_not_a_traceback(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    settings.set_today_files([tmp_path / ("x" * 5000 + ".ivplan")])
    view = view_for(qtbot, reopened(settings))
    assert [f.state for f in view.files] in ([FileState.UNREADABLE], [FileState.MISSING])
    view.tick()  # and checking it again says the same, quietly


def test_remove_takes_the_file_off_today_and_off_the_remembered_list(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    paths = two_files(tmp_path)
    view = view_for(qtbot, settings)
    for path in paths:
        view.add_file(path)
    view.file_list.setCurrentRow(0)
    assert view.remove_selected()
    assert settings.today_files() == [paths[1].resolve()]
    assert [r.target.name for r in view.rows] == ["Bo Chan"]
    assert paths[0].exists()  # the file itself is untouched
    assert "Removed from Today: Ann_Lee.ivplan" in view.message.text()
    again = view_for(qtbot, reopened(settings))
    assert [f.path for f in again.files] == [paths[1].resolve()]


def test_keyboard_reaches_the_list_and_delete_removes(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    view = view_for(qtbot, settings)
    for path in two_files(tmp_path):
        view.add_file(path)
    view.show()
    qtbot.waitExposed(view)
    chain: list[QWidget] = []  # what Tab visits from the table on, in order
    widget = view.table.nextInFocusChain()
    while widget is not view.table and len(chain) < 50:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisibleTo(view) \
                and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert view.file_list in chain and view.remove_button in chain
    assert chain.index(view.open_button) < chain.index(view.file_list) \
        < chain.index(view.remove_button)
    assert not view.table.tabKeyNavigation()  # Tab leaves the table for the buttons
    view.file_list.setCurrentRow(1)
    qtbot.keyClick(view.file_list, Qt.Key.Key_Delete)
    assert len(view.files) == 1 and len(settings.today_files()) == 1
    view.file_list.setCurrentRow(0)
    qtbot.keyClick(view.remove_button, Qt.Key.Key_Space)
    assert view.files == [] and settings.today_files() == []
    assert not view.remove_button.isEnabled()


def test_the_main_windows_today_remembers_through_its_settings(
    window: object, settings: AppSettings, tmp_path: Path
) -> None:
    from ui import bedside_hooks
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    path = two_files(tmp_path)[0]
    settings.set_today_files([path, tmp_path / "gone.ivplan"])
    today = bedside_hooks.show_today(window)
    assert [f.state for f in today.view.files] == [FileState.OK, FileState.MISSING]
    assert [t.key for t in today.view.targets][-1] == ""  # the plan on screen: not listed
    today.close()


def test_without_settings_nothing_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    view = TodayView(bundled_regimen, Clock(TODAY + timedelta(hours=1)), lambda: None)
    qtbot.addWidget(view)
    assert view.add_file(two_files(tmp_path)[0]) and len(view.files) == 1


def test_enter_opens_the_chair_and_only_that_button_looks_like_it(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the Today window Enter opens the selected patient's chair window; the button drawn
    as the default is that one, never "Add plan file…" (which would open a file dialog)."""
    from ui.today_view import TodayWindow

    added: list[bool] = []
    monkeypatch.setattr(TodayView, "_add_dialog", lambda self: added.append(True))
    window = TodayWindow(bundled_regimen, Clock(TODAY), lambda: None, settings=settings)
    qtbot.addWidget(window)
    for path in two_files(tmp_path):
        window.view.add_file(path)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    assert view.open_button.isDefault()
    assert not view.add_button.isDefault() and not view.add_button.autoDefault()
    assert not view.remove_button.autoDefault()
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert added == [] and len(view.windows) == 1
    for chair in view.windows.values():
        chair.close()
    view.file_list.setFocus()  # Enter in the file list is not "Add" either
    qtbot.keyClick(view.file_list, Qt.Key.Key_Return)
    assert added == []
