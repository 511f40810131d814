"""--self-test from source: passes, prints its report, and opens no socket."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_self_test_passes_from_source() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "ui", "--self-test"], capture_output=True,
                            text=True, check=False, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("valid", "plans computed", "PDF exported", "main window", "PASSED"):
        assert words in result.stdout


def test_self_test_opens_no_socket(no_network: list[str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from ui.self_test import run_self_test

    assert run_self_test() == 0
    assert no_network == []
    assert "SELF-TEST PASSED" in capsys.readouterr().out
