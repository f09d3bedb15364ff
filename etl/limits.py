"""How big an upload may be, in bytes, rows and single fields: settings with sane defaults.

A ten-year log is a few MB and about 50k sets; these limits sit far above any real export
and far below what would exhaust the machine, so a hostile or broken file is refused with a
clear message instead of eating memory. Each can be raised through the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from etl.errors import LiftbalanceError


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise LiftbalanceError(f"{name}={raw!r} is not a whole number") from exc
    if value <= 0:
        raise LiftbalanceError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int = 256 * 1024 * 1024
    max_rows: int = 5_000_000
    max_field_bytes: int = 100_000

    @classmethod
    def from_env(cls) -> Limits:
        """``LIFTBALANCE_MAX_UPLOAD_MB``, ``LIFTBALANCE_MAX_ROWS``, ``LIFTBALANCE_MAX_FIELD_BYTES`` override."""
        default = cls()
        return cls(
            max_upload_bytes=_env_int("LIFTBALANCE_MAX_UPLOAD_MB", default.max_upload_bytes // 2**20) * 2**20,
            max_rows=_env_int("LIFTBALANCE_MAX_ROWS", default.max_rows),
            max_field_bytes=_env_int("LIFTBALANCE_MAX_FIELD_BYTES", default.max_field_bytes),
        )
