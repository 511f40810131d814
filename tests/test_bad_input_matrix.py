"""Every bad input of the matrix: exit code 2 and one line naming the field, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bad_inputs import CASES, BadInput, cli_args

from planner.cli.main import main

REFUSED = [c for c in CASES if not any("," in v for v in c.values.values())]
"""A decimal comma ('70,5') is read as the number meant, by the CLI as by the window."""


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_cli_refuses_with_the_field_and_message(
    case: BadInput, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(cli_args(case))
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"error: {case.field}: "), err
    assert case.words in err, err
    assert err.count("\n") == 1


def test_matrix_through_the_real_entry_point_has_no_traceback() -> None:
    for case in REFUSED:
        result = subprocess.run([sys.executable, "-m", "planner", *cli_args(case)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 2, case.name
        assert "Traceback" not in result.stderr and case.field in result.stderr, case.name
