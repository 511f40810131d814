"""At the chair: large buttons to record what happened on a course day, and what is next.

Each button records one event at the time shown (now, unless the nurse edits it); the engine
replays the day's events and either refuses the event with its reason (shown in red, nothing
saved) or re-plans the rest of the day, which the panel then shows: infused so far, new end,
the planned-against-actual chart with a now line, and the next action with its time. Nothing
here ever changes a pump: it tells the nurse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QSignalBlocker, QTime, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.bedside.course import Course
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate, at_clock
from planner.bedside.next_action import actions
from planner.bedside.replan import DayStatus, ReplannedDay
from planner.core.errors import PlannerError
from planner.core.formatting import duration, trim
from planner.report.pdf.glyphs import event_field
from ui.day_chart import DayChart
from ui.fields import CAUTION_COLOUR, FIELD_STYLE
from ui.print_caution import FieldCaution, unprintable_words

_BUTTONS = (
    (EventKind.STARTED, "&Started"),
    (EventKind.PAUSED, "&Paused"),
    (EventKind.RESUMED, "&Resumed"),
    (EventKind.RATE_CHANGE, "Rate c&hange"),
    (EventKind.LOT_CHANGE, "New &lot hung"),
    (EventKind.STOPPED, "S&topped"),
    (EventKind.FINISHED, "&Finished"),
)
_ALLOWED = {
    DayStatus.PLANNED: {EventKind.STARTED, EventKind.STOPPED},
    DayStatus.RUNNING: {EventKind.PAUSED, EventKind.RATE_CHANGE, EventKind.LOT_CHANGE,
                        EventKind.STOPPED, EventKind.FINISHED},
    DayStatus.PAUSED: {EventKind.RESUMED, EventKind.LOT_CHANGE, EventKind.STOPPED},
    DayStatus.FINISHED: set(),
    DayStatus.STOPPED: set(),
}


@dataclass
class ChairTarget:
    """Where the panel's course comes from and where a new event list is kept.

    ``persist`` stores the whole event list and returns "" or why it could not be saved.
    """

    name: str
    course: Callable[[], Course | None]
    persist: Callable[[tuple[InfusionEvent, ...]], str]
    key: str = ""  # the plan file's path, or "" for the main window's plan

    @property
    def ident(self) -> str:
        return self.key or self.name


def default_day(course: Course, today: date) -> int:
    """Today's day of the course, else the first day not over, else the last."""
    for day in course.plan.days:
        if day.date == today:
            return day.day
    for replanned in course.replanned():
        if not replanned.status.over:
            return replanned.day.day
    return course.plan.days[-1].day


class ChairPanel(QWidget):
    recorded = Signal(object)  # the InfusionEvent just kept

    def __init__(self, target: ChairTarget, clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._clock = clock or (lambda: datetime.now().replace(second=0, microsecond=0))
        self._course: Course | None = None
        self._time_edited = False
        self._setting_time = False

        self.day = QComboBox()
        self.day.setAccessibleName("Course day")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Event time")
        self.time.timeChanged.connect(self._time_touched)
        self.now_button = QPushButton("&Now")
        self.now_button.clicked.connect(self.reset_time)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("reason, e.g. chills (pause or stop)")
        self.resume_rate = QComboBox()
        for text, value in (("previous rate", ResumeRate.PREVIOUS.value),
                            ("initial rate", ResumeRate.INITIAL.value),
                            ("typed rate (mL/h)", ResumeRate.TYPED.value)):
            self.resume_rate.addItem(text, value)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("mL/h (typed resume or rate change)")
        self.lot = QLineEdit()
        self.lot.setPlaceholderText("new lot number")

        form = QGridLayout()
        form.addWidget(_label("&Day", self.day), 0, 0)
        form.addWidget(self.day, 0, 1)
        form.addWidget(_label("T&ime", self.time), 0, 2)
        time_row = QHBoxLayout()
        time_row.addWidget(self.time)
        time_row.addWidget(self.now_button)
        form.addLayout(time_row, 0, 3)
        form.addWidget(_label("Reas&on", self.reason), 1, 0)
        form.addWidget(self.reason, 1, 1)
        form.addWidget(_label("Resume &at", self.resume_rate), 1, 2)
        form.addWidget(self.resume_rate, 1, 3)
        # what the PDF font cannot print, said as it is typed (the export refuses it)
        self.reason_caution = FieldCaution(self.reason, lambda: self._field("reason"))
        form.addWidget(self.reason_caution, 2, 1, 1, 3)
        form.addWidget(_label("Rate (m&L/h)", self.rate), 3, 0)
        form.addWidget(self.rate, 3, 1)
        form.addWidget(_label("Lot &number", self.lot), 3, 2)
        form.addWidget(self.lot, 3, 3)
        self.lot_caution = FieldCaution(self.lot, lambda: self._field("lot number"))
        form.addWidget(self.lot_caution, 4, 1, 1, 3)
        for signal in (self.time.timeChanged, self.day.currentIndexChanged):
            signal.connect(self._recheck_cautions)  # the field's name has day and time

        self.buttons: dict[EventKind, QPushButton] = {}
        grid = QGridLayout()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        for i, (kind, text) in enumerate(_BUTTONS):
            button = QPushButton(text)
            button.setFont(big)
            button.setMinimumHeight(52)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=kind: self.record(k))
            self.buttons[kind] = button
            grid.addWidget(button, i // 4, i % 4)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("chair_message")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.next_label = QLabel()
        self.next_label.setObjectName("next_action")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.next_label.setFont(font)
        self.chart = DayChart()
        self.events_list = QListWidget()
        self.events_list.setAccessibleName("Recorded events")
        self.events_list.setMaximumHeight(120)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.next_label)
        layout.addWidget(self.status)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.events_list)
        self.day.currentIndexChanged.connect(lambda _i: self.show_day())
        self._timer = QTimer(self)
        self._timer.setInterval(20_000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.refresh()

    # -- state ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the course from the target and show the chosen (or today's) day."""
        try:
            self._course = self.target.course()
        except PlannerError as exc:
            self._course = None
            self._say(str(exc), error=True)
        course = self._course
        chosen = self.day.currentData()
        with QSignalBlocker(self.day):
            self.day.clear()
            if course is not None:
                for d in course.plan.days:
                    self.day.addItem(f"Day {d.day} — {d.date:%a %Y-%m-%d}", d.day)
                wanted = (chosen if chosen is not None
                          else default_day(course, self._clock().date()))
                self.day.setCurrentIndex(max(0, self.day.findData(wanted)))
        self.show_day()

    def current(self) -> ReplannedDay | None:
        course, number = self._course, self.day.currentData()
        if course is None or number is None:
            return None
        try:
            return course.day(int(number), self._clock())
        except PlannerError as exc:
            self._say(str(exc), error=True)
            return None

    def show_day(self) -> None:
        day = self.current()
        now = self._clock()
        if not self._time_edited:
            self.reset_time()
        if day is None:
            self.status.setText("No valid plan: complete the form first." if self._course is None
                                else "")
            self.next_label.setText("")
            self.chart.set_day(None, now)
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        allowed = _ALLOWED[day.status] if day.day.steps else set()
        for kind, button in self.buttons.items():
            button.setEnabled(kind in allowed)
        self.status.setText(status_text(day))
        due = actions(day, now)
        self.next_label.setText(f"Next: {due[0].describe()}" if due else
                                ("Day complete." if day.status.over else ""))
        self.chart.set_day(day, now)
        self.events_list.clear()
        for record in day.events:
            rate = f"{trim(record.rate_ml_h, 1)} mL/h" if record.rate_ml_h is not None else "off"
            self.events_list.addItem(f"{record.text} — {rate}, {trim(record.infused_ml, 1)} mL in"
                                     + (f" — {record.note}" if record.note else ""))

    # -- recording -------------------------------------------------------------------------

    def record(self, kind: EventKind) -> bool:
        """Record ``kind`` at the time shown; refused events are said in red, nothing kept."""
        course, number = self._course, self.day.currentData()
        if course is None or number is None:
            return False
        try:
            event = self._event(kind, course, int(number))
            updated, _ = course.with_event(event)
        except (PlannerError, ValueError) as exc:
            self._say(_one_line(exc), error=True)
            return False
        problem = self.target.persist(updated.events)
        self._course = updated
        self._time_edited = False
        self.reason.clear()
        self.rate.clear()
        self.lot.clear()
        if problem:
            self._say(f"Recorded, but NOT saved to the plan file: {problem}", error=True)
        elif caution := _unprintable(event):  # kept: the field's caution goes with the text
            self._say(f"Recorded: day {event.day} {event.describe()}. ⚠ {caution}",
                      error=False, caution=True)
        else:
            self._say(f"Recorded: day {event.day} {event.describe()}", error=False)
        self.show_day()
        self.recorded.emit(event)
        return True

    def _event(self, kind: EventKind, course: Course, number: int) -> InfusionEvent:
        planned = next(d for d in course.plan.days if d.day == number)
        previous = course.day_events(number)
        typed = self.time.time()
        when = at_clock(planned.start, previous[-1].time if previous else None,
                        typed.hour(), typed.minute())
        fields: dict[str, object] = {"day": number, "kind": kind, "time": when}
        reason = self.reason.text().strip()
        if kind in (EventKind.PAUSED, EventKind.STOPPED) and reason:
            fields["reason"] = reason
        if kind is EventKind.RESUMED:
            choice = ResumeRate(self.resume_rate.currentData())
            fields["resume"] = choice
            if choice is ResumeRate.TYPED:
                fields["rate_ml_h"] = _rate(self.rate.text())
        if kind is EventKind.RATE_CHANGE:
            fields["rate_ml_h"] = _rate(self.rate.text())
        if kind is EventKind.LOT_CHANGE:
            if not self.lot.text().strip():
                raise ValueError("Type the new lot number first.")
            fields["lot"] = self.lot.text().strip()
        return InfusionEvent.model_validate(fields)

    def _field(self, name: str) -> str:
        """``name`` as the export names it: with the day and the event time shown."""
        number = self.day.currentData()
        if number is None:
            return name
        typed = self.time.time()
        return event_field(name, int(number), time(typed.hour(), typed.minute()))

    def _recheck_cautions(self, *_args: object) -> None:
        self.reason_caution.recheck()
        self.lot_caution.recheck()

    # -- time --------------------------------------------------------------------------------

    def reset_time(self) -> None:
        now = self._clock()
        self._setting_time = True
        self.time.setTime(QTime(now.hour, now.minute))
        self._setting_time = False
        self._time_edited = False

    def _time_touched(self) -> None:
        if not self._setting_time:
            self._time_edited = True

    def _tick(self) -> None:
        self.show_day()

    def _say(self, text: str, error: bool, caution: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;" if error else
                                   f"color: {CAUTION_COLOUR}; font-weight: bold;" if caution
                                   else "color: #1b5e20;")


def status_text(day: ReplannedDay) -> str:
    shift = day.end_shift_min
    moved = "" if shift == 0 else f" ({'+' if shift > 0 else '−'}{duration(abs(shift))})"
    left = "not given" if day.status is DayStatus.STOPPED else "remaining"
    return (f"{day.status.value.capitalize()} · infused {trim(day.infused_ml, 1)} mL "
            f"({trim(day.infused_g, 2)} g) · {left} {trim(day.remaining_ml, 1)} mL · planned end "
            f"{day.planned.end:%H:%M} · {'actual' if day.status.over else 'new'} end "
            f"{day.day.end:%H:%M}{moved}"
            + (f" · chair until {day.day.chair.leaves:%H:%M}" if day.day.chair else ""))


def _unprintable(event: InfusionEvent) -> str | None:
    """What the PDF export will refuse in the typed text of ``event`` (None: nothing)."""
    found = (unprintable_words(event_field(name, event.day, event.time), text)
             for name, text in (("reason", event.reason), ("lot number", event.lot)))
    return " ".join(words for words in found if words) or None


def _rate(text: str) -> float:
    cleaned = text.strip().lower().removesuffix("ml/h").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"Type the pump rate in mL/h ('{text}' is not a number).") from None
    if not value > 0 or value != value or value == float("inf"):
        raise ValueError(f"The pump rate must be above 0 mL/h, not '{text}'.")
    return value


def _one_line(exc: Exception) -> str:
    if hasattr(exc, "errors"):  # pydantic: the first problem only
        errors = exc.errors(include_url=False)
        return str(errors[0]["msg"]) if errors else str(exc)
    return str(exc).split("\n")[0]


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class ChairWindow(QDialog):
    """A non-modal window around one :class:`ChairPanel`."""

    def __init__(self, target: ChairTarget, clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(f"At the chair — {target.name}")
        self.setStyleSheet(FIELD_STYLE)  # the fields' cautions, also from the Today window
        self.panel = ChairPanel(target, clock, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(760, 640)
