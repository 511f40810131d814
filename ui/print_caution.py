"""The caution under a typed field the PDF prints: the characters its fonts cannot print,
said as they are typed, in the words the export refuses with (planner.report.pdf.glyphs).

A caution, not an error: typing, recording and saving go on; only the PDF export refuses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from ui.fields import FieldMessage


def unprintable_words(field: str, text: str | None) -> str | None:
    """What the export would say of ``text`` typed in ``field`` (None: it prints)."""
    if not text:  # nothing typed: the PDF code is not loaded at start-up
        return None
    from planner.report.pdf.glyphs import typed_message  # light; loaded on first use

    return typed_message(field, text)


class PrintCaution(FieldMessage):
    """The words under a field (or a table of them) whose text the schedule prints."""

    def say(self, words: str | None, *about: QWidget) -> None:
        """Show ``words`` (None clears them); each widget in ``about`` (the field typed in)
        gets them as its accessible description, so a screen reader says them at the field."""
        if words is None:
            self.clear_message()
        else:
            self.show_caution(words)
        for widget in about:
            widget.setAccessibleDescription(words or "")


class FieldCaution(PrintCaution):
    """A :class:`PrintCaution` that checks one line edit at every keystroke."""

    def __init__(self, edit: QLineEdit, field: str | Callable[[], str],
                 parent: QWidget | None = None) -> None:
        """``field`` names the field as the export does; a callable when the name depends
        on other fields (the day and time of a bedside event)."""
        super().__init__(parent)
        self._edit = edit
        self._field = field
        edit.textChanged.connect(self.recheck)

    def recheck(self, *_args: object) -> None:
        """Check the field again (also after its text was set with signals blocked, or its
        name changed)."""
        field = self._field() if callable(self._field) else self._field
        self.say(unprintable_words(field, self._edit.text()), self._edit)
