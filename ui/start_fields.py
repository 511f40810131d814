"""Start date and time fields that Tab like every other field.

A QDateTimeEdit moves between its own parts on Tab, so Tab into Start and typing "0930" went
into the year or month: the date silently became another month. Here Tab always leaves the
field (date → time → next field), and digits typed into the date go to the day of the month
unless the nurse moved to the month or year on purpose (arrow keys or a click).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
DATE_FORMAT = "yyyy-MM-dd (ddd)"
_SECTION_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)


class StartDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(ENGLISH)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self._chosen_section = False  # the nurse moved to a part on purpose

    def _day_index(self) -> int:
        for index in range(self.sectionCount()):
            if self.sectionAt(index) is QDateTimeEdit.Section.DaySection and \
                    self.sectionText(self.sectionAt(index)).isdigit():
                return index
        return 0

    def _select_day(self) -> None:
        """Select the day of the month, so typed digits replace it."""
        self.setCurrentSectionIndex(self._day_index())
        self.setSelectedSection(QDateTimeEdit.Section.DaySection)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._chosen_section = False
        self._select_day()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._chosen_section = True
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _SECTION_KEYS:
            self._chosen_section = True
        elif (event.text().isdigit() and not self._chosen_section
              and self.currentSectionIndex() != self._day_index()):
            self._select_day()
        super().keyPressEvent(event)


class StartTimeEdit(QTimeEdit):
    """24-hour HH:mm; typing 0930 fills both parts, Tab leaves the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(ENGLISH)
        self.setDisplayFormat("HH:mm")

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setSelectedSection(QDateTimeEdit.Section.HourSection)
