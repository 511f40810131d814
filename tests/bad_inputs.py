"""The bad-input matrix, shared by the engine, CLI and GUI tests.

Each case: CLI-style field values (strings, as typed) and the field plus words its message
must contain. The defaults make a valid Privigen PI plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BadInput:
    name: str
    values: dict[str, str]
    field: str
    words: str  # a fragment the message must contain
    extra: dict[str, str] = field(default_factory=dict)


VALID = {"indication": "pi", "product": "privigen", "weight": "70"}

CASES = [
    BadInput("weight zero", {"weight": "0"}, "weight", "above 0"),
    BadInput("weight negative", {"weight": "-70"}, "weight", "above 0"),
    BadInput("weight NaN", {"weight": "nan"}, "weight", "not a finite number"),
    BadInput("weight inf", {"weight": "inf"}, "weight", "not a finite number"),
    BadInput("weight text", {"weight": "seventy"}, "weight", "not a number"),
    BadInput("weight comma decimal", {"weight": "70,5"}, "weight", "decimal point (70.5)"),
    BadInput("weight 1e9", {"weight": "1e9"}, "weight", "outside 0.5–350 kg"),
    BadInput("weight over 350 kg", {"weight": "351"}, "weight", "outside 0.5–350 kg"),
    BadInput("weight under 0.5 kg", {"weight": "0.4"}, "weight", "outside 0.5–350 kg"),
    BadInput("height too tall", {"height": "400"}, "height", "outside 30–250 cm"),
    BadInput("height too short", {"height": "10"}, "height", "outside 30–250 cm"),
    BadInput("dose above limit", {"dose": "900"}, "dose", "outside 200–800"),
    BadInput("dose below limit", {"dose": "100"}, "dose", "outside 200–800"),
    BadInput("days zero", {"indication": "itp", "days": "0"}, "days", "outside 2–5"),
    BadInput("days above max", {"indication": "itp", "days": "6"}, "days", "outside 2–5"),
    BadInput("unknown indication", {"indication": "gout"}, "indication", "unknown id 'gout'"),
    BadInput("unknown product", {"product": "ivig-x"}, "product", "unknown id 'ivig-x'"),
    BadInput("IM product for an IV regimen", {"product": "gamastan"}, "product",
             "intramuscular product"),
    BadInput("IV product for an IM regimen", {"indication": "measles-pep"}, "product",
             "intravenous product"),
    BadInput("start in a bad format", {"start": "1/12/2026 8am"}, "start",
             "24-hour time like"),
]


def cli_args(case: BadInput) -> list[str]:
    values = {**VALID, **case.values}
    flags = {"indication": "--indication", "product": "--product", "weight": "--weight",
             "height": "--height-cm", "dose": "--dose-mg-kg", "days": "--days",
             "start": "--start"}
    args = ["plan"]
    for key, value in values.items():
        args += [f"{flags[key]}={value}"]
    return args
