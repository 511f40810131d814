"""The paper sizes a schedule is laid out on. The values are the public CLI ``--paper`` words
and the GUI's stored preference; kept apart from the PDF code so choosing a size never loads
reportlab."""

from __future__ import annotations

from enum import StrEnum


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"
