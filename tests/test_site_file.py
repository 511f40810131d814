"""Site file over the label data: site choices applied, label facts refused, stock used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import START, codes, plan_for

from planner.cli.main import main
from planner.core.errors import RegimenFileError
from planner.core.resources import resource_path
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import file_changes, load_plan_file, save_plan_file
from planner.regimen.loading import bundled_regimen
from planner.regimen.overlay import load_in_force

EXAMPLE = resource_path("site-example.json")


def site(tmp_path: Path, name: str = "site.json", **fields: Any) -> Path:
    data: dict[str, Any] = {"format": 1, "kind": "site", "site": "Ward 7", "version": "3"}
    data.update(fields)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(RegimenFileError) as caught:
        load_in_force(None, path)
    return str(caught.value)


def test_site_choices_are_in_force_and_label_facts_kept(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        site_policies={"pump_cap_ml_h": 120, "pump_cap_source": "Ward 7 pump policy 2026"},
        protocol_defaults=[{"product": "gamunex-c", "protocol": "orderset-30-150"}],
        checklist=[{"id": "band", "text": "Patient wristband checked"}],
        checklist_source="Ward 7 checklist",
        reaction_plan={"premedication": ["Paracetamol 1 g PO 30 min before, if ordered"],
                       "source": "Ward 7 reaction plan"},
    )
    loaded = load_in_force(None, path)
    bundled = bundled_regimen().regimen
    assert loaded.regimen.site_policies.pump_cap_ml_h == 120
    assert loaded.regimen.site_policies.vial_rounding == bundled.site_policies.vial_rounding
    assert loaded.regimen.products == bundled.products  # no stock list: label vials
    assert loaded.label_regimen == bundled
    plan = plan_for("pi", "gamunex-c", 90, loaded=loaded)
    assert plan.protocol is not None and plan.protocol.protocol_id == "orderset-30-150"
    assert max(s.rate_ml_h for s in plan.days[0].steps) <= 120
    assert plan.checklist == ("Patient wristband checked",)
    assert plan.reaction_premedication == ("Paracetamol 1 g PO 30 min before, if ordered",)
    assert plan.reaction_steps == bundled.reaction_plan.steps  # type: ignore[union-attr]
    assert plan.site_file is not None and plan.site_file.site == "Ward 7"
    assert plan.site_file.version == "3" and len(plan.site_file.sha256) == 64
    assert plan_for("pi", "gamunex-c", 90).site_file is None


@pytest.mark.parametrize(
    ("fields", "entry", "field"),
    [
        ({"products": [{"id": "privigen", "concentration_mg_ml": 120}]}, "products[privigen]",
         "concentration_mg_ml"),
        ({"products": [{"id": "octagam-10", "vials": [{"grams": 3, "ml": 30}]}]},
         "products[octagam-10]", "vials"),
        ({"products": {"panzyga": {"max_rate": 14}}}, "products[panzyga]", "max_rate"),
        ({"indications": [{"id": "itp", "dose_mg_kg": {"default": 900}}]}, "indications[itp]",
         "dose_mg_kg"),
        ({"products": [{"id": "bivigam", "contraindications": []}]}, "products[bivigam]",
         "contraindications"),
        ({"site_policies": {"concentration_mg_ml": 50}}, "site_policies", "concentration_mg_ml"),
        ({"site_protocols": [{"id": "x", "name": "x", "indication": "pi", "unit": "mL/h",
                              "initial_rate": 10, "steps": {"kind": "add", "increment": 10,
                              "basis": "site-policy", "source": "s"}, "max_rate": 50,
                              "source": "s"}]}, "site_protocols[x]", "indication"),
    ],
)
def test_a_label_fact_is_refused_naming_file_entry_and_field(
    tmp_path: Path, fields: dict[str, Any], entry: str, field: str
) -> None:
    message = refusal(site(tmp_path, "ward7.json", **fields))
    assert f"ward7.json: {entry}.{field}: " in message
    assert "label fact" in message


def test_unknown_product_and_protocol_ids_are_refused(tmp_path: Path) -> None:
    message = refusal(site(
        tmp_path,
        products=[{"id": "privigenn"}],
        protocol_defaults=[{"product": "privigen", "protocol": "orderset-99"},
                           {"product": "gammagard", "protocol": "label"}],
    ))
    assert "site.json: products[privigenn].id: unknown product id 'privigenn'" in message
    assert "site.json: protocol_defaults[#1].protocol: unknown protocol id 'orderset-99'" in message
    assert "site.json: protocol_defaults[#2].product: unknown product id 'gammagard'" in message


def test_a_vial_size_not_on_the_label_is_refused(tmp_path: Path) -> None:
    message = refusal(site(tmp_path, products=[{"id": "privigen", "vials_g": [10, 15]}]))
    assert "products[privigen].vials_g: 15 g is not a Privigen vial size" in message


def test_stocked_vials_change_the_rounding(tmp_path: Path) -> None:
    # 83 kg × 400 mg/kg = 33.2 g; ±10 % window 29.88–36.52 g.
    # Label sizes 5/10/20/40 g: 30 g (3.2 off) or 35 g (1.8 off) → 35 g = 20 + 10 + 5.
    # Stocked 10/20 g only: 30 g is the only total in the window → 20 + 10.
    label = plan_for("pi", "privigen", 83)
    assert label.days[0].dose_g == 35
    assert {v.grams: v.count for v in label.days[0].vials} == {20: 1, 10: 1, 5: 1}
    stocked = load_in_force(None, site(tmp_path, products=[{"id": "privigen",
                                                            "vials_g": [10, 20]}]))
    plan = plan_for("pi", "privigen", 83, loaded=stocked)
    assert plan.days[0].dose_g == 30
    assert {v.grams: v.count for v in plan.days[0].vials} == {20: 1, 10: 1}
    assert plan.concentration_mg_ml == label.concentration_mg_ml


def test_stocked_vials_can_leave_no_whole_vial_total(tmp_path: Path) -> None:
    # 62 kg × 400 mg/kg = 24.8 g: label sizes give 25 g (20 + 5); from 10/20 g no total lies
    # within 22.32–27.28 g, so 24.8 g is drawn from 30 g of opened vials.
    assert plan_for("pi", "privigen", 62).days[0].dose_g == 25
    plan = plan_for("pi", "privigen", 62, loaded=load_in_force(None, EXAMPLE))
    day = plan.days[0]
    assert day.dose_g == pytest.approx(24.8)
    assert sum(v.grams * v.count for v in day.vials) == 30
    assert codes(plan)["VIAL_PARTIAL"] == "caution"


def test_not_stocked_product_is_plannable_with_a_caution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = load_in_force(None, EXAMPLE)
    plan = plan_for("pi", "gamunex-c", 70, loaded=loaded)
    assert codes(plan)["NOT_STOCKED"] == "caution"
    assert "not stocked here" in next(w.message for w in plan.warnings if w.code == "NOT_STOCKED")
    assert {v.grams for v in plan.days[0].vials} <= {1, 2.5, 5, 10, 20, 40}
    assert "NOT_STOCKED" not in codes(plan_for("pi", "privigen", 70, loaded=loaded))
    assert "NOT_STOCKED" not in codes(plan_for("pi", "gamunex-c", 70))
    assert main(["list", "--site-file", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    gamunex = next(line for line in out.splitlines() if line.strip().startswith("gamunex-c"))
    privigen = next(line for line in out.splitlines() if line.strip().startswith("privigen"))
    assert "NOT STOCKED HERE" in gamunex and "NOT STOCKED" not in privigen
    assert "10 g, 20 g" in privigen
    assert main(["list", "--site-file", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    stock = {p["id"]: p["stocked"] for p in data["products"]}
    assert stock["privigen"] and not stock["gamunex-c"]
    assert data["site_file"]["version"] == "example-1"


def test_example_site_file_runs_the_order_set_for_privigen() -> None:
    loaded = load_in_force(None, EXAMPLE)
    # 110 kg: 30 mL/h = 30 × 100 ÷ (60 × 110) = 0.45 mg/kg/min, within Privigen's 0.5 start
    plan = plan_for("itp", "privigen", 110, dose=1000, days=2, loaded=loaded)
    assert plan.protocol is not None and plan.protocol.protocol_id == "orderset-30-150"
    assert plan.days[0].steps[0].rate_ml_h == 30
    assert plan.days[0].steps[1].rate_ml_h == 60
    # 70 kg: 30 mL/h = 0.71 mg/kg/min, above the label start: the label protocol runs
    light = plan_for("itp", "privigen", 70, dose=1000, days=2, loaded=loaded)
    assert light.protocol is not None and light.protocol.protocol_id == "label"
    assert "SITE_PROTOCOL_FAST_START" in {w.code for w in light.warnings}
    assert loaded.regimen.product("privigen").vials == tuple(  # type: ignore[union-attr]
        v for v in bundled_regimen().regimen.product("privigen").vials  # type: ignore[union-attr]
        if v.grams in (10, 20)
    )


def test_cli_plan_records_both_files_and_regimen_file_still_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole.json"
    whole.write_bytes(resource_path("regimens.json").read_bytes())
    args = ["plan", "--indication", "pi", "--product", "privigen", "--weight", "62", "--json"]
    assert main([*args, "--regimen-file", str(whole), "--site-file", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["regimen_file"]["bundled"] is False
    assert data["regimen_file"]["sha256"] == bundled_regimen().sha256
    assert data["site_file"]["file"] == "site-example.json"
    assert set(data["site_file"]) >= {"site", "file", "version", "sha256"}
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["site_file"] is None


def test_cli_refuses_a_bad_site_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = site(tmp_path, products=[{"id": "privigen", "concentration_mg_ml": 50}])
    code = main(["plan", "--indication", "pi", "--product", "privigen", "--weight", "70",
                 "--site-file", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "products[privigen].concentration_mg_ml" in err and "Traceback" not in err
    assert main(["list", "--site-file", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: file not found" in capsys.readouterr().err


def test_a_regimen_file_given_as_site_file_says_so(tmp_path: Path) -> None:
    message = refusal(resource_path("regimens.json"))
    assert "regimens.json: kind: " in message and "--regimen-file" in message


def test_saved_plan_reopened_under_a_changed_site_file(tmp_path: Path) -> None:
    first = site(tmp_path, "ward.json", products=[{"id": "privigen"}])
    loaded = load_in_force(None, first)
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=START)
    saved = load_plan_file(save_plan_file(request, tmp_path / "p.ivplan", loaded))
    assert saved.site_file is not None and saved.site_file.version == "3"
    assert file_changes(saved, loaded) == () and saved.same_files(loaded)

    site(tmp_path, "ward.json", version="4", products=[{"id": "privigen", "vials_g": [10]}])
    changed = load_in_force(None, first)
    notes = file_changes(saved, changed)
    assert len(notes) == 1 and "RECOMPUTED" in notes[0]
    assert "version 3" in notes[0] and "version 4" in notes[0]
    assert not saved.same_files(changed)
    assert file_changes(saved, bundled_regimen())  # site file dropped: also said

    unsited = load_plan_file(save_plan_file(request, tmp_path / "q.ivplan", bundled_regimen()))
    assert unsited.site_file is None and file_changes(unsited, bundled_regimen()) == ()
    assert "no site file" in file_changes(unsited, changed)[0]


def test_pdf_names_label_data_and_site_file_on_every_page() -> None:
    import io

    from pypdf import PdfReader

    from planner.report.pdf.export import render_pdf_bytes

    loaded = load_in_force(None, EXAMPLE)
    plan = plan_for("pi", "privigen", 62, loaded=loaded)
    assert plan.site_file is not None
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf_bytes(plan))).pages]
    for text in pages:
        assert f"Site file {plan.site_file.version}" in text
        assert plan.site_file.sha256[:12] in text and plan.regimen_file.sha256[:12] in text
    assert "site-example.json" in " ".join(pages[-1].split())
    bare = [p.extract_text() for p in PdfReader(io.BytesIO(
        render_pdf_bytes(plan_for("pi", "privigen", 62)))).pages]
    assert "Site file: none" in " ".join(bare[-1].split())


def test_cli_replan_of_a_saved_plan_says_the_site_file_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = site(tmp_path, "ward.json", products=[{"id": "privigen"}])
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=START)
    saved = save_plan_file(request, tmp_path / "p.ivplan", load_in_force(None, first))
    assert main(["plan", "--plan", str(saved), "--site-file", str(first), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["recomputed_because"] == [] and "RECOMPUTED" not in err
    site(tmp_path, "ward.json", version="5", products=[{"id": "privigen", "vials_g": [20]}])
    assert main(["plan", "--plan", str(saved), "--site-file", str(first), "--json"]) == 0
    out, err = capsys.readouterr()
    (note,) = json.loads(out)["recomputed_because"]
    assert "version 3" in note and "version 5" in note and "RECOMPUTED" in err
