"""The pharmacist's review tools: regimen check, show and diff (CLI and functions)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from planner.cli.main import main
from planner.core.resources import bundled_regimen_path, resource_path

EXAMPLE = resource_path("site-example.json")
BUNDLED: dict[str, Any] = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def site_data(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"format": 1, "kind": "site", "site": "Unit 4", "version": "7"}
    data.update(fields)
    return data


# ---------------------------------------------------------------- check


def test_check_ok_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "regimen", "check", "--site-file", str(EXAMPLE))
    assert code == 0 and not err
    assert len(out.strip().splitlines()) == 1
    assert out.startswith("OK: ") and "site-example.json" in out and "example-1" in out
    code, out, _ = run(capsys, "regimen", "check")
    assert code == 0 and "no site file" in out


def test_check_reports_every_site_file_problem_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path / "unit4.json", site_data(
        products=[{"id": "privigen", "concentration_mg_ml": 50},
                  {"id": "gamunex", "vials_g": [10]},
                  {"id": "panzyga", "vials_g": [7]}],
        protocol_defaults=[{"product": "privigen", "protocol": "fast-track"}],
        site_policies={"pump_cap_ml_h": 150, "vial_rounding": {"tolerance_pct": 5}},
        checklist=[{"id": "a", "text": "x"}],
    ))
    code, out, err = run(capsys, "regimen", "check", "--site-file", str(bad))
    assert code == 2 and not out
    lines = err.strip().splitlines()
    expected = [
        "unit4.json: products[privigen].concentration_mg_ml: ",
        "unit4.json: products[gamunex].id: unknown product id",
        "unit4.json: products[panzyga].vials_g: 7 g is not a Panzyga vial size",
        "unit4.json: protocol_defaults[#1].protocol: unknown protocol id 'fast-track'",
        "unit4.json: site_policies.pump_cap_source: missing",
        "unit4.json: site_policies.vial_rounding.source: ",
        "unit4.json: checklist_source: missing",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert lines[-1] == f"{len(expected)} problem(s) found"
    code, out, _ = run(capsys, "regimen", "check", "--site-file", str(bad), "--json")
    data = json.loads(out)
    assert code == 2 and not data["ok"] and len(data["problems"]) == len(expected)
    assert {"file", "entry", "field", "message"} <= set(data["problems"][0])


def test_check_lists_more_regimen_file_problems_than_the_loader_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = copy.deepcopy(BUNDLED)
    product_ids = [p["id"] for p in broken["products"][:7]]
    for product in broken["products"][:7]:
        product["concentration_mg_ml"] = -1
    path = write(tmp_path / "whole.json", broken)
    code, _, err = run(capsys, "regimen", "check", "--regimen-file", str(path))
    assert code == 2
    for pid in product_ids:
        assert f"whole.json: products[{pid}].concentration_mg_ml: " in err
    code, _, err = run(capsys, "regimen", "check", "--regimen-file", str(path),
                       "--site-file", str(EXAMPLE))
    assert code == 2 and "site-example.json: not checked" in err


def test_check_refuses_unreadable_files_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    for args in (["--site-file", str(tmp_path / "junk.json")],
                 ["--site-file", str(tmp_path / "none.json")],
                 ["--regimen-file", str(tmp_path / "junk.json")]):
        code, _, err = run(capsys, "regimen", "check", *args)
        assert code == 2 and "Traceback" not in err
        assert ("junk.json: not valid JSON" in err) or ("none.json: file not found" in err)


# ---------------------------------------------------------------- diff


def test_diff_of_two_regimen_files_in_committee_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy.deepcopy(BUNDLED)
    new["version"] = "2027.1.1"
    privigen = next(p for p in new["products"] if p["id"] == "privigen")
    next(p for p in privigen["protocols"] if p["indication"] == "pi")["max_rate"] = 6
    privigen["concentration_mg_ml"] = 120
    new["site_protocols"] = [*new["site_protocols"], {**new["site_protocols"][0],
                                                      "id": "orderset-20-100"}]
    new["indications"].reverse()  # order alone is no change
    removed = new["checklist"].pop(0)["id"]
    old_path = write(tmp_path / "old.json", BUNDLED)
    new_path = write(tmp_path / "new.json", new)
    code, out, _ = run(capsys, "regimen", "diff", str(old_path), str(new_path))
    assert code == 1
    lines = [line.strip() for line in out.splitlines()[1:]]
    assert sorted(lines) == sorted([
        f"version {BUNDLED['version']} → 2027.1.1",
        "privigen · pi: max_rate 8 → 6 mg/kg/min",
        "privigen: concentration_mg_ml 100 → 120 mg/mL",
        "site protocol orderset-20-100 added",
        f"checklist item {removed} removed",
    ])
    code, out, _ = run(capsys, "regimen", "diff", str(old_path), str(new_path), "--json")
    data = json.loads(out)
    assert code == 1 and data["kind"] == "regimen" and len(data["changes"]) == 5
    change = next(c for c in data["changes"] if c["field"] == "max_rate")
    assert (change["old"], change["new"], change["where"]) == (8, 6, ["privigen", "pi"])


def test_diff_of_two_site_files_and_of_equal_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    new["version"] = "example-2"
    new["products"][0]["vials_g"] = [20]
    new["products"].append({"id": "gamunex-c"})
    new["site_policies"] = {"pump_cap_ml_h": 150, "pump_cap_source": "Unit policy"}
    old_path, new_path = write(tmp_path / "a.json", old), write(tmp_path / "b.json", new)
    code, out, _ = run(capsys, "regimen", "diff", str(old_path), str(new_path))
    assert code == 1 and out.startswith("site file a.json → b.json")
    assert "privigen: vials_g 10, 20 → 20 g" in out
    assert "stocked product gamunex-c added" in out
    assert "site policies · pump_cap_ml_h added (150 mL/h)" in out
    assert "version example-1 → example-2" in out
    code, out, _ = run(capsys, "regimen", "diff", str(old_path), str(EXAMPLE))
    assert code == 0 and "no changes" in out
    code, _, err = run(capsys, "regimen", "diff", str(old_path), str(bundled_regimen_path()))
    assert code == 2 and "two regimen files or two site files" in err


# ---------------------------------------------------------------- show


def test_show_puts_label_figures_beside_site_choices(
    capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "regimen", "show", "--product", "privigen", "--site-file",
                       str(EXAMPLE), "--json")
    assert code == 0
    view = json.loads(out)
    assert view["site"]["file"] == "site-example.json"
    (product,) = view["products"]
    assert product["stocked"] is True
    assert {v["grams"]: v["stocked"] for v in product["vials"]} == {
        5: False, 10: True, 20: True, 40: False}
    pi = next(i for i in product["indications"] if i["id"] == "pi")
    label = {f["name"]: f for f in pi["label"]}
    assert label["maximum rate"]["value"] == "8 mg/kg/min"
    assert label["maximum rate"]["basis"] == "label" and label["maximum rate"]["source"]
    assert label["first hold"]["basis"] == "site-policy"  # Privigen gives no hold time
    site = {f["name"]: f for f in pi["site"]}
    assert site["default protocol"]["value"].startswith("orderset-30-150")
    assert site["default protocol"]["basis"] == "site-policy"
    code, out, _ = run(capsys, "regimen", "show", "--product", "gamunex-c",
                       "--site-file", str(EXAMPLE))
    assert code == 0 and "NOT STOCKED HERE" in out and "label protocol" in out
    code, _, err = run(capsys, "regimen", "show", "--product", "nope")
    assert code == 2 and "unknown id 'nope'" in err


def test_show_lists_site_protocols_with_whom_they_apply_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = {"id": "ward-20", "name": "Ward ramp 20 mL/h", "unit": "mL/h", "initial_rate": 20,
           "first_hold_min": 15, "interval_min": 15,
           "steps": {"kind": "add", "increment": 20, "basis": "site-policy",
                     "source": "Ward 4 order set 2026"},
           "max_rate": 100, "source": "Ward 4 order set 2026"}
    site = write(tmp_path / "w.json", site_data(site_protocols=[own]))
    code, out, _ = run(capsys, "regimen", "show", "--product", "privigen", "--site-file",
                       str(site), "--json")
    assert code == 0
    protocols = {p["id"]: p for p in json.loads(out)["site_protocols"]}
    assert protocols["ward-20"]["own"] is True
    assert protocols["orderset-30-150"]["own"] is False
    figures = {f["name"]: f for f in protocols["ward-20"]["figures"]}
    assert figures["maximum rate"]["value"] == "100 mL/h"
    assert figures["maximum rate"]["source"] == "Ward 4 order set 2026"
    bundled = {f["name"] for f in protocols["orderset-30-150"]["figures"]}
    assert "applies to" in bundled


def test_check_is_as_strict_as_the_loader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loose = copy.deepcopy(BUNDLED)
    loose["products"][0]["concentration_mg_ml"] = "100"  # text for a number
    loose["products"][1]["verified"] = 1  # a number for yes/no
    path = write(tmp_path / "loose.json", loose)
    code, _, err = run(capsys, "regimen", "check", "--regimen-file", str(path))
    assert code == 2
    first, second = loose["products"][0]["id"], loose["products"][1]["id"]
    assert f"loose.json: products[{first}].concentration_mg_ml: " in err
    assert f"loose.json: products[{second}].verified: " in err
    assert 'not "100"' in err
