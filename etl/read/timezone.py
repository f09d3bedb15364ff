"""The IANA zone recorded with every workout: ``--tz`` if given, else this machine's zone.

Apps log local wall-clock time with no offset, so the zone is metadata for later (week
boundaries stay in the lifter's local time as logged); it must still be a real zone name.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tzlocal

from etl.errors import LiftbalanceError


def resolve_tz(tz: str | None) -> str:
    if tz is None:
        try:
            return str(tzlocal.get_localzone_name() or "UTC")
        except Exception:  # a machine with a broken zone setup still gets a valid answer
            return "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        close = sorted(z for z in available_timezones() if tz.lower() in z.lower())[:5]
        hint = f" Did you mean {', '.join(close)}?" if close else " Use an IANA name like Europe/Berlin."
        raise LiftbalanceError(f"unknown time zone {tz!r}.{hint}") from exc
    return tz
