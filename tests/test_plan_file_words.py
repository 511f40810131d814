"""Plan-file problems are codes with values; ``plan_file_text`` words every one, after the
file's name. A new code without words fails at import and here."""

from __future__ import annotations

import pytest

from planner.core.errors import PlanFileError
from planner.plan.plan_file_text import (
    PlanFileProblem,
    PlanFileRefused,
    plan_file_words,
    request_problems_words,
)

SAMPLES: dict[PlanFileProblem, dict[str, object]] = {
    PlanFileProblem.CANNOT_WRITE_IN: {"folder": "/srv/plans", "why": "Permission denied"},
    PlanFileProblem.CANNOT_WRITE: {"why": "No space left on device"},
    PlanFileProblem.UNREADABLE: {"why": "not valid JSON (line 3, column 7: Expecting value)"},
    PlanFileProblem.EMPTY: {},
    PlanFileProblem.NOT_AN_OBJECT: {},
    PlanFileProblem.NO_FORMAT: {},
    PlanFileProblem.FORMAT_NOT_WHOLE: {"version": "2"},
    PlanFileProblem.NEWER_FORMAT: {"version": 9, "supported": 2},
    PlanFileProblem.UNKNOWN_FORMAT: {"version": -4},
    PlanFileProblem.NO_REGIMEN_FILE: {},
    PlanFileProblem.NOT_TEXT: {"where": "regimen_file.sha256"},
    PlanFileProblem.NO_REQUEST: {},
    PlanFileProblem.WRONG_TYPES: {"why": "request.days: must be a whole number, not true"},
    PlanFileProblem.BAD_START: {"why": "1990-01-01 08:00 is outside 2000-01-01–2099-12-31"},
    PlanFileProblem.BAD_SITE_FILE: {},
    PlanFileProblem.EVENTS_NOT_A_LIST: {},
    PlanFileProblem.NOT_AN_EVENT: {"number": 3},
    PlanFileProblem.EVENT_NOT_A_RECORD: {"number": 3},
    PlanFileProblem.EVENT_FORMAT: {"number": 4},
    PlanFileProblem.NEWER_EVENT_FORMAT: {"number": 5, "version": 7, "supported": 1},
    PlanFileProblem.BAD_EVENT: {"number": 6, "field": "kind", "why": "Input should be 'started'"},
}


def test_every_code_has_sample_values_here() -> None:
    assert set(SAMPLES) == set(PlanFileProblem)


@pytest.mark.parametrize("problem", list(PlanFileProblem))
def test_every_plan_file_problem_has_its_own_words_with_its_values(
    problem: PlanFileProblem,
) -> None:
    values = SAMPLES[problem]
    words = plan_file_words(problem, values)
    others = {plan_file_words(p, SAMPLES[p]) for p in PlanFileProblem if p is not problem}
    assert words and words not in others and "{" not in words and "None" not in words
    for value in values.values():
        shown = str(value).removeprefix("not valid JSON (")
        assert shown in words, (shown, words)


def test_a_refusal_is_a_plan_file_error_named_by_the_file() -> None:
    refused = PlanFileRefused("p.ivplan", PlanFileProblem.NEWER_FORMAT, version=9, supported=2)
    assert isinstance(refused, PlanFileError) and refused.problem is PlanFileProblem.NEWER_FORMAT
    assert str(refused) == "p.ivplan: " + plan_file_words(PlanFileProblem.NEWER_FORMAT,
                                                          {"version": 9, "supported": 2})


def test_the_json_readers_reason_is_said_of_a_plan_file() -> None:
    words = plan_file_words(PlanFileProblem.UNREADABLE,
                            {"why": "not valid JSON (line 1, column 2: x)"})
    assert words == "damaged or not a plan file (JSON error at line 1, column 2: x)"
    assert plan_file_words(PlanFileProblem.UNREADABLE, {"why": "too big for a file"}) == \
        "too big for a plan file"


def test_request_problems_list_three_then_count_the_rest() -> None:
    errors = [{"loc": ("patient", f"f{n}"), "msg": f"bad {n}", "input": n} for n in range(5)]
    lines = request_problems_words("p.ivplan", errors).split("\n")
    assert lines[:3] == [f"p.ivplan: request.patient.f{n}: bad {n} (the file has {n})"
                         for n in range(3)]
    assert lines[3] == "p.ivplan: … and 2 more problems" and len(lines) == 4
