"""CLI edges: repeated flags, numbers as typed, dates out of range, where a PDF may be written,
flags that do not apply, name and MRN limits. Each class a table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.main import main

BASE = ["plan", "--indication", "pi", "--product", "privigen"]
WEIGHT = ["--weight", "70"]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# --- class: a single-value flag given twice -------------------------------------------
REPEATS = [
    ["--weight", "70", "--weight", "7"],
    [*WEIGHT, "--dose-mg-kg", "400", "--dose-mg-kg", "300"],
    [*WEIGHT, "--start", "2026-12-01T08:00", "--start", "2026-12-02T08:00"],
    [*WEIGHT, "--indication", "itp"],
    [*WEIGHT, "--product", "gamunex-c"],
    [*WEIGHT, "--name", "A", "--name", "B"],
    [*WEIGHT, "--mrn", "1", "--mrn", "2"],
    [*WEIGHT, "--protocol", "label", "--protocol", "label"],
    [*WEIGHT, "--weight-unit", "kg", "--weight-unit", "lb"],
    [*WEIGHT, "--height-cm", "170", "--height-cm", "180"],
    [*WEIGHT, "--pdf", "a.pdf", "--pdf", "b.pdf"],
]


@pytest.mark.parametrize("extra", REPEATS, ids=[" ".join(r[-4:]) for r in REPEATS])
def test_a_repeated_flag_is_refused(extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*BASE, *extra])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    flag = next(a for a in reversed(extra) if a.startswith("--"))
    assert f"{flag} given twice" in err, err


# --- class: numbers: ASCII digits with a decimal point or comma only -------------------
BAD_NUMBERS = ["7_0", "1_000", "٧٠", "７０", "໗໐", "७०", "70.0.1", "0x46", "1e999", "+-70",
               "70,5,1", "1,000", "70.5,1", "nan", "Infinity", "7O", ""]


@pytest.mark.parametrize("text", BAD_NUMBERS)
@pytest.mark.parametrize("flag", ["--weight", "--dose-mg-kg", "--height-cm"])
def test_numbers_other_than_plain_decimals_are_refused(
    text: str, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*BASE, flag, text] if flag == "--weight" else [*BASE, *WEIGHT, flag, text]
    code, out, err = _run(args, capsys)
    field = {"--weight": "weight", "--dose-mg-kg": "dose", "--height-cm": "height"}[flag]
    assert code == 2 and out == "" and err.startswith(f"error: {field}: "), err


@pytest.mark.parametrize(("text", "kg"), [("70,5", 70.5), ("70.5", 70.5), (" 70 ", 70.0),
                                          ("7e1", 70.0), ("64,3", 64.3)])
def test_plain_decimals_and_a_decimal_comma_are_read(
    text: str, kg: float, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*BASE, "--weight", text, "--json"], capsys)
    assert code == 0 and json.loads(out)["actual_weight_kg"] == kg


# --- class: messages show the value as typed ------------------------------------------
TYPED = [(["--weight", "350.0001"], "weight", "350.0001"),
         ([*WEIGHT, "--dose-mg-kg", "800.0001"], "dose", "800.0001"),
         ([*WEIGHT, "--dose-mg-kg", "199.99999"], "dose", "199.99999"),
         (["--weight", "0.49999"], "weight", "0.49999")]


@pytest.mark.parametrize(("extra", "field", "shown"), TYPED, ids=[t[2] for t in TYPED])
def test_refusals_show_the_value_as_typed(
    extra: list[str], field: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run([*BASE, *extra], capsys)
    assert code == 2 and err.startswith(f"error: {field}: {shown} is outside"), err


# --- class: dates out of range ----------------------------------------------------------
STARTS = ["9999-12-31T23:00", "9999-12-31T23:59", "9990-06-01T08:00", "0001-01-01T08:00",
          "1700-01-01T08:00", "1999-12-31T23:59", "2100-01-01T00:00"]


@pytest.mark.parametrize("start", STARTS)
def test_starts_out_of_range_exit_2_naming_start(
    start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run([*BASE, *WEIGHT, "--start", start], capsys)
    assert code == 2 and err.startswith("error: start: "), err


@pytest.mark.parametrize("indication", ["itp", "kawasaki", "measles-pep"])
def test_the_last_plausible_start_plans_every_kind(
    indication: str, capsys: pytest.CaptureFixture[str]
) -> None:
    product = "gamastan" if indication == "measles-pep" else "gamunex-c"
    code, _, err = _run(["plan", "--indication", indication, "--product", product,
                         "--weight", "20", "--start", "2099-12-31T23:30"], capsys)
    assert code == 0, err


# --- class: where a PDF may be written --------------------------------------------------
def _pdf(target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *BASE, *WEIGHT, "--pdf", target],
                          capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null", "/dev/stdout", "/dev/stderr"])
def test_a_pdf_is_never_written_onto_a_device(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(device)
    result = _pdf(device)
    assert result.returncode == 4 and "not a regular file" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_pdf_is_never_written_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    result = _pdf(str(fifo))
    assert result.returncode == 4 and "not a regular file" in result.stderr


@pytest.mark.parametrize("length", [256, 300, 4000])
def test_a_pdf_name_too_long_exits_4_with_the_reason(tmp_path: Path, length: int) -> None:
    result = _pdf(str(tmp_path / ("x" * length + ".pdf")))
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr
    assert "too long" in result.stderr


def test_a_pdf_replaces_a_regular_file_and_cleans_leftover_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.pdf"
    target.write_text("old")
    leftovers = [tmp_path / ".out.pdf.abc123.part", tmp_path / ".out.pdf.zz.part"]
    for path in leftovers:
        path.write_bytes(b"half a pdf")
    other = tmp_path / ".other.pdf.abc.part"
    other.write_bytes(b"not ours")
    code, _, err = _run([*BASE, *WEIGHT, "--pdf", str(target)], capsys)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    assert not any(p.exists() for p in leftovers) and other.exists()


# --- class: flags that do not apply --------------------------------------------------
IM = ["plan", "--indication", "measles-pep", "--product", "gamastan", "--weight", "20"]
NOT_APPLYING = [["--protocol", "label"], ["--lot-change", "1@09:00"], ["--compare-protocols"]]


@pytest.mark.parametrize("extra", NOT_APPLYING, ids=[e[0] for e in NOT_APPLYING])
def test_infusion_flags_for_an_im_regimen_are_refused(
    extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run([*IM, *extra], capsys)
    assert code == 2 and out == "" and extra[0] in err and "does not apply" in err, err


# --- class: name and MRN -------------------------------------------------------------
@pytest.mark.parametrize(("flag", "length", "ok"), [
    ("--name", 60, True), ("--name", 61, False), ("--name", 500, False),
    ("--mrn", 24, True), ("--mrn", 25, False), ("--mrn", 200, False)])
def test_name_and_mrn_have_length_limits(
    flag: str, length: int, ok: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run([*BASE, *WEIGHT, flag, "W" * length, "--json"], capsys)
    if ok:
        assert code == 0, err
    else:
        assert code == 2 and err.startswith(f"error: {flag[2:]}: ") and "characters" in err


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ann\tMarie\x07 Smith", "Ann Marie Smith"), ("Bob\x1b[31m Red", "Bob[31m Red"),
    ("Zoë\u200b\u202e Lee\r\n", "Zoë Lee"), ("\x00\x01", None)])
def test_control_characters_never_reach_the_plan(
    typed: str, kept: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run([*BASE, *WEIGHT, "--name", typed, "--mrn", typed, "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["patient_name"] == kept and data["patient_mrn"] == kept
