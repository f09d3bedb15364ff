"""Every real export in ../shared/corpus/incoming loads without flags, with the count its MANIFEST row gives.

Each count is checked twice: the MANIFEST's figure against an independent count written here with
Python's ``csv`` module (what a set is, per app, in a few lines that share no code with the readers),
and the sets liftbalance stores against both. Skipped where the corpus is absent.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.ingest import ingest
from tests.helpers.corpus import CORPUS


def _records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def strong_sets(path: Path) -> int:
    """Data records with a numeric set order (no rest timers, no blank lines)."""
    return sum(1 for r in _records(path)[1:] if len(r) > 4 and r[4].strip().isdigit())


def lyfta_sets(path: Path) -> int:
    return sum(1 for r in _records(path)[1:] if any(v.strip() for v in r))


def gymbook_sets(path: Path) -> int:
    """Rows whose last field (the skipped flag) is not 'Si'/'Sì'."""
    return sum(1 for r in _records(path)[1:] if r and r[-1].strip().lower() not in ("si", "sì"))


def alpha_set_lines(path: Path) -> int:
    """Lines under a '#,LBS,REPS' / '#,KG,REPS' head: a set number, a load and reps."""
    return sum(1 for r in _records(path) if len(r) >= 3 and r[0].strip().isdigit())


def stronglifts_sheet_sets(path: Path) -> int:
    """Non-empty cells under the 'Set N' columns."""
    records = _records(path)
    columns = [i for i, name in enumerate(records[0]) if re.fullmatch(r"Set \d+", name.strip())]
    return sum(1 for r in records[1:] for i in columns if i < len(r) and r[i].strip())


COUNTERS: dict[str, Callable[[Path], int]] = {
    "strong_de_patrickzim.csv": strong_sets,
    "lyfta_std_inesane.csv": lyfta_sets,
    "gymbook_it_gb1609.csv": gymbook_sets,
    "alpha_commalbs_ayushkaushik.csv": alpha_set_lines,
    "stronglifts_sheet_dmy_chrispickford.csv": stronglifts_sheet_sets,
}
# Rows the MANIFEST names as not sets: (reason, how many).
SKIPPED = {"gymbook_it_gb1609.csv": {"marked_skipped_in_app": 644}}
INCOMING = CORPUS / "incoming"


def manifest_counts() -> dict[str, int]:
    """file -> the first number in its MANIFEST row's count column (``4,988 sets (...)`` -> 4988)."""
    counts = {}
    for line in (CORPUS / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].endswith(".csv"):
            found = re.match(r"([\d,]+)", cells[2])
            if found:
                counts[cells[0]] = int(found.group(1).replace(",", ""))
    return counts


def _incoming() -> list[str]:
    return sorted(p.name for p in INCOMING.glob("*.csv")) if INCOMING.is_dir() else []


@pytest.mark.corpus
def test_every_incoming_file_has_a_counter_here(corpus):
    assert _incoming() == sorted(COUNTERS)


@pytest.mark.corpus
@pytest.mark.parametrize("name", _incoming())
def test_incoming_file_loads_without_flags_with_the_manifests_count(con, corpus, name: str):
    path = INCOMING / name
    expected = manifest_counts()[name]
    assert COUNTERS[name](path) == expected
    report = ingest(con, path.open("rb"), name)
    assert report.quarantined == []
    assert report.sets_added == expected
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == expected
    for reason, count in SKIPPED.get(name, {}).items():
        assert report.skipped[reason] == count
    again = ingest(con, path.open("rb"), name)  # a cumulative export uploaded again changes nothing
    assert (again.sets_added, again.sets_updated, again.sets_removed, again.sets_unchanged) == (
        0,
        0,
        0,
        expected,
    )
