"""Shared test setup: Qt offscreen before any Qt import, no network."""

import os
import socket
from collections.abc import Iterator
from typing import ClassVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _NoSocket(socket.socket):
    """socket.socket that refuses to be created: any network use in a test fails loudly."""

    attempts: ClassVar[list[str]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        _NoSocket.attempts.append(repr(args))
        raise AssertionError(f"network access attempted: socket{args!r}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch socket creation, connection and name lookup to fail; returns the attempts."""
    _NoSocket.attempts = []

    def refuse(*args: object, **kwargs: object) -> None:
        _NoSocket.attempts.append(repr(args))
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", _NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return _NoSocket.attempts


@pytest.fixture
def pdf_invariant() -> Iterator[None]:
    """Byte-stable PDFs (no creation date, fixed document id) for the PDF tests."""
    from reportlab import rl_config

    old = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = old
