"""What an import reports, the same on every front: the CLI prints it, the upload page shows it, both keep it.

``etl.ingest`` fills it in as the import runs; ``etl.store.uploads`` stores it (as JSON) with the upload.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from etl.errors import BadRow


@dataclass
class ImportReport:
    """One import: the file, what it held (workouts, sets added/updated/unchanged/removed, skips, quarantined
    and flagged values) and what the athlete's store says after it (sources, overlaps, names not counted)."""

    file: str
    format: str
    athlete: str
    sha256: str
    upload_id: int | None
    workouts: int
    sets_added: int
    sets_updated: int
    sets_unchanged: int
    sets_removed: int
    skipped: dict[str, int]
    quarantined: list[BadRow] = field(default_factory=list)
    flagged: list[BadRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: str | None = None
    first_workout: str | None = None
    last_workout: str | None = None
    # The athlete's sources after this import: [{source, first, last, workouts, sets}] (etl.store.sources).
    sources: list[dict[str, Any]] = field(default_factory=list)
    # Workouts of this file that overlap another app's workout of the athlete: which one counts, which not.
    overlaps: list[dict[str, Any]] = field(default_factory=list)
    # Sets of this file read as warm-ups from their loads, under the athlete's setting (etl.analysis.warmups).
    warmups_by_load: int = 0
    # Names in this file that credit no muscle, after the athlete's mappings: [{name, sets}] (etl.analysis.not_counted).
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    # For a unit-less file whose loads settled the unit: which, and why ("read as pounds: loads like ...").
    unit_note: str | None = None
    # The app and shape named for a lifter ("Strong (German)"); ``format`` is the stored id ("strong (A@German)").
    label: str | None = None
    # The weight units the rows read were written in, e.g. ["kg", "lb"] for a mixed file (etl.read.units_seen).
    units: list[str] = field(default_factory=list)

    @property
    def sets_in_file(self) -> int:
        return self.sets_added + self.sets_updated + self.sets_unchanged

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["quarantined"] = [asdict(b) for b in self.quarantined]
        out["flagged"] = [asdict(b) for b in self.flagged]
        return out
