"""Wall-clock times in the workstation's time zone, across daylight-saving changes.

The engine lays a day out in elapsed minutes from its start; a nurse reads the wall clock. In
a zone with a clock change during the infusion every later time moves by the change, and a
start inside the spring-forward gap does not exist at all. ``local_zone`` is the zone of the
workstation (the ``TZ`` variable, else the system's zone file); None where it cannot be
known (then times are plain clock arithmetic, as before).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_UTC = ZoneInfo("UTC")


def local_zone() -> tzinfo | None:
    """The workstation's zone: ``TZ`` (a zone name like Europe/London), else /etc/localtime."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return None
    localtime = Path("/etc/localtime")
    try:
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        return None


def exists(wall: datetime, zone: tzinfo) -> bool:
    """False for a wall-clock time inside a spring-forward gap (02:30 on the change night)."""
    aware = wall.replace(tzinfo=zone)
    back = aware.astimezone(_UTC).astimezone(zone).replace(tzinfo=None)
    return back == wall


def offset(wall: datetime, zone: tzinfo) -> timedelta | None:
    return wall.replace(tzinfo=zone).utcoffset()


def wall_after(start: datetime, elapsed: timedelta, zone: tzinfo) -> datetime:
    """The wall-clock time ``elapsed`` real time after the wall-clock ``start``."""
    real = start.replace(tzinfo=zone).astimezone(_UTC) + elapsed
    return real.astimezone(zone).replace(tzinfo=None)


def elapsed_until(start: datetime, wall: datetime, zone: tzinfo) -> timedelta:
    """Real time from wall-clock ``start`` to wall-clock ``wall`` (inverse of wall_after)."""
    a = start.replace(tzinfo=zone).astimezone(_UTC)
    b = wall.replace(tzinfo=zone).astimezone(_UTC)
    return b - a
