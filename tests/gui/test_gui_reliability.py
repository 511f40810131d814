"""Issue 6 in the window: crash log and one non-blocking dialog, autosave and recovery, saves
that fail without losing the previous file, plan files that are refused in words.

The user's own folders are never touched: every store and log folder is a temporary one, and
the platformdirs defaults are checked with XDG_* pointed at tmp_path.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import fill
from helpers import START
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.document
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import load_plan_file, save_plan_file
from planner.regimen.loading import bundled_regimen
from ui.autosave import AutosaveStore, default_data_dir
from ui.crash import CrashReporter, default_log_dir, guarded
from ui.main_window import MainWindow
from ui.settings import AppSettings


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs defaults point into tmp_path for every test here."""
    home = tmp_path / "xdg"
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    return home


@pytest.fixture
def store(tmp_path: Path) -> AutosaveStore:
    return AutosaveStore(tmp_path / "data", delay_ms=30)


def make_window(qtbot: QtBot, settings: AppSettings, store: AutosaveStore | None = None,
                ask: bool = False) -> MainWindow:
    win = MainWindow(settings, ask_before_discard=ask, remember_geometry=False, autosave=store)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    return win


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings) -> MainWindow:
    """Not shown, unlike the shared fixture: these tests drive saves and autosave only."""
    return make_window(qtbot, settings)


def visible_dialogs(window: MainWindow) -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


# -- crash safety ------------------------------------------------------------------------


@pytest.fixture
def reporter(tmp_path: Path, window: MainWindow) -> Iterator[CrashReporter]:
    now = [1000.0]
    crash = CrashReporter(tmp_path / "logs", quiet_seconds=60, clock=lambda: now[0])
    crash.fake_now = now  # type: ignore[attr-defined]
    notes: list[str] = []
    crash.set_window(window, window.crash_context, notes.append)
    crash.notes = notes  # type: ignore[attr-defined]
    crash.install()
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()


def _boom() -> None:
    raise ZeroDivisionError("a slot went wrong")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_told_once_without_blocking(
    window: MainWindow, reporter: CrashReporter, qtbot: QtBot, tmp_path: Path
) -> None:
    fill(window)
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.count == 1)
    log = reporter.log_path
    assert log is not None and log.parent == tmp_path / "logs"
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a slot went wrong" in text and "Traceback" in text
    loaded = window.loaded_regimen()
    assert loaded.sha256 in text and loaded.regimen.version in text
    from planner import __version__

    assert f"Infusion Planner {__version__}" in text
    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None
    assert str(log) in dialog.text() and "ZeroDivisionError" in dialog.text()
    assert "still running" in dialog.text()
    # the program keeps running: the form still plans
    window.prescription.days.setValue(3)
    plan = window.plan()
    assert plan is not None and plan.days_count == 3


@pytest.mark.qt_no_exception_capture
def test_repeated_exceptions_open_no_more_dialogs(
    window: MainWindow, reporter: CrashReporter, qtbot: QtBot
) -> None:
    for _ in range(12):
        QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.count == 12)
    assert reporter.dialogs_opened == 1
    assert reporter.dialog is not None
    assert "11 more unexpected error(s)" in reporter.dialog.informativeText()
    assert reporter.log_path is not None
    assert reporter.log_path.read_text(encoding="utf-8").count("ZeroDivisionError: a slot") \
        == 12
    reporter.dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None)
    reporter.fake_now[0] += 10  # type: ignore[attr-defined]
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.count == 13)
    assert reporter.dialogs_opened == 1  # within the quiet period: the status bar only
    assert reporter.notes and "logged" in reporter.notes[-1]  # type: ignore[attr-defined]
    reporter.fake_now[0] += 120  # type: ignore[attr-defined]
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.count == 14)
    assert reporter.dialogs_opened == 2


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_paint_handler_and_in_a_thread(
    window: MainWindow, reporter: CrashReporter, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QWidget

    class Broken(QWidget):
        def paintEvent(self, event: QPaintEvent) -> None:
            raise ValueError("paint failed")

    fill(window)
    broken = Broken(window.main_splitter)
    broken.resize(40, 40)
    broken.show()
    broken.repaint()
    qtbot.waitUntil(lambda: reporter.count >= 1)
    broken.hide()
    worker = threading.Thread(target=_boom, name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.log_path is not None and "thread worker" in
                    reporter.log_path.read_text(encoding="utf-8"))
    assert reporter.dialogs_opened == 1
    assert window.plan() is not None


@pytest.mark.qt_no_exception_capture
def test_an_unwritable_log_folder_is_said_in_the_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    crash = CrashReporter(blocker / "logs")
    crash.set_window(window, window.crash_context)
    crash.install()
    try:
        QTimer.singleShot(0, _boom)
        qtbot.waitUntil(lambda: crash.count == 1)
        assert crash.log_path is None or not crash.log_path.exists()
        assert crash.dialog is not None
        assert "could not be written" in crash.dialog.text()
    finally:
        crash.uninstall()
        if crash.dialog is not None:
            crash.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_an_engine_bug_is_reported_and_leaves_no_current_plan(
    window: MainWindow, reporter: CrashReporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(window)
    assert window.plan() is not None

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(ui.document, "build_plan", broken)
    window.prescription.days.setValue(3)
    assert window.plan() is None and window.result.is_stale()
    assert "Internal error" in window.result.stale_banner.text()
    assert reporter.count == 1
    assert reporter.log_path is not None
    assert "RuntimeError: engine bug" in reporter.log_path.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_guarded_slot_reports_and_returns(reporter: CrashReporter) -> None:
    @guarded
    def fragile(x: int) -> int:
        return 10 // x

    assert fragile(2) == 5
    assert fragile(0) is None
    assert reporter.count == 1


def test_crash_log_default_is_the_users_log_folder(user_folders: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG folders are Linux")
    assert default_log_dir() == user_folders / "xdg_state_home" / "infusion-planner" / "log"
    assert default_data_dir() == user_folders / "xdg_data_home" / "infusion-planner"


# -- autosave ---------------------------------------------------------------------------


def test_autosave_is_debounced_and_holds_the_request(
    qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    slow = AutosaveStore(tmp_path / "data")  # the real 2 s delay
    win = make_window(qtbot, settings, slow)
    fill(win)
    qtbot.keyClicks(win.patient.weight, "5")  # 725 kg: invalid, still 72 saved later
    win.patient.weight.setText("73")
    assert not slow.path.exists()  # not on every keystroke
    assert win.autosave.is_pending() and win.autosave.delay_ms() == 2000
    qtbot.waitUntil(slow.path.exists, timeout=5000)
    assert load_plan_file(slow.path).request == win.request()
    assert load_plan_file(slow.path).request.patient.weight_kg == 73


def test_autosave_on_close_and_recovery_at_the_next_start(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore
) -> None:
    first = make_window(qtbot, settings, store)
    fill(first, name="Ann Lee", mrn="MRN-7")
    request = first.request()
    assert first.autosave.is_pending()
    first.close()  # before the debounce fired
    assert load_plan_file(store.path).request == request

    second = make_window(qtbot, settings, store)
    assert second.offer_recovery()
    bar = second.recovery
    assert not bar.isHidden()
    assert "Unsaved inputs from" in bar.text.text() and "were recovered" in bar.text.text()
    assert "Ann Lee" in bar.text.text()
    assert QApplication.activeModalWidget() is None and visible_dialogs(second) == []
    assert second.plan() is None  # nothing restored behind the nurse's back
    # typing meanwhile autosaves this session without overwriting what is offered
    second.patient.weight.setText("50")
    second.autosave_now()
    assert store.offer_path.exists()
    bar.restore_button.click()
    assert bar.isHidden()
    assert second.request() == request
    assert second.plan() == build_plan(request)
    assert second.isWindowModified()  # restored inputs are unsaved inputs
    assert not store.offer_path.exists()
    assert load_plan_file(store.path).request == request


def test_discarding_the_recovered_inputs_removes_them(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore
) -> None:
    request = PlanRequest(patient=Patient(weight_kg=60), indication_id="itp",
                          product_id="privigen", start=START)
    store.folder.mkdir(parents=True)
    save_plan_file(request, store.path, bundled_regimen())
    win = make_window(qtbot, settings, store)
    assert win.offer_recovery()
    win.recovery.discard_button.click()
    assert win.recovery.isHidden()
    assert not store.path.exists() and not store.offer_path.exists()
    assert win.plan() is None


def test_saving_or_new_removes_the_autosave_and_a_clean_quit_leaves_none(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore, tmp_path: Path
) -> None:
    win = make_window(qtbot, settings, store)
    fill(win)
    qtbot.waitUntil(store.path.exists)
    assert win.save_plan(tmp_path / "saved.ivplan")
    assert not store.path.exists()
    win.close()
    assert not store.path.exists()  # saved: nothing to recover

    again = make_window(qtbot, settings, store)
    assert not again.offer_recovery()
    fill(again, weight="80")
    qtbot.waitUntil(store.path.exists)
    again.new_form(confirm=False)
    assert not store.path.exists()
    again.close()
    assert not store.path.exists()


def test_a_damaged_autosave_is_set_aside_and_said(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore
) -> None:
    store.folder.mkdir(parents=True)
    store.path.write_text('{"format": 1, "request": {', encoding="utf-8")
    win = make_window(qtbot, settings, store)
    assert not win.offer_recovery()
    assert win.notice.is_error and "could not be recovered" in win.notice.text.text()
    assert not store.path.exists() and (store.folder / "autosave-damaged.json").exists()
    assert visible_dialogs(win) == []


def test_a_failing_autosave_says_so_in_the_status_bar(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = make_window(qtbot, settings, store)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    fill(win)
    win.autosave_now()
    assert "Autosave failed" in win.statusBar().currentMessage()
    assert "No space left" in win.statusBar().currentMessage()
    assert not store.path.exists() and visible_dialogs(win) == []


# -- failed saves and refused plan files ----------------------------------------------


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_a_full_disk_keeps_the_previous_file_and_says_why(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    fill(window)
    path = tmp_path / "plan.ivplan"
    assert window.save_plan(path)
    before = path.read_bytes()
    window.prescription.days.setValue(3)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, where, full)
    assert not window.save_plan(path)
    monkeypatch.undo()
    assert path.read_bytes() == before  # the previous file is intact
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []
    text = window.notice.text.text()
    assert window.notice.is_error and not window.notice.isHidden()
    assert "NOT saved" in text and os.strerror(errno.ENOSPC) in text
    assert "unchanged" in text
    assert window.windowTitle().startswith("plan.ivplan[*]") and window.isWindowModified()
    assert visible_dialogs(window) == []


def test_a_read_only_folder_is_refused_with_the_reason(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(window)
    folder = tmp_path / "locked"
    folder.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        folder.chmod(0o555)  # a real read-only folder (root ignores it: simulated below)
    else:
        import tempfile

        def denied(*_args: object, **_kwargs: object) -> object:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        monkeypatch.setattr(tempfile, "mkstemp", denied)
    try:
        assert not window.save_plan(folder / "plan.ivplan")
    finally:
        folder.chmod(0o755)
    text = window.notice.text.text()
    assert "NOT saved" in text and "cannot write" in text
    assert os.strerror(errno.EACCES) in text and "No file was written" in text
    assert not (folder / "plan.ivplan").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b'{"format": 1, "request": {"patient"', "damaged or not a plan file"),
        (b"", "empty"),
        (b'{"format": 3, "request": {}}', "newer Infusion Planner"),
        (b'{"format": 1, "regimen_file": {"version": "x", "sha256": "y"}, "request": '
         b'{"patient": {"weight_kg": 70}, "indication_id": "pi", "product_id": "privigen", '
         b'"dose_mg_kg": 400, "extra": 1}}', "extra"),
    ],
)
def test_corrupt_or_newer_plan_files_are_refused(
    window: MainWindow, tmp_path: Path, content: bytes, words: str
) -> None:
    fill(window)
    before = window.plan()
    path = tmp_path / "bad.ivplan"
    path.write_bytes(content)
    assert not window.open_plan(path)
    text = window.notice.text.text()
    assert window.notice.is_error and words in text and "bad.ivplan" in text
    assert "unchanged" in text and window.plan() == before
    assert visible_dialogs(window) == []


def test_a_plan_file_with_a_value_the_form_cannot_show_says_so(
    window: MainWindow, tmp_path: Path
) -> None:
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                          product_id="privigen", days=500, start=START)
    path = save_plan_file(request, tmp_path / "days.ivplan", bundled_regimen())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["request"]["days"] == 500
    assert window.open_plan(path)
    text = window.notice.text.text()
    assert "500 is outside 2–5" in text and "could not take over" in text
    assert window.plan() is None


def test_an_autosave_that_cannot_be_moved_aside_is_kept_and_autosave_is_off(
    qtbot: QtBot, settings: AppSettings, store: AutosaveStore
) -> None:
    store.folder.mkdir(parents=True)
    store.offer_path.mkdir()  # os.replace cannot put a file there
    store.path.write_text("left by the last session", encoding="utf-8")
    win = make_window(qtbot, settings, store)
    assert not win.offer_recovery()
    assert win.notice.is_error and "Autosave is off" in win.notice.text.text()
    fill(win)
    win.autosave_now()
    win.close()
    assert store.path.read_text(encoding="utf-8") == "left by the last session"


def test_the_none_guard_keeps_a_long_session_alive(tmp_path: Path) -> None:
    """Many thousands of Qt calls (a long day of edits and repaints) do not abort Python."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "from ui.qt_workarounds import install_none_guard\n"
        "install_none_guard()\n"
        "w = QWidget()\n"
        "for _ in range(300_000):\n"
        "    w.setEnabled(True)\n"
        "print('alive')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-2000:]
