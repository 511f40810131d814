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
    for words in ("valid", "plans computed", "PDF exported", "main window", "text services",
                  "PASSED"):
        assert words in result.stdout


def test_self_test_opens_no_socket(no_network: list[str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from ui.self_test import run_self_test

    assert run_self_test() == 0
    assert no_network == []
    assert "SELF-TEST PASSED" in capsys.readouterr().out


@pytest.mark.parametrize("broken", ["sort", "upper"])
def test_broken_text_services_fail_the_self_test(
    broken: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ICU data trimmed too far (or missing) shows as a failed self-test, not a quiet pass."""
    from PySide6.QtCore import QCollator, QLocale

    from ui.self_test import run_self_test

    if broken == "sort":
        monkeypatch.setattr(QCollator, "sortKey", lambda self, text: text)  # code-point order
    else:
        monkeypatch.setattr(QLocale, "toUpper", lambda self, text: text)  # no case data
    assert run_self_test() == 1
    assert "text services" in capsys.readouterr().out
