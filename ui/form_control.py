"""The form and the plan document kept in step, both ways.

An edit in a panel goes to the document (:meth:`ui.document.PlanDocument.edit`), which
recomputes; what the document puts back (undo, redo, lots wiped by a product change) is
filled into the panels without counting as another edit. After any change, valid or not, the
fields show their errors and the bars say why no plan matches the input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker

from ui import bedside_hooks
from ui.form import FormState

if TYPE_CHECKING:
    from ui.lots_panel import LotsEditor
    from ui.main_window import MainWindow
    from ui.patient_panel import PatientPanel
    from ui.prescription_panel import PrescriptionPanel

    Panel = PatientPanel | PrescriptionPanel | LotsEditor


class FormController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._panels: tuple[Panel, ...] = (window.patient, window.prescription,
                                           window.result.lots)
        for panel in self._panels:
            panel.changed.connect(self.recompute)
        window.document.contentsChanged.connect(self._after_change)
        window.document.stateReplaced.connect(self._show_state)

    def state(self) -> FormState:
        """The form as the panels show it."""
        window = self._window
        return FormState(**window.patient.values(), **window.prescription.values(),
                         **window.result.lots.values())

    def load(self, state: FormState) -> None:
        """Fill the form (a new patient): the previous plan is dropped, never kept greyed
        out under another patient's inputs."""
        self._fill(state, self._panels)
        self._window.tools.reset_checklist()  # another patient or course: tick again
        self._window.document.load(self.state())

    def _fill(self, state: FormState, panels: tuple[Panel, ...]) -> None:
        """Show ``state`` in ``panels`` without it counting as an edit."""
        for panel in panels:
            with QSignalBlocker(panel):
                panel.load(state)

    def _show_state(self) -> None:
        """The document changed the form (undo, redo, lot wipe): refill the panels that
        differ; if a panel fills in something else (a default), the plan follows the screen."""
        document = self._window.document
        state = document.state()
        self._fill(state, tuple(p for p in self._panels if any(
            getattr(state, key) != value for key, value in p.values().items())))
        shown = self.state()
        if shown != state:
            document.adjust(shown)

    def recompute(self) -> None:
        """Form → document, which recomputes the plan; the panels follow its signals."""
        if not bedside_hooks.may_edit(self._window, self.state()):
            self._show_state()  # a recorded prescription stays as it was
            return
        if not self._window.document.edit(self.state()):
            self._show_errors()  # a field's message quotes the text still being typed

    def _after_change(self) -> None:
        """What follows any recompute, valid or not."""
        window = self._window
        document = window.document
        validity = document.validity()
        self._show_errors()
        if document.is_current():
            window.statusBar().clearMessage()
        else:
            if document.last_plan() is None and validity.severe:
                window.notice.show_message(validity.reason, error=True)
            window.statusBar().showMessage(validity.reason, 8000)
        window.status.update()

    def _show_errors(self) -> None:
        validity = self._window.document.validity()
        window = self._window
        window.patient.show_errors(validity.errors, validity.missing)
        window.prescription.show_errors(validity.errors, validity.missing)
        window.result.lots.show_errors(validity.errors)
