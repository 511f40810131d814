"""Plan files from the window: open, save, save as, and the question before inputs are lost.

A file that cannot be read leaves the form untouched; a save that fails says why and that the
inputs are still on screen. Everything is reported in the notice and status bars, never in a
stack of dialogs; the only questions asked are the file dialogs and "discard unsaved inputs?".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.core.errors import PlanFileError
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import (
    SUFFIX,
    SavedPlan,
    bound_check,
    load_plan_file,
    save_plan_file,
)
from ui import APP_NAME
from ui.event_log import EventLog
from ui.form import FormState, demo_state, form_from_request, next_start
from ui.plan_open import file_error_text, open_notes
from ui.settings import AppSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PLAN_FILTER = f"Infusion plans (*{SUFFIX} *.json);;All files (*)"
"""Open lists .json too: a plan saved under that name must be found again."""


def suggested_name(request: PlanRequest | None) -> str:
    """A file name from MRN (or name), indication and start date; safe on every system."""
    if request is None:
        return "plan"
    who = request.patient.mrn or request.patient.name or "plan"
    start = request.start.strftime("%Y-%m-%d") if request.start else ""
    raw = "-".join(x for x in (who, request.indication_id, start) if x)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", raw)


class FileController(QObject):
    def __init__(self, window: MainWindow, settings: AppSettings, ask: bool) -> None:
        """``ask`` False: never ask before discarding unsaved inputs (tests, screenshots)."""
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._ask = ask

    def confirm_discard(self) -> bool:
        """True if the inputs on screen may go: saved, blank, or the nurse said so."""
        if not self._ask or not self._window.document.is_modified():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self._window, APP_NAME, "The plan on screen has not been saved. Save it first?",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save,
        )
        if answer == buttons.Save:
            self.save()
            return not self._window.document.is_modified()  # cancelled or failed: stay
        return answer == buttons.Discard

    def suggested_path(self, suffix: str) -> str:
        request = self._window.document.request()
        return str(Path(self._settings.last_dir()) / (suggested_name(request) + suffix))

    def _say(self, text: str, msecs: int) -> None:
        self._window.statusBar().showMessage(text, msecs)

    # -- new ------------------------------------------------------------------------------

    def new_form(self, confirm: bool = True) -> bool:
        """File ▸ New: a blank form starting at the next usual start time."""
        if confirm and not self.confirm_discard():
            return False
        self.begin(FormState(start=next_start(self._window.default_start_time())), saved=False)
        return True

    def begin(self, state: FormState, *, saved: bool) -> None:
        """A fresh form showing ``state``: no file, no events, no notice, no autosave."""
        window = self._window
        window.load_state(state)
        window.events.clear()
        window.document.set_file(None, saved=saved)
        window.notice.hide()
        window.autosave.remove()
        window.patient.weight.setFocus()

    def load_demo(self) -> None:
        """The example patient (the self-test's and the tests' plan), as if saved."""
        window = self._window
        window.load_state(demo_state())
        window.events.clear()
        window.document.set_file(None, saved=True)

    # -- open -------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Open plan", self._settings.last_dir(), PLAN_FILTER
        )
        if path:
            self.open_plan(Path(path))

    def open_recent(self, path: Path) -> None:
        """File ▸ Open Recent: the same question first as Open."""
        if self.confirm_discard():
            self.open_plan(path)

    def open_plan(self, path: Path) -> bool:
        """Load a saved plan, recompute it with the regimen file in use, say what differs.

        A file that cannot be read leaves the form untouched; a request the engine refuses
        (unknown indication or product, an IM product for an IV indication…) opens with the
        refusal in red in the notice bar and the field marked, and no plan."""
        try:
            saved = load_plan_file(path)
            EventLog().load(saved.events, path.name)  # refuse newer events before any change
        except PlanFileError as exc:
            self._window.notice.show_message(
                f"Could not open the plan: {file_error_text(str(exc))} The form on screen is "
                "unchanged.", error=True,
            )
            self._say(f"Could not open {path.name}", 8000)
            return False
        self.load_saved(saved, path)
        self._settings.set_last_dir(path.parent)
        self._settings.add_recent(path)
        self._say(f"Opened {path}", 5000)
        return True

    def restore_saved(self, saved: SavedPlan) -> bool:
        """Recovered autosaved inputs onto the form, if the inputs there may go."""
        if not self.confirm_discard():
            return False
        self.load_saved(saved, None)
        return True

    def load_saved(self, saved: SavedPlan, path: Path | None) -> None:
        """Fill the form from a plan file (``path``) or a recovered autosave (None: unsaved)."""
        window = self._window
        document = window.document
        loaded = document.regimen()
        window.load_state(form_from_request(saved.request, loaded.regimen,
                                            window.default_start_time()))
        window.events.load(saved.events, path.name if path else "autosave")
        document.set_file(path, saved=path is not None)
        record = bound_check(saved, loaded)  # void where request or data differ from the check
        if record is not None:
            # set_second_check refuses it if the form changed the request at all
            document.set_second_check(record, saved.request)
        notes = open_notes(saved, loaded, window.form_state())
        if notes:
            window.notice.show_message(" ".join(n.text for n in notes),
                                       error=any(n.error for n in notes))
        else:
            window.notice.hide()

    # -- save -------------------------------------------------------------------------------

    def save(self) -> None:
        path = self._window.document.path()
        if path is None:
            self.save_as()
        else:
            self.save_plan(path)

    def save_as(self) -> None:
        if self._window.document.request() is None:
            self._cannot_save()
            return
        path, _ = QFileDialog.getSaveFileName(self._window, "Save plan",
                                              self.suggested_path(SUFFIX), PLAN_FILTER)
        if path:
            target = Path(path)
            if not target.suffix:
                target = target.with_suffix(SUFFIX)
            self.save_plan(target)

    def _cannot_save(self) -> None:
        self._say("Not saved: complete the fields marked in the form first", 8000)

    def save_plan(self, path: Path) -> bool:
        """Save the form's request (even one the engine refuses, so work is never lost)."""
        window = self._window
        document = window.document
        request = document.request()
        if request is None:
            self._cannot_save()
            return False
        try:
            written = save_plan_file(request, path, document.regimen(),
                                     second_check=document.second_check(),
                                     events=window.events.records())
        except PlanFileError as exc:
            kept = ("The file already there is unchanged." if path.exists()
                    else "No file was written.")
            window.notice.show_message(
                f"Plan NOT saved: {exc}. {kept} Your inputs are still on screen: save to "
                "another folder or free some space and try again.", error=True,
            )
            self._say(f"Not saved: {path.name}", 8000)
            return False
        document.set_file(written, saved=True)
        window.autosave.remove()
        self._settings.set_last_dir(written.parent)
        self._settings.add_recent(written)
        self._say(f"Saved {written}", 5000)
        return True
