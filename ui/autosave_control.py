"""When the window autosaves, and the offer of a last session's unsaved inputs.

:class:`ui.autosave.AutosaveStore` writes and reads the files; this controller decides when:
a moment after the last edit of the document (debounced), on close, never while the inputs
are safe in a plan file (then the autosave is removed). At start it offers the inputs an
earlier session left in a bar, never a dialog, and never restores them behind the nurse's back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from planner.core.errors import PlanFileError
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import SavedPlan
from ui.autosave import DELAY_MS, AutosaveStore
from ui.bars import RecoveryBar
from ui.crash import guarded
from ui.document import PlanDocument
from ui.event_log import EventLog
from ui.formatting import fmt_datetime
from ui.plan_open import file_error_text

Say = Callable[[str, int], None]
"""A status-bar message for so many milliseconds."""
Notice = Callable[[str, bool], None]
"""A notice-bar message (True: an error)."""


class AutosaveController(QObject):
    def __init__(
        self, document: PlanDocument, events: EventLog, store: AutosaveStore | None,
        recovery: RecoveryBar, say: Say, notice: Notice,
        restore: Callable[[SavedPlan], bool],
    ) -> None:
        """``store`` None: no autosave (tests, screenshots, the self-test). ``restore`` fills
        the form from recovered inputs (False: the nurse kept what is on screen)."""
        super().__init__(document)
        self._document = document
        self._events = events
        self._say = say
        self._notice = notice
        self._restore = restore
        self._recovery = recovery
        self._saved_request: PlanRequest | None = None  # what autosave.json holds now
        self._saved_events: list[dict[str, object]] = []
        self._error = ""
        self._offer: SavedPlan | None = None
        self._claim_error = store.claim() if store is not None else ""
        # never overwrite inputs that could not be moved aside
        self._store = None if self._claim_error else store
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(store.delay_ms if store else DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        document.contentsChanged.connect(self.schedule)
        events.changed.connect(self.schedule)  # a recorded event is work to keep too
        recovery.restore.connect(self.restore_offer)
        recovery.discard.connect(self.discard_offer)

    def store(self) -> AutosaveStore | None:
        return self._store

    def delay_ms(self) -> int:
        return self._timer.interval()

    def is_pending(self) -> bool:
        """An edit is waiting for its autosave (written when the delay has passed)."""
        return self._timer.isActive()

    def schedule(self) -> None:
        if self._store is not None:
            self._timer.start()  # restarts: written a moment after the last edit

    @guarded
    def save_now(self) -> None:
        """Write the inputs to autosave.json if they are not safe in a plan file; remove it
        when they are (saved, or a blank form)."""
        self._timer.stop()
        store = self._store
        if store is None:
            return
        if not self._document.is_modified():
            self.remove()
            return
        request = self._document.request()
        records = self._events.records()
        if request is None or (request == self._saved_request
                               and records == self._saved_events):
            return  # unreadable input keeps the last readable autosave
        try:
            store.save(request, self._document.regimen(), records)
        except PlanFileError as exc:
            message = f"Autosave failed: {exc}"
            if message != self._error:
                self._say(message, 10000)
            self._error = message
            return
        self._error = ""
        self._saved_request = request
        self._saved_events = records

    def remove(self) -> None:
        """The inputs are safe (saved, or a new blank form): no autosave."""
        self._timer.stop()
        if self._store is not None:
            self._store.remove()
        self._saved_request = None

    # -- recovery ---------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """At start: offer the inputs an earlier session left unsaved (a bar, not a dialog)."""
        if self._claim_error:  # the old autosave could not be moved aside: say, keep it
            self._notice(f"Unsaved inputs from the last session could not be recovered: "
                         f"{self._claim_error}. Autosave is off for this session.", True)
            return False
        store = self._store
        if store is None:
            return False
        try:
            saved = store.take_offer()
        except PlanFileError as exc:
            self._notice(f"Unsaved inputs from the last session could not be recovered: "
                         f"{file_error_text(str(exc))}", True)
            return False
        if saved is None:
            return False
        self._offer = saved
        request = saved.request
        when = (fmt_datetime(saved.saved_at.astimezone().replace(tzinfo=None))
                if saved.saved_at is not None else "the last session")
        indication = self._document.regimen().regimen.indication(request.indication_id)
        what = indication.name if indication is not None else request.indication_id
        who = ", ".join(x for x in (request.patient.name, request.patient.mrn and
                                    f"MRN {request.patient.mrn}", what) if x)
        self._recovery.offer(
            f"Unsaved inputs from {when} were recovered ({who}). Restore them, or discard "
            "them?"
        )
        return True

    def restore_offer(self) -> None:
        saved = self._offer
        if saved is None or not self._restore(saved):
            return
        self._offer = None
        self._recovery.hide()
        if self._store is not None:
            self._store.discard_offer()
        self.save_now()  # the restored inputs are now this session's unsaved inputs
        self._say("Unsaved inputs restored: check them, then save", 8000)

    def discard_offer(self) -> None:
        self._offer = None
        self._recovery.hide()
        if self._store is not None:
            self._store.discard_offer()
        self._say("Recovered inputs discarded", 5000)
