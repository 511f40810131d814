"""What the window shows instead of the first plan during the blind second check."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class BlindCover(QLabel):
    """Covers the whole plan area (form, result, warnings, timeline) whatever the window
    manager does with the second-check dialog."""

    def __init__(self) -> None:
        super().__init__(
            "<h2>Independent second check in progress</h2>"
            "<p>The first plan is hidden while the second nurse enters the prescription; "
            "it comes back when the check is recorded or closed.</p>"
        )
        self.setObjectName("blind_cover")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
