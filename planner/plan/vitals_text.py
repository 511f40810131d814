"""Why vital signs are due at a time, in the words the schedule prints (plan, JSON, PDF)."""

from __future__ import annotations

from enum import StrEnum

from planner.core.wording import require_words


class VitalsWhen(StrEnum):
    """The moment of a bag (or injection) a vitals check belongs to."""

    BEFORE_INJECTION = "before-injection"
    AFTER_INJECTION = "after-injection"
    BEFORE_START = "before-start"
    AFTER_START = "after-start"
    RATE_CHANGE = "rate-change"
    AT_FINAL_RATE = "at-final-rate"
    END = "end"
    AFTER_END = "after-end"
    PAUSED = "paused"  # recorded at the chair (bedside re-plan): the pump paused
    RESUMED = "resumed"
    STOPPED = "stopped"


_WORDS = {
    VitalsWhen.BEFORE_INJECTION: "before the injection",
    VitalsWhen.AFTER_INJECTION: "{minutes} min after the injection",
    VitalsWhen.BEFORE_START: "before start",
    VitalsWhen.AFTER_START: "{minutes} min after start",
    VitalsWhen.RATE_CHANGE: "rate change to {ml_h:.1f} mL/h",
    VitalsWhen.AT_FINAL_RATE: "every {minutes} min at {ml_h:.1f} mL/h",
    VitalsWhen.END: "end of infusion",
    VitalsWhen.AFTER_END: "{minutes} min after end",
    VitalsWhen.PAUSED: "paused",
    VitalsWhen.RESUMED: "resumed",
    VitalsWhen.STOPPED: "stopped",
}

require_words(VitalsWhen, _WORDS)


def vitals_reason(
    when: VitalsWhen, minutes: int | None = None, ml_h: float | None = None,
    why: str | None = None,
) -> str:
    """'30 min after start', 'rate change to 84.0 mL/h', 'paused (chills)', ...; ``why`` is the
    nurse's own reason for a pause or stop, shown as typed."""
    words = _WORDS[when].format(minutes=minutes, ml_h=ml_h)
    return f"{words} ({why})" if why else words
