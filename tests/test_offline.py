"""Offline guarantee: nothing in the engine, CLI, PDF or self-test tries to open a socket."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli.main import main
from planner.cli.self_test import run_engine_self_test


def test_cli_and_pdf_stay_offline(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.pdf"
    code = main(["plan", "--indication", "pemphigus-vulgaris", "--product", "privigen",
                 "--weight", "70", "--json", "--pdf", str(out)])
    capsys.readouterr()
    assert code == 0 and out.stat().st_size > 1000
    assert no_network == []


def test_self_test_stays_offline(no_network: list[str]) -> None:
    report = run_engine_self_test()
    assert any("plans computed" in line for line in report)
    assert no_network == []
