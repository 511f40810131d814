"""The plan document: what is on the form and what the engine made of it, without any widget.

Like ``QTextDocument`` for a text editor, :class:`PlanDocument` owns the state and the window
and its panels only show it: the form as typed (:class:`ui.form.FormState`), the request and
plan :func:`planner.plan.engine.build_plan` made of it (and whether that plan still matches
the form), the plan file it belongs to and whether it was changed since, and a second check
recorded for exactly this input. Every change of the form goes through :meth:`edit` (typing)
or :meth:`load` (a new patient, a plan file), so the rules that follow an edit — the plan is
recomputed, lot numbers do not follow a product change, a second check of other input no
longer counts — live here once, testable without a window.

Edits are commands on the document's ``QUndoStack`` (Edit ▸ Undo/Redo): typing into one field
merges into one step, and the lot numbers wiped by a product change come back with the old
product on Undo. Loading another patient starts a new history.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner import __version__
from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import LoadedRegimen
from ui import clock
from ui.crash import report_unexpected
from ui.form import FormErrors, FormState, request_from_form

FIELD_NAMES = {
    "weight": "Weight", "height": "Height", "dose": "Dose", "days": "Days",
    "indication": "Indication", "product": "Product", "start": "Start",
    "protocol": "Protocol", "lots": "Lots (Lots tab)", "lot_changes": "New lot time (Lots tab)",
}


@dataclass(frozen=True)
class Validity:
    """Why the input on the form gives no current plan (all empty when it does)."""

    errors: dict[str, str] = dataclasses.field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    reason: str = ""
    """One line for the stale banner and the status bar."""
    severe: bool = False
    """An internal error or a refusal no field shows: worth the notice bar."""

    @property
    def valid(self) -> bool:
        return not self.errors and not self.reason


def _reason(errors: dict[str, str], missing: frozenset[str], other: str) -> Validity:
    unknown = [f"{k}: {v}" for k, v in errors.items() if k not in FIELD_NAMES]
    parts = [other, *unknown]
    real = [FIELD_NAMES[k] for k in errors if k in FIELD_NAMES and k not in missing]
    if real:
        parts.append("Fix: " + ", ".join(real) + " (marked in red).")
    elif errors:
        parts.append("Still to fill in: " + ", ".join(FIELD_NAMES.get(k, k) for k in errors)
                     + ".")
    reason = " ".join(p for p in parts if p)
    return Validity(dict(errors), missing, reason, bool(reason and (other or unknown)))


def _explain(exc: PlanInputError, state: FormState) -> str:
    """The engine speaks kg and cm; say so when the nurse typed lb or inches."""
    message = exc.message
    if exc.field == "weight" and state.weight_unit == "lb":
        message = f"{state.weight.strip()} lb converted to kg: {message}"
    if exc.field == "height" and state.height_unit == "in":
        message = f"{state.height.strip()} in converted to cm: {message}"
    return message


class PlanDocument(QObject):
    """The form, its plan, its file and its second check; signals say what changed."""

    planChanged = Signal()
    """The last valid plan was replaced or dropped (:meth:`last_plan`)."""
    validityChanged = Signal(bool)
    """Whether the plan matches the form changed, or the reason it does not (:meth:`validity`)."""
    modificationChanged = Signal(bool)
    """The form now differs (True) or no longer differs from what is safe in its file."""
    contentsChanged = Signal()
    """After every change of the form and its recompute, valid or not."""
    stateReplaced = Signal()
    """The form state changed from here, not from the form (undo, redo, the lot wipe): the
    form must show :meth:`state` (and may say what it shows instead with :meth:`adjust`)."""
    lotsCleared = Signal()
    """Lot numbers were removed because the product changed."""
    secondCheckChanged = Signal(object)
    """The recorded second check (a SecondCheckRecord) or None when it no longer holds."""
    fileChanged = Signal()
    """The plan file the form belongs to changed (:meth:`path`)."""

    def __init__(self, loaded: LoadedRegimen, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loaded = loaded
        self._state = FormState()
        self._request: PlanRequest | None = None
        self._plan: Plan | None = None  # the last valid plan (possibly stale)
        self._current = False  # does _plan match the form right now?
        self._validity = Validity()
        self._lots_product: str | None = None  # the product the lot entries belong to
        self._path: Path | None = None
        self._saved: PlanRequest | None = None  # the request safe in the file (or clean)
        self._modified = False
        self._check: tuple[SecondCheckRecord, PlanRequest] | None = None
        self.undo_stack = QUndoStack(self)

    # -- reading ----------------------------------------------------------------------------

    def regimen(self) -> LoadedRegimen:
        return self._loaded

    def state(self) -> FormState:
        return self._state

    def request(self) -> PlanRequest | None:
        """The form as an engine request, when every field can be read."""
        return self._request

    def plan(self) -> Plan | None:
        """The plan for the form as it is now (None while the input is not valid)."""
        return self._plan if self._current else None

    def last_plan(self) -> Plan | None:
        """The last valid plan, shown greyed out while the input is not valid."""
        return self._plan

    def is_current(self) -> bool:
        return self._current

    def is_stale(self) -> bool:
        return self._plan is not None and not self._current

    def validity(self) -> Validity:
        return self._validity

    def path(self) -> Path | None:
        return self._path

    def is_modified(self) -> bool:
        return self._modified

    def is_blank(self) -> bool:
        return not self._state.weight.strip() and self._state.indication_id is None

    def second_check(self) -> SecondCheckRecord | None:
        """The recorded check, only while the input is exactly what was checked."""
        if self._check is None or self._check[1] != self._request:
            return None
        return self._check[0]

    def crash_context(self) -> list[str]:
        """Lines for a crash log: which program and regimen file produced the screen."""
        loaded = self._loaded
        return [
            f"Infusion Planner {__version__}",
            f"Regimen file version {loaded.regimen.version}, SHA-256 {loaded.sha256}, "
            f"{'bundled' if loaded.bundled else loaded.path}",
            f"Plan file: {self._path or 'not saved'}; plan on screen current: "
            f"{self._current}",
        ]

    # -- changing ---------------------------------------------------------------------------

    def load(self, state: FormState) -> None:
        """A new patient or plan (``state`` as the form shows it once filled): the previous
        plan is dropped, never kept greyed out under another patient's inputs."""
        had_plan = self._plan is not None
        self._plan = None
        self._current = False
        self._state = state
        self._lots_product = state.product_id
        self.undo_stack.clear()
        if had_plan:
            self.planChanged.emit()
        self._recompute()

    def edit(self, state: FormState) -> bool:
        """The nurse changed the form: one undoable step, then recompute. Lot numbers belong
        to one product: a product change clears them (in the same step). False: ``state`` is
        what the document already holds (e.g. an indication still being typed)."""
        before = self._state
        wiped = (state.product_id != self._lots_product and self._lots_product is not None
                 and bool(state.lots))
        if wiped:
            state = dataclasses.replace(state, lots=())
        if state == before:
            self._lots_product = state.product_id
            return False
        self.undo_stack.push(FormEdit(self, before, state, wiped))
        return True

    def adjust(self, state: FormState) -> None:
        """While handling :attr:`stateReplaced`: the form shows ``state`` (a panel filled in
        a default), so that is what the plan is made from."""
        self._state = state

    def _apply(self, state: FormState, *, replaced: bool, wiped: bool = False) -> None:
        self._state = state
        self._lots_product = state.product_id
        if replaced:
            self.stateReplaced.emit()
        if wiped:
            self.lotsCleared.emit()
        self._recompute()

    def set_regimen(self, loaded: LoadedRegimen, state: FormState) -> None:
        """Another (already validated) regimen file, with the form as it now reads."""
        self._loaded = loaded
        self._state = state
        self._recompute()

    def recompute(self) -> None:
        self._recompute()

    def set_file(self, path: Path | None, *, saved: bool) -> None:
        """The form now belongs to ``path``; ``saved``: what is on it is safe (no `*`)."""
        self._saved = self._request if saved else None
        if path != self._path:
            self._path = path
            self.fileChanged.emit()
        self._update_modified()

    def set_second_check(self, record: SecondCheckRecord, request: PlanRequest) -> bool:
        """Record a check that found no difference for exactly this input (else refused); a
        saved check found VOID is kept too, so the window and the PDF say it is void."""
        if not (record.matched or record.void_reason) or request != self._request:
            return False
        self._check = (record, request)
        self.secondCheckChanged.emit(record)
        return True

    # -- the engine -------------------------------------------------------------------------

    def _recompute(self) -> None:
        """Form → request → build_plan; on bad input the old plan stays, not current."""
        state = self._state
        self._request = None
        old_validity, old_current = self._validity, self._current
        try:
            self._request = request_from_form(state, self._loaded.regimen)
            plan = build_plan(self._request, self._loaded, today=clock.today())
        except FormErrors as exc:
            self._invalid(_reason(exc.errors, exc.missing, ""))
        except PlanInputError as exc:
            self._invalid(_reason({exc.field: _explain(exc, state)}, frozenset(), ""))
        except Exception as exc:  # an engine bug must not leave a plan that looks current
            report_unexpected(exc, "recompute")
            self._invalid(_reason({}, frozenset(), f"Internal error, no plan: {exc!r}"))
        else:
            self._plan = plan
            self._current = True
            self._validity = Validity()
            self.planChanged.emit()
        forget = self._check is not None and self._check[1] != self._request
        if forget:
            self._check = None
        if (self._current, self._validity) != (old_current, old_validity):
            self.validityChanged.emit(self._current)
        self._update_modified()
        self.contentsChanged.emit()
        if forget:  # last: what is said about it is not overwritten by the recompute's news
            self.secondCheckChanged.emit(None)

    def _invalid(self, validity: Validity) -> None:
        self._current = False
        self._validity = validity

    def _update_modified(self) -> None:
        modified = not self.is_blank() and (self._request is None
                                            or self._request != self._saved)
        if modified != self._modified:
            self._modified = modified
            self.modificationChanged.emit(modified)


UNDO_NAMES = {
    "weight": "weight", "weight_unit": "weight unit", "height": "height",
    "height_unit": "height unit", "sex": "sex", "age_group": "age group",
    "first_infusion": "first infusion", "risks": "risk factors", "name": "name", "mrn": "MRN",
    "age": "age", "product_switch": "product switch", "weeks_since_last": "weeks since last",
    "pregnant": "pregnant",
    "indication_id": "indication", "product_id": "product", "dose": "dose", "days": "days",
    "start": "start", "protocol_id": "protocol", "lots": "lots", "lot_changes": "new lot time",
}
"""What Edit ▸ Undo names for each form field ("Undo weight")."""

_MERGE_ID = 0x1F0  # any constant: QUndoStack merges commands with the same id


def changed_fields(before: FormState, after: FormState) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(FormState)
                 if getattr(before, f.name) != getattr(after, f.name))


class FormEdit(QUndoCommand):
    """One change of the form. Typing on in the same field merges into this step; a product
    change that cleared lot numbers is its own step and Undo brings both back."""

    def __init__(self, document: PlanDocument, before: FormState, after: FormState,
                 wiped: bool) -> None:
        self.fields = changed_fields(before, after)
        if wiped:
            text = "product change (lot numbers cleared)"
        else:
            names = [UNDO_NAMES.get(f, f) for f in self.fields]
            text = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.wiped = wiped
        self._first = True

    def id(self) -> int:
        return -1 if self.wiped or len(self.fields) != 1 else _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FormEdit) or other.fields != self.fields or other.wiped:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed and erased again: no step
        return True

    def redo(self) -> None:
        first, self._first = self._first, False  # the first time, the form already shows it
        self.document._apply(self.after, replaced=not first or self.wiped, wiped=self.wiped)

    def undo(self) -> None:
        self.document._apply(self.before, replaced=True)
