"""Why typed text is not a number, in the words the form and the CLI show: one entry per
:class:`NumberProblem`; the parser raises :class:`NumberRefused` (a ValueError) with the
code and the text as typed."""

from __future__ import annotations

from enum import StrEnum

from planner.core.wording import require_words


class NumberProblem(StrEnum):
    REQUIRED = "required"
    NOT_FINITE = "not-finite"  # 'nan', 'inf'
    FOREIGN_DIGITS = "foreign-digits"  # digits of another script
    NOT_A_NUMBER = "not-a-number"
    TOO_LARGE = "too-large"
    SEVERAL_SEPARATORS = "several-separators"  # '1,5.2', '1,2,3'
    THOUSANDS_OR_DECIMAL = "thousands-or-decimal"  # '1,000': one thousand, or one?


_WORDS: dict[NumberProblem, str] = {
    NumberProblem.REQUIRED: "required",
    NumberProblem.NOT_FINITE: "'{text}' is not a finite number",
    NumberProblem.FOREIGN_DIGITS: "'{text}' is not a number: use the digits 0–9",
    NumberProblem.NOT_A_NUMBER: "'{text}' is not a number",
    NumberProblem.TOO_LARGE: "'{text}' is too large",
    NumberProblem.SEVERAL_SEPARATORS: "'{text}' is not a number: use one decimal point or comma",
    NumberProblem.THOUSANDS_OR_DECIMAL:
        "'{text}' is unclear: write {whole}{decimals} (thousands) or {whole}.{decimals}",
}

require_words(NumberProblem, _WORDS)


def number_words(problem: NumberProblem, text: str = "", whole: str = "",
                 decimals: str = "") -> str:
    return _WORDS[problem].format(text=text, whole=whole, decimals=decimals)


class NumberRefused(ValueError):
    """Typed text that is not a number a plan can use; ``str()`` is the reason in words."""

    def __init__(self, problem: NumberProblem, text: str = "", whole: str = "",
                 decimals: str = "") -> None:
        super().__init__(number_words(problem, text, whole, decimals))
        self.problem = problem
        self.text = text
