"""Crash safety: an unexpected exception is logged and reported once, and the program goes on.

:class:`CrashReporter` replaces ``sys.excepthook`` (PySide6 sends exceptions raised in slots,
timers and event handlers there) and ``threading.excepthook``. Each exception is appended to
one log file per session in the user's log folder — traceback, program version, regimen file
version and SHA-256 — and ONE non-blocking dialog says what happened and where the log is.
While that dialog is open, or for a quiet period after it was shown, further exceptions only
update its count (or the status bar): a fault in a paint handler can fire dozens of times a
second and must not bury the window under dialogs.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from planner import __version__
from ui import APP_NAME
from ui.paths import log_dir

MAX_ENTRIES_PER_LOG = 200
"""A loop that raises forever must not fill the disk: later exceptions are only counted."""

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def default_log_dir() -> Path:
    """The platform's log folder (ui.paths): XDG_STATE_HOME/infusion-planner/log on Linux."""
    return log_dir()


class CrashReporter(QObject):
    """Log, tell once, keep running. ``context`` adds lines (regimen file in use) to each
    entry; ``notify`` gets a one-line message when a dialog is held back."""

    _show_requested = Signal(str, str)

    def __init__(
        self, log_dir: Path | None = None, *, quiet_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.log_dir = log_dir or default_log_dir()
        self.quiet_seconds = quiet_seconds
        self._clock = clock
        self.log_path: Path | None = None  # this session's log, once something was logged
        self.log_error = ""  # why the log could not be written, if it could not
        self.count = 0  # exceptions reported this session
        self.dialogs_opened = 0
        self.dialog: QMessageBox | None = None
        self._held_back = 0  # exceptions since the dialog was opened
        self._last_dialog_at: float | None = None
        self._entries = 0
        self._lock = threading.Lock()
        self._parent: QWidget | None = None
        self.context: Callable[[], list[str]] = list
        self.notify: Callable[[str], None] | None = None
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self._show_requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- installation ----------------------------------------------------------------------

    def install(self) -> None:
        global _ACTIVE
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook
        _ACTIVE = self

    def uninstall(self) -> None:
        global _ACTIVE
        if sys.excepthook == self.excepthook and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        if _ACTIVE is self:
            _ACTIVE = None

    def set_window(
        self, window: QWidget, context: Callable[[], list[str]],
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self._parent = window
        self.context = context
        self.notify = notify

    # -- hooks -----------------------------------------------------------------------------

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report((exc_type, exc, tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback),
                    where=f"thread {args.thread.name if args.thread else '?'}")

    def report(self, info: ExcInfo, where: str = "") -> Path | None:
        """Log one exception and ask for the dialog; never raises."""
        try:
            with self._lock:
                self.count += 1
                text = "".join(traceback.format_exception(*info))
                sys.stderr.write(f"{APP_NAME}: unexpected error (logged)\n{text}")
                path = self._write(text, where)
            summary = f"{info[0].__name__}: {info[1]}"[:400]
            if threading.current_thread() is threading.main_thread():
                self._show(summary, str(path) if path else "")
            else:
                self._show_requested.emit(summary, str(path) if path else "")
            return path
        except BaseException:  # the reporter itself must never take the program down
            with contextlib.suppress(Exception):
                sys.__excepthook__(*info)
            return None

    # -- log -------------------------------------------------------------------------------

    def _write(self, text: str, where: str) -> Path | None:
        if self._entries >= MAX_ENTRIES_PER_LOG:
            return self.log_path
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            if self.log_path is None:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                self.log_path = self.log_dir / f"crash-{stamp}-{os.getpid()}.log"
            lines = [
                f"=== {datetime.now().astimezone().isoformat(timespec='seconds')} "
                f"unexpected error #{self.count}{f' in {where}' if where else ''}",
                f"{APP_NAME} {__version__}; Python {platform.python_version()}; "
                f"{platform.platform()}",
            ]
            with contextlib.suppress(Exception):
                lines += self.context()
            lines.append(text.rstrip("\n"))
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n\n")
            self._entries += 1
            self.log_error = ""
            return self.log_path
        except OSError as exc:
            self.log_error = f"{self.log_dir}: {exc.strerror or exc}"
            return None

    # -- dialog ----------------------------------------------------------------------------

    def _where_text(self, path: str) -> str:
        if path:
            return f"The details were written to:\n{path}"
        return f"The log file could not be written ({self.log_error}); the details were " \
               "printed to the console."

    def _show(self, summary: str, path: str) -> None:
        try:
            now = self._clock()
            if self.dialog is not None and self.dialog.isVisible():
                self._held_back += 1
                self.dialog.setInformativeText(
                    f"{self._held_back} more unexpected error(s) since this message, "
                    "logged in the same file."
                )
                return
            if self._last_dialog_at is not None and now - self._last_dialog_at < self.quiet_seconds:
                if self.notify is not None:
                    self.notify(f"Another unexpected error was logged: {summary} — "
                                f"{path or 'see the console'}")
                return
            self._open_dialog(summary, path, now)
        except Exception:  # a dialog that cannot be shown is no reason to crash
            traceback.print_exc(file=sys.stderr)

    def _open_dialog(self, summary: str, path: str, now: float) -> None:
        box = QMessageBox(self._parent)
        box.setObjectName("crash_dialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(f"{APP_NAME}: unexpected error")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setText(
            "An unexpected error happened. The program is still running and your inputs "
            "are kept.\n\n"
            f"What happened: {summary}\n\n"
            f"{self._where_text(path)}\n\n"
            "Check the plan on screen against the prescription before using it. If anything "
            "looks wrong, save the plan, close the program and start it again, and send the "
            "log file to whoever supports Infusion Planner at your site."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.destroyed.connect(self._dialog_gone)
        self.dialog = box
        self._held_back = 0
        self._last_dialog_at = now
        self.dialogs_opened += 1
        box.show()

    def _dialog_gone(self, *_args: object) -> None:
        self.dialog = None


_ACTIVE: CrashReporter | None = None


def active_reporter() -> CrashReporter | None:
    return _ACTIVE


def report_unexpected(exc: BaseException, where: str = "") -> None:
    """Report an exception that was caught so the program could go on (e.g. an engine bug
    during a recompute): logged and told like an uncaught one."""
    info: ExcInfo = (type(exc), exc, exc.__traceback__)
    if _ACTIVE is not None:
        _ACTIVE.report(info, where)
    else:
        traceback.print_exception(*info, file=sys.stderr)


P = ParamSpec("P")
R = TypeVar("R")


def guarded(function: Callable[P, R]) -> Callable[P, R | None]:
    """For slots that must finish whatever happens (closing the window, autosave): an
    exception is reported and the slot returns None instead of raising into Qt."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return function(*args, **kwargs)
        except Exception as exc:
            report_unexpected(exc, getattr(function, "__qualname__", ""))
            return None

    return wrapper
