"""Typed text that is not a number: the parser names a code, ``number_text`` has the words
(the form and the CLI show them after the field's name)."""

from __future__ import annotations

import pytest

from planner.core.number_text import NumberProblem, NumberRefused, number_words
from planner.core.numbers import parse_decimal

TYPED = {  # one typed text per code, as a nurse might type it
    NumberProblem.REQUIRED: "  ",
    NumberProblem.NOT_FINITE: "nan",
    NumberProblem.FOREIGN_DIGITS: "٧٠",
    NumberProblem.NOT_A_NUMBER: "7_0",
    NumberProblem.TOO_LARGE: "1e999",
    NumberProblem.SEVERAL_SEPARATORS: "1,5.2",
    NumberProblem.THOUSANDS_OR_DECIMAL: "2,500",
}


def test_every_code_has_a_typed_example_here() -> None:
    assert set(TYPED) == set(NumberProblem)


@pytest.mark.parametrize("problem", list(NumberProblem))
def test_each_refused_text_gets_its_codes_own_words_quoting_it(problem: NumberProblem) -> None:
    text = TYPED[problem]
    with pytest.raises(NumberRefused) as refused:
        parse_decimal(text)
    assert refused.value.problem is problem and isinstance(refused.value, ValueError)
    words = str(refused.value)
    assert words == number_words(problem, text.strip(), *_split(problem, text))
    others = {number_words(p, "x") for p in NumberProblem if p is not problem}
    assert number_words(problem, "x") not in others
    if problem is not NumberProblem.REQUIRED:
        assert f"'{text.strip()}'" in words


def _split(problem: NumberProblem, text: str) -> tuple[str, str]:
    if problem is not NumberProblem.THOUSANDS_OR_DECIMAL:
        return "", ""
    whole, _, decimals = text.partition(",")
    return whole, decimals


def test_a_thousands_comma_offers_both_readings() -> None:
    words = number_words(NumberProblem.THOUSANDS_OR_DECIMAL, "2,500", "2", "500")
    assert "write 2500 (thousands) or 2.500" in words
