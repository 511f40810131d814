"""Marking a field invalid: red border plus a message in words right under the field.

No dialogs: a bad entry is shown where it was typed, and the rest of the form keeps working.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#b71c1c"

FIELD_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"],
QDateEdit[invalid="true"], QTimeEdit[invalid="true"] {{
    border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 1px 3px;
}}
QLabel#fieldError {{ color: {ERROR_COLOUR}; }}
QLabel#fieldHint {{ color: palette(placeholder-text); }}
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show("fieldError", f"✖ {message}")

    def show_hint(self, message: str) -> None:
        self._show("fieldHint", message)

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def is_error(self) -> bool:
        return not self.isHidden() and self.objectName() == "fieldError"

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
