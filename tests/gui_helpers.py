"""Builders shared by the window tests (tests/gui/)."""

from __future__ import annotations

from helpers import START

from planner.plan.patient import Sex
from ui.form import FormState
from ui.main_window import MainWindow

#: A complete ITP prescription; tests change only what they are about.
ITP_FORM: dict[str, object] = {
    "weight": "72", "height": "165", "sex": Sex.FEMALE, "indication_id": "itp",
    "product_id": "privigen", "dose": "400", "days": 5, "start": START,
}


def fill(window: MainWindow, **changes: object) -> None:
    """Load a complete form into the window, with ``changes`` over :data:`ITP_FORM`."""
    window.load_state(FormState(**{**ITP_FORM, **changes}))  # type: ignore[arg-type]
