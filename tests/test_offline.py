"""Offline guarantee: nothing in the engine, CLI, PDF or self-test tries to open a socket."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from planner.cli import main
from planner.self_test import run_engine_self_test


class _NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise _NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_cli_and_pdf_stay_offline(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.pdf"
    code = main(["plan", "--indication", "pemphigus-vulgaris", "--product", "privigen",
                 "--weight", "70", "--json", "--pdf", str(out)])
    capsys.readouterr()
    assert code in (0, 4)  # 4 only while the PDF exporter is absent
    assert no_network == []


def test_self_test_stays_offline(no_network: list[str]) -> None:
    report = run_engine_self_test()
    assert any("plans computed" in line for line in report)
    assert no_network == []
