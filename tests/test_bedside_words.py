"""The bedside re-plan hands over codes and values; ``event_text`` words every one of them.

A refused event is named first ('day 1: paused at 09:05'), then why; every note an accepted
event can carry has words, and a new code without words fails at import and here.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from planner.bedside.event_terms import (
    ActionKind,
    EventFieldProblem,
    EventNote,
    EventProblem,
    Note,
)
from planner.bedside.event_text import (
    FIXED_RATE_WORDS,
    EventRefused,
    action_words,
    describe_event,
    event_field_words,
    event_problem_words,
    kind_label,
    note_words,
    ramp_limit_words,
)
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.next_action import Action
from planner.core.errors import PlanInputError
from planner.core.formatting import trim
from planner.plan.limited_by import LimitedBy

AT = datetime(2026, 12, 1, 9, 5)
EVENT = InfusionEvent(day=2, kind=EventKind.PAUSED, time=AT, reason="chills")
PREVIOUS = InfusionEvent(day=2, kind=EventKind.RESUMED, time=AT.replace(minute=0),
                         resume=ResumeRate.TYPED, rate_ml_h=42.5)

SAMPLES: dict[EventProblem, dict[str, object]] = {
    EventProblem.DAY_NOT_IN_COURSE: {"day": 7, "days": 5},
    EventProblem.STRAY_DAY: {"day": 9, "days": 3},
    EventProblem.INJECTION_DAY: {"day": 4},
    EventProblem.DAY_OVER: {"event": EVENT, "previous": PREVIOUS},
    EventProblem.BEFORE_PREVIOUS: {"event": EVENT, "previous": PREVIOUS},
    EventProblem.NOT_STARTED: {"event": EVENT},
    EventProblem.ALREADY_STARTED: {"event": EVENT},
    EventProblem.BAG_EMPTY: {"event": EVENT, "emptied": AT.replace(hour=8, minute=47)},
    EventProblem.PAUSE_NOT_RUNNING: {"event": EVENT},
    EventProblem.NOT_PAUSED: {"event": EVENT},
    EventProblem.CHANGE_WHILE_PAUSED: {"event": EVENT},
    EventProblem.FINISH_NOT_RUNNING: {"event": EVENT},
    EventProblem.FINISH_NOTHING_RAN: {"event": EVENT},
    EventProblem.RATE_ABOVE: {"event": EVENT, "ml_h": 512.34, "ceiling_ml_h": 336.0,
                              "limited_by": LimitedBy.RISK, "fixed_rate": False},
    EventProblem.RATE_BELOW: {"event": EVENT, "ml_h": 0.05},
}
NOTES: dict[EventNote, Note] = {
    EventNote.NOT_STARTED: Note(EventNote.NOT_STARTED),
    EventNote.RAMP_RESTARTS: Note(EventNote.RAMP_RESTARTS),
    EventNote.RAMP_CONTINUES: Note(EventNote.RAMP_CONTINUES),
    EventNote.VOLUME_LEFT: Note(EventNote.VOLUME_LEFT, 23.46),
    EventNote.NOT_GIVEN: Note(EventNote.NOT_GIVEN, 104.04),
}


def test_every_code_has_sample_values_here() -> None:
    assert set(SAMPLES) == set(EventProblem) and set(NOTES) == set(EventNote)


@pytest.mark.parametrize("problem", list(EventProblem))
def test_every_refusal_has_its_own_words_naming_the_event(problem: EventProblem) -> None:
    values = SAMPLES[problem]
    words = event_problem_words(problem, values)
    others = {event_problem_words(p, SAMPLES[p]) for p in EventProblem if p is not problem}
    assert words and words not in others and "{" not in words and "None" not in words
    if "event" in values:
        assert words.startswith("day 2: paused at 09:05")
    else:
        assert str(values["day"]) in words
    if "previous" in values:
        assert PREVIOUS.describe() in words


def test_a_rate_above_the_plan_names_the_limit_and_both_rates() -> None:
    values = dict(SAMPLES[EventProblem.RATE_ABOVE])
    words = event_problem_words(EventProblem.RATE_ABOVE, values)
    assert "512.3 mL/h" in words and "336 mL/h" in words and LimitedBy.RISK.words in words
    values["fixed_rate"] = True
    assert FIXED_RATE_WORDS in event_problem_words(EventProblem.RATE_ABOVE, values)


@pytest.mark.parametrize("limited_by", list(LimitedBy))
def test_a_ramp_limit_is_the_plans_words_unless_the_day_runs_one_fixed_rate(
    limited_by: LimitedBy,
) -> None:
    assert ramp_limit_words(limited_by, fixed_rate=False) == limited_by.words
    assert ramp_limit_words(limited_by, fixed_rate=True) == FIXED_RATE_WORDS


def test_a_refused_event_is_a_plan_input_error_with_field_code_values_and_words() -> None:
    refused = EventRefused("paused", EventProblem.NOT_STARTED, event=EVENT)
    assert isinstance(refused, PlanInputError)
    assert refused.field == "paused" and refused.problem is EventProblem.NOT_STARTED
    assert refused.values == {"event": EVENT}
    assert str(refused) == f"paused: {refused.message}"


@pytest.mark.parametrize("code", list(EventNote))
def test_every_note_has_its_own_words(code: EventNote) -> None:
    words = note_words(NOTES[code])
    assert words and words not in {note_words(n) for c, n in NOTES.items() if c is not code}
    if NOTES[code].ml is not None:
        assert f"{trim(NOTES[code].ml, 1)} mL" in words
    assert note_words(None) == ""


@pytest.mark.parametrize("kind", list(ActionKind))
def test_every_next_action_has_its_own_words(kind: ActionKind) -> None:
    words = action_words(kind, 86.44)
    assert words and words not in {action_words(k, 86.44) for k in ActionKind if k is not kind}
    assert ("86.4 mL/h" in words) is (kind in (ActionKind.START, ActionKind.RATE))
    assert Action(AT, kind, 86.44).describe() == f"09:05 {words}"


EXTRA_FIELDS: dict[EventKind, dict[str, object]] = {  # what each kind is described with
    EventKind.RESUMED: {"resume": ResumeRate.INITIAL},
    EventKind.RATE_CHANGE: {"rate_ml_h": 63.5},
    EventKind.LOT_CHANGE: {"lot": "B77"},
    EventKind.PAUSED: {"reason": "rigors"},
}


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_event_kind_has_its_own_label_and_the_event_is_described_with_it(
    kind: EventKind,
) -> None:
    label = kind_label(kind)
    assert label and label == kind.label
    assert label not in {kind_label(k) for k in EventKind if k is not kind}
    fields = EXTRA_FIELDS.get(kind, {})
    event = InfusionEvent(day=1, kind=kind, time=AT, **fields)  # type: ignore[arg-type]
    text = describe_event(event)
    assert text == event.describe() and text.startswith(f"09:05 {label}")
    for value in fields.values():
        assert (f"{value:g}" if isinstance(value, float) else str(value)) in text


MISFITS: dict[EventFieldProblem, dict[str, object]] = {  # a record whose fields misfit its kind
    EventFieldProblem.TIME_NOT_TO_MINUTE: {"kind": EventKind.STARTED, "time": AT.replace(second=9)},
    EventFieldProblem.NO_REASON: {"kind": EventKind.STARTED, "reason": "x"},
    EventFieldProblem.RESUME_NEEDS_CHOICE: {"kind": EventKind.RESUMED},
    EventFieldProblem.TYPED_RESUME_RATE: {"kind": EventKind.RESUMED, "resume": ResumeRate.TYPED},
    EventFieldProblem.NO_RESUME_CHOICE: {"kind": EventKind.PAUSED, "resume": ResumeRate.INITIAL},
    EventFieldProblem.RATE_CHANGE_NEEDS_RATE: {"kind": EventKind.RATE_CHANGE},
    EventFieldProblem.NO_RATE: {"kind": EventKind.STOPPED, "rate_ml_h": 4.0},
    EventFieldProblem.LOT_CHANGE_NEEDS_LOT: {"kind": EventKind.LOT_CHANGE, "lot": " "},
    EventFieldProblem.NO_LOT: {"kind": EventKind.FINISHED, "lot": "A1"},
}


def test_every_field_problem_has_a_misfit_record_here() -> None:
    assert set(MISFITS) == set(EventFieldProblem)


@pytest.mark.parametrize("problem", list(EventFieldProblem))
def test_a_misfit_record_is_refused_with_its_codes_own_words(problem: EventFieldProblem) -> None:
    fields = {"day": 1, "time": AT, **MISFITS[problem]}
    kind = fields["kind"]
    assert isinstance(kind, EventKind)
    with pytest.raises(ValidationError) as refused:
        InfusionEvent.model_validate(fields)
    words = event_field_words(problem, kind)
    assert refused.value.errors(include_url=False)[0]["msg"] == f"Value error, {words}"
    others = {event_field_words(p, kind) for p in EventFieldProblem if p is not problem}
    assert words not in others and "{" not in words
