"""Marking a field invalid: red border plus a message in words right under the field.

No dialogs: a bad entry is shown where it was typed, and the rest of the form keeps working.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#b71c1c"
CAUTION_COLOUR = "#a65400"

FIELD_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"],
QDateEdit[invalid="true"], QTimeEdit[invalid="true"] {{
    border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 1px 3px;
}}
QLabel#fieldError {{ color: {ERROR_COLOUR}; }}
QLabel#fieldHint {{ color: palette(placeholder-text); }}
QLabel#fieldCaution {{ color: {CAUTION_COLOUR}; font-weight: bold; }}
QLineEdit:read-only {{ background: palette(window); }}
QScrollArea#result_scroll:focus, QScrollArea#warnings_scroll:focus {{
    border: 2px solid palette(highlight);
}}
"""


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Toggle the red border (a dynamic property the window's style sheet matches)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class FieldMessage(QLabel):
    """The words under a field: a red error, a quiet hint, or nothing (hidden)."""

    def __init__(self, parent: QWidget | None = None, reserve_line: bool = False) -> None:
        """``reserve_line``: keep one line's room when empty, so a message that comes and
        goes as the nurse types (the blank form's hint) does not move the form."""
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._reserve = reserve_line
        if reserve_line:
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
        else:
            self.hide()

    def show_error(self, message: str) -> None:
        self._show("fieldError", f"✖ {message}")

    def show_hint(self, message: str) -> None:
        self._show("fieldHint", message)

    def show_caution(self, message: str) -> None:
        """Not an error, but something to do (a height that changes the dose)."""
        self._show("fieldCaution", f"⚠ {message}")

    def clear_message(self) -> None:
        self.setText("")
        if not self._reserve:
            self.hide()

    def is_error(self) -> bool:
        return not self.isHidden() and bool(self.text()) and self.objectName() == "fieldError"

    def is_shown(self) -> bool:
        """A message is on screen (a reserved empty line is not one)."""
        return not self.isHidden() and bool(self.text())

    def _show(self, name: str, text: str) -> None:
        if self.objectName() != name:
            self.setObjectName(name)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setText(text)
        self.show()


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget an object name (tests and style sheets find it by that) and return it."""
    widget.setObjectName(name)
    return widget
