"""What ended a day's ramp, as a type, with the words a nurse reads (screen, text and PDF)."""

from __future__ import annotations

from enum import StrEnum


class LimitedBy(StrEnum):
    """The JSON value (``limited_by``) is the token; people read :attr:`words`."""

    PROTOCOL = "protocol"
    LABEL = "label"
    RISK = "risk"
    PUMP = "pump"
    PUMP_MAX = "pump-max"
    FIXED_DURATION = "fixed-duration"
    FIRST_INFUSION = "first-infusion"

    @property
    def words(self) -> str:
        return _WORDS[self]


SET_ASIDE_WORDS = "not for this patient (the plan runs the label)"
"""A comparison row's ``limited_by`` for a site protocol the plan sets aside for this patient."""


def limit_words(value: str) -> str:
    """Words for a ``limited_by`` value as it appears in a comparison row (a token, or already
    a sentence such as why a site protocol was set aside)."""
    try:
        return LimitedBy(value).words
    except ValueError:
        return value


_WORDS = {
    LimitedBy.PROTOCOL: "the protocol's own maximum",
    LimitedBy.LABEL: "the label maximum",
    LimitedBy.RISK: "the risk cap",
    LimitedBy.PUMP: "the site pump-rate cap",
    LimitedBy.PUMP_MAX: "the most the pump delivers (site policy)",
    LimitedBy.FIXED_DURATION: "the fixed infusion time",
    LimitedBy.FIRST_INFUSION: "the site's new-start cap",
}
