"""The bedside command line: plan --save/--ics/--plan and record, with their refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.bedside.course import open_course
from planner.cli.main import main
from planner.regimen.loading import bundled_regimen

PLAN_ARGS = ("plan", "--indication", "itp", "--product", "octagam-10", "--weight", "70",
             "--dose-mg-kg", "1000", "--days", "2", "--start", "2026-12-01T08:00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "course.ivplan"
    code, _, err = run(capsys, *PLAN_ARGS, "--save", str(path))
    assert code == 0, err
    return path


def record(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "record", str(path), *args)


def test_save_writes_the_plan_file_the_app_opens(plan_file: Path) -> None:
    course = open_course(plan_file, bundled_regimen())
    assert course.request.indication_id == "itp" and course.events == ()
    assert json.loads(plan_file.read_text())["format"] == 1  # no events yet: readable by old


def test_record_appends_and_prints_the_replanned_day_as_json(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned = json.loads(run(capsys, *PLAN_ARGS, "--json")[1])["days"][1]
    assert record(capsys, plan_file, "--day", "2", "--started", "08:20")[0] == 0
    code, out, _ = record(capsys, plan_file, "--day", "2", "--paused", "08:50",
                          "--reason", "chills", "--json")
    assert code == 0
    day = json.loads(out)
    assert set(planned) <= set(day)  # the same fields as plan --json, plus:
    assert [(e["time"], e["kind"], e["rate_ml_h"], e["reason"]) for e in day["events"]] == [
        ("2026-12-02T08:20", "started", planned["steps"][0]["rate_ml_h"], None),
        ("2026-12-02T08:50", "paused", None, "chills"),
    ]
    rate0 = planned["steps"][0]["rate_ml_h"]
    first_hold = planned["steps"][0]["duration_min"]
    assert first_hold >= 30
    assert day["infused_ml"] == pytest.approx(round(rate0 * 30 / 60, 2))
    assert day["infused_ml"] + day["remaining_ml"] == pytest.approx(planned["volume_ml"])
    stored = json.loads(plan_file.read_text())
    assert stored["format"] == 2 and [e["kind"] for e in stored["events"]] == ["started", "paused"]


def test_refusals_exit_2_with_one_line_and_leave_the_file(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert record(capsys, plan_file, "--day", "1", "--started", "08:00")[0] == 0
    assert record(capsys, plan_file, "--day", "1", "--paused", "09:00")[0] == 0
    before = plan_file.read_bytes()
    cases = [
        (("--day", "1", "--resumed", "09:10", "--rate", "9999"), "above what this plan allows"),
        (("--day", "1", "--resumed", "08:30"), "before the previous event"),
        (("--day", "1", "--resumed", "9.10"), "not a 24-hour clock time"),
        (("--day", "1", "--resumed", "09:10", "--rate", "fast"), "'fast' is not a number"),
        (("--day", "3", "--started", "08:00"), "day 3 is not in this course"),
        (("--day", "x", "--started", "08:00"), "not a number"),
        (("--day", "1", "--rate-change", "09:10", "50"), "paused"),
        (("--day", "1", "--started", "09:10", "--reason", "late"), "--reason goes with"),
        (("--day", "1", "--lot-change", "09:10", " "), "lot number is empty"),
    ]
    for args, message in cases:
        code, _, err = record(capsys, plan_file, *args)
        assert code == 2, args
        assert message in err, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert plan_file.read_bytes() == before
    stop = ("--day", "1", "--stopped", "09:15", "--reason", "rigors")
    assert record(capsys, plan_file, *stop)[0] == 0
    code, _, err = record(capsys, plan_file, "--day", "1", "--resumed", "09:20")
    assert code == 2 and "day 1 is over" in err


def test_missing_or_newer_plan_file_is_refused(
    tmp_path: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = record(capsys, tmp_path / "none.ivplan", "--day", "1", "--started", "08:00")
    assert code == 2 and "file not found" in err
    data = json.loads(plan_file.read_text())
    data["events"] = [{"format": 7, "day": 1, "kind": "started", "time": "2026-12-01T08:00"}]
    data["format"] = 2
    plan_file.write_text(json.dumps(data))
    before = plan_file.read_bytes()
    code, _, err = record(capsys, plan_file, "--day", "1", "--paused", "09:00")
    assert code == 2 and "newer Infusion Planner" in err and "event format 7" in err
    assert plan_file.read_bytes() == before


def test_plan_from_file_prints_the_course_replanned(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(capsys, plan_file, "--day", "1", "--started", "08:15")
    code, out, _ = run(capsys, "plan", "--plan", str(plan_file), "--json")
    assert code == 0
    data = json.loads(out)
    day1, day2 = data["days"]
    planned = json.loads(run(capsys, *PLAN_ARGS, "--json")[1])["days"]
    assert day1["status"] == "running" and day2["status"] == "planned"
    assert day1["steps"][0]["start"] == "2026-12-01T08:15"
    assert day1["end_shift_min"] == 15
    assert day2["steps"] == planned[1]["steps"]
    assert day1["chair"]["infusion_start"] == "2026-12-01T08:15"


def test_plan_needs_the_request_or_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "--indication", "itp"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--product, --weight" in err and "--plan" in err


def test_ics_has_each_day_and_the_next_due_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "course.ics"
    code, _, err = run(capsys, "plan", "--indication", "pi", "--product", "privigen",
                       "--weight", "70", "--days", "1", "--start", "2026-12-01T08:00",
                       "--ics", str(out), "--name", "Ann Lee")
    assert code == 0, err
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    day, due = events
    site = bundled_regimen().regimen.site_policies
    assert site.chair is not None and site.vitals is not None
    before = site.chair.check_in_min + site.chair.pre_checks_min
    assert day.decoded("dtstart").strftime("%H:%M") == f"{8 - (before + 59) // 60:02d}:" \
        f"{(60 - before % 60) % 60:02d}"
    # Privigen PI 70 kg ends 10:26; observation per the vitals policy after it.
    end = 10 * 60 + 26 + (site.vitals.after_end_min or 0)
    assert day.decoded("dtend").strftime("%H:%M") == f"{end // 60:02d}:{end % 60:02d}"
    assert "Ann Lee" in str(day.get("summary"))
    assert str(due.decoded("dtstart")) == "2026-12-22"  # every 21 days for PI
    assert "Next IVIG course due" in str(due.get("summary"))


def test_ics_to_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *PLAN_ARGS, "--ics", str(tmp_path / "no" / "c.ics"))
    assert code == 4 and "calendar not written" in err and len(err.strip().splitlines()) == 1


def test_plan_from_file_writes_the_pdf_with_the_record(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    record(capsys, plan_file, "--day", "1", "--started", "08:15")
    record(capsys, plan_file, "--day", "1", "--paused", "08:30", "--reason", "headache")
    out = tmp_path / "record.pdf"
    code, _, err = run(capsys, "plan", "--plan", str(plan_file), "--pdf", str(out))
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Actual administration record" in text and "headache: pump paused" in text


def test_recording_under_other_data_files_is_refused(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan_file.read_text())
    data["regimen_file"]["sha256"] = "0" * 64  # saved under another label data file
    plan_file.write_text(json.dumps(data))
    before = plan_file.read_bytes()
    code, _, err = record(capsys, plan_file, "--day", "1", "--started", "08:00")
    assert code == 2 and "not recorded" in err and "RECOMPUTED" in err
    assert len(err.strip().splitlines()) == 1
    assert plan_file.read_bytes() == before
