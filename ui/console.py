"""Windows: the bundle has no console window, yet ``--version``, ``--self-test`` and ``--help``
must print where they were typed. A windowed program starts with no stdout; attach it to the
console of the command prompt that started it, if there is one (started from Explorer there is
none, and nothing changes)."""

from __future__ import annotations

import sys


def attach_parent_console() -> None:
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if not ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        return
    stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
