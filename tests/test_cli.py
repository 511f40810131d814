"""The command line: public flags, JSON fields, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.core.units import lb_to_kg
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_public_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "plan", "--indication", "itp", "--product", "octagam-10", "--weight", "70",
        "--dose-mg-kg", "1000", "--days", "2", "--start", "2026-12-01T08:00", "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert set(data["regimen_file"]) >= {"version", "sha256"}
    for key in ("dosing_weight_kg", "dosing_weight_rule", "prescribed_total_g", "total_g"):
        assert key in data
    day = data["days"][0]
    assert set(day) >= {"day", "dose_g", "vials", "volume_ml", "start", "end", "steps"}
    assert set(day["vials"][0]) >= {"grams", "ml", "count"}
    step = day["steps"][0]
    assert set(step) >= {"start", "end", "rate_ml_h", "rate_mg_kg_min", "volume_ml"}
    assert step["start"] == "2026-12-01T08:00"  # ISO 8601 to the minute
    assert all(set(w) >= {"code", "severity", "message"} for w in data["warnings"])
    assert {w["severity"] for w in data["warnings"]} <= {"info", "caution", "stop"}
    expected = build_plan(
        PlanRequest(patient=Patient(weight_kg=70), indication_id="itp", product_id="octagam-10",
                    dose_mg_kg=1000, days=2, start=datetime(2026, 12, 1, 8, 0))
    )
    assert [s["rate_ml_h"] for s in day["steps"]] == [s.rate_ml_h for s in expected.days[0].steps]


def test_pounds_are_converted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--indication", "pi", "--product", "privigen",
                       "--weight", "154", "--weight-unit", "lb", "--json")
    assert code == 0
    assert json.loads(out)["dosing_weight_kg"] == round(lb_to_kg(154), 1)


def test_defaults_come_from_the_regimen(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--indication", "pemphigus-vulgaris", "--product",
                       "privigen", "--weight", "50", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["days"]) == 5 and data["prescribed_total_g"] == 100
    assert data["days"][0]["start"].endswith("T08:00")  # site default start time


def test_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--indication", "pi", "--product", "privigen",
                       "--weight", "70", "--start", "2026-12-01T08:00")
    assert code == 0 and "336.0 mL/h" in out and "10:00–10:26" in out


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and "kawasaki" in out and "gamunex-c" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--weight", "0"], "weight"),
        (["--weight", "-3"], "weight"),
        (["--weight", "nan"], "weight"),
        (["--weight", "inf"], "weight"),
        (["--weight", "abc"], "weight"),
        (["--weight", "70,500"], "weight"),  # a thousands comma is unclear; 70,5 is 70.5
        (["--weight", "1e9"], "weight"),
        (["--weight", "351"], "weight"),
        (["--weight", "70", "--dose-mg-kg", "900"], "dose"),
        (["--weight", "70", "--days", "2"], "days"),
        (["--weight", "70", "--days", "two"], "days"),
        (["--weight", "70", "--risk", "gout"], "risk"),
        (["--weight", "70", "--start", "01/12/2026 8am"], "start"),
        (["--weight", "70", "--height-cm", "900"], "height"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    code, out, err = run(capsys, "plan", "--indication", "pi", "--product", "privigen", *args)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {field}:") and err.count("\n") == 1


@pytest.mark.parametrize("ids", [("nope", "privigen"), ("pi", "nope")])
def test_unknown_ids_exit_2(capsys: pytest.CaptureFixture[str], ids: tuple[str, str]) -> None:
    code, _, err = run(capsys, "plan", "--indication", ids[0], "--product", ids[1],
                       "--weight", "70")
    assert code == 2 and "unknown id" in err


def test_bad_regimen_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "site.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "plan", "--indication", "pi", "--product", "privigen",
                       "--weight", "70", "--regimen-file", str(bad))
    assert code == 2 and "site.json" in err


def test_stop_warning_refuses_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_pdf = tmp_path / "x.pdf"
    code, _, err = run(capsys, "plan", "--indication", "pi", "--product", "privigen",
                       "--weight", "70", "--risk", "iga-antibodies", "--pdf", str(out_pdf))
    assert code == 3 and "STOP" in err and not out_pdf.exists()


def test_module_entry_point_has_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "--indication", "pi", "--product",
         "privigen", "--weight", "abc"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "weight" in result.stderr
