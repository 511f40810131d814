"""The non-modal tool windows (checklist, reaction plan, protocol comparison) and the blind
second check, kept in step with the plan document. Each window's module loads on its first
use, not on the start-up path.

The tool windows are made on first use and kept (closing only hides them), so a ticked
checklist survives closing its window; they follow the document's plan. The second check
hides the first nurse's plan while the second nurse enters the prescription, and records a
check without differences in the document, where it holds only for exactly that input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog

from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import LoadedRegimen
from ui.settings import AppSettings

if TYPE_CHECKING:
    from ui.bedside import ChecklistWindow, ProtocolCompareWindow, ReactionWindow
    from ui.guide import GuideWindow
    from ui.main_window import MainWindow
    from ui.preferences import PreferencesDialog
    from ui.regimen_window import RegimenWindow
    from ui.second_check_dialog import SecondCheckDialog


def _keep(window: QDialog) -> QDialog:
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return window


def _bring_up(window: QDialog) -> None:
    window.show()
    window.raise_()


class ToolsController(QObject):
    def __init__(self, window: MainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.checklist: ChecklistWindow | None = None
        self.reaction: ReactionWindow | None = None
        self.compare: ProtocolCompareWindow | None = None
        self.regimen_window: RegimenWindow | None = None
        self.second_dialog: SecondCheckDialog | None = None
        self.guide: GuideWindow | None = None
        document = window.document
        document.contentsChanged.connect(self.refresh)
        document.secondCheckChanged.connect(self._say_second_check)

    def show_checklist(self) -> ChecklistWindow:
        from ui.bedside import ChecklistWindow

        if self.checklist is None:
            self.checklist = ChecklistWindow(self._window)
            _keep(self.checklist)
        self.refresh()
        _bring_up(self.checklist)
        return self.checklist

    def reset_checklist(self) -> None:
        """Another patient or course: tick again."""
        if self.checklist is not None:
            self.checklist.reset()

    def show_reaction_plan(self) -> ReactionWindow:
        from ui.bedside import ReactionWindow

        if self.reaction is None:
            self.reaction = ReactionWindow(self._window)
            _keep(self.reaction)
        self.refresh()
        _bring_up(self.reaction)
        return self.reaction

    def show_regimen_window(self) -> RegimenWindow:
        from ui.regimen_window import RegimenWindow

        """The read-only Regimen window: what is in force, and why."""
        if self.regimen_window is None:
            self.regimen_window = RegimenWindow(self._window)
            _keep(self.regimen_window)
            self.regimen_window.set_loaded(self._window.document.regimen())
        _bring_up(self.regimen_window)
        return self.regimen_window

    def regimen_changed(self, loaded: LoadedRegimen) -> None:
        if self.regimen_window is not None:
            self.regimen_window.set_loaded(loaded)

    def show_protocol_comparison(self) -> ProtocolCompareWindow:
        from ui.bedside import ProtocolCompareWindow

        if self.compare is None:
            self.compare = ProtocolCompareWindow(self._window)
            _keep(self.compare)
            self.compare.useProtocol.connect(self._use_protocol)
        self.refresh(force=True)
        _bring_up(self.compare)
        return self.compare

    def _use_protocol(self, protocol_id: str) -> None:
        """The comparison's choice goes on the form as if the nurse picked it there."""
        self._window.prescription.set_protocol(protocol_id)
        self._window.recompute()

    def refresh(self, force: bool = False) -> None:
        """Keep the open tool windows in step with the plan on screen."""
        document = self._window.document
        shown = document.last_plan()  # checklist and reaction plan: from the regimen file
        if self.checklist is not None:
            self.checklist.set_plan(shown, self._window.result.current_day())
        if self.reaction is not None:
            self.reaction.set_plan(shown)
        if self.compare is not None and (force or self.compare.isVisible()):
            request, plan = document.request(), document.plan()
            if request is None or plan is None:
                self.compare.set_options((), None, "No valid plan for the input on screen: "
                                         "nothing to compare.")
            elif plan.protocol is None:
                self.compare.set_options((), None, "Intramuscular injection: no rate "
                                         "protocol to compare.")
            else:
                from planner.plan.protocol_compare import compare_protocols

                self.compare.set_options(compare_protocols(request, document.regimen()),
                                         plan.protocol.protocol_id)

    # -- the independent second check ------------------------------------------------------

    def start_second_check(self) -> SecondCheckDialog | None:
        """Open the blind entry for a second nurse; the first plan is hidden meanwhile."""
        from ui.second_check_dialog import SecondCheckDialog

        window = self._window
        document = window.document
        plan, request = document.plan(), document.request()
        if plan is None or request is None or plan.has_stop:
            window.statusBar().showMessage(
                "Second check: needs a valid plan without STOP on screen", 8000)
            return None
        dialog = SecondCheckDialog(request, plan, document.regimen(), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.recorded.connect(lambda record: document.set_second_check(record, request))
        dialog.finished.connect(self._end_second_check)
        # the first entry is not on screen at all while the second nurse types (a blur or a
        # modal dialog over the window still let weight, dose and warnings be read beside it)
        window.central.setCurrentWidget(window.blind_cover)
        if self.compare is not None:
            self.compare.hide()  # its durations and pump rates are the first plan's too
        self.second_dialog = dialog
        dialog.show()  # window-modal, not blocking: the event loop goes on
        return dialog

    def _end_second_check(self, *_args: object) -> None:
        self._window.central.setCurrentWidget(self._window.main_splitter)
        self.second_dialog = None

    def first_plan_hidden(self) -> bool:
        return self._window.central.currentWidget() is self._window.blind_cover

    def show_guide(self) -> GuideWindow:
        from ui.guide import GuideWindow

        """Help ▸ User guide (F1), for the regimen file in use."""
        regimen = self._window.document.regimen().regimen
        if self.guide is None:
            self.guide = GuideWindow(regimen, self._window)
            _keep(self.guide)
        else:
            self.guide.set_regimen(regimen)
        _bring_up(self.guide)
        return self.guide

    def show_about(self) -> None:
        """Help ▸ About: versions and the data files in use."""
        from ui.about import show_about

        show_about(self._window, self._window.loaded_regimen(),
                   self._settings.qsettings.fileName())

    def _say_second_check(self, record: SecondCheckRecord | None) -> None:
        if record is not None and record.void_reason:
            text, msecs = f"Second check VOID: {record.void_reason}", 15000
        elif record is not None:
            text = f"Second check recorded: {record.checked_by}, {record.checked_at:%H:%M}"
            msecs = 8000
        else:
            text, msecs = "Second check cleared: the input changed after it was done", 10000
        self._window.statusBar().showMessage(text, msecs)
        self._window.status.update_next_step()  # the next step follows the check

    # -- preferences ---------------------------------------------------------------------

    def edit_preferences(self) -> None:
        from ui.preferences import PreferencesDialog

        window = self._window
        dialog = PreferencesDialog(
            self._settings.preferences(), window.loaded_regimen(), self._settings.last_dir(),
            window,
        )
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.apply_preferences(dialog)

    def apply_preferences(self, dialog: PreferencesDialog) -> None:
        from ui.preferences import files_in_use, now_using_text

        """Keep the chosen preferences; a changed regimen or site file takes effect now."""
        window = self._window
        self._settings.set_preferences(dialog.preferences())
        if dialog.loaded is not None and files_in_use(dialog.loaded) != files_in_use(
                window.loaded_regimen()):
            window.set_regimen(dialog.loaded)
            window.notice.show_message(now_using_text(dialog.loaded))
