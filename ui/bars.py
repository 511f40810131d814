"""Bars across the top of the plan: nothing here blocks the window the way a dialog would."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from ui.fields import named


class RecoveryBar(QFrame):
    """'Unsaved inputs from <time> were recovered — Restore / Discard'."""

    restore = Signal()
    discard = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("recovery")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#recovery { background: #eaf2fb; border: 1px solid #1f5a96; border-radius: 3px; }"
            " #recovery QLabel { color: #222; }"
        )
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 4, 4)
        self.text = named(QLabel(), "recovery_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = named(QPushButton("&Restore"), "recovery_restore")
        self.discard_button = named(QPushButton("Discard"), "recovery_discard")
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        box.addWidget(self.text, 1)
        box.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addWidget(self.discard_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.show()
