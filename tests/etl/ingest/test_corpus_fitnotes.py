"""The real FitNotes export in ../shared/corpus loads whole: its ~99 rows broken by unquoted commas in
exercise names are re-joined, and every count is checked against Python's csv module independently."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from etl.ingest import ingest

NAME = "fitnotes_bilallb.csv"


def records(path: Path) -> list[tuple[int, list[str]]]:
    """Every data record with the file line it starts on, as Python's csv module splits it."""
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
    out, start = [], 1
    for record in reader:
        if start > 1 and record:
            out.append((start, record))
        start = reader.line_num + 1
    return out


@pytest.fixture
def fitnotes(corpus: Path) -> Path:
    path = corpus / NAME
    if not path.exists():
        pytest.skip(f"{NAME} is not in the corpus folder {corpus}")
    return path


@pytest.mark.corpus
def test_every_row_loads_once_with_the_broken_names_rejoined(con, fitnotes: Path):
    rows = records(fitnotes)
    width = len(fitnotes.read_text(encoding="utf-8-sig").split("\n", 1)[0].split(","))
    broken = {line: fields for line, fields in rows if len(fields) != width}
    # Counted independently of the reader: 99 rows have one field too many (an unquoted comma in the name).
    assert len(broken) == 99
    assert {len(fields) for fields in broken.values()} == {width + 1}

    report = ingest(con, fitnotes.open("rb"), fitnotes.name, tz="UTC")
    assert report.format == "fitnotes (current)"
    assert report.quarantined == []
    assert report.sets_added == len(rows)
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == len(rows)
    assert any(
        w.startswith(f"{fitnotes.name}: {len(broken)} row(s) had an unquoted comma") for w in report.warnings
    )

    stored = dict(con.execute("SELECT source_line, exercise_name FROM sets").fetchall())
    # Each broken row is stored under its own line, its name re-joined from the two fields the comma split.
    for line, fields in broken.items():
        assert stored[line] == f"{fields[1]},{fields[2]}"
    assert stored[13] == "Overhead Press (Each Side, Dumbbells)"
    # ... and its numbers are the ones that line up from the right: Weight, Weight Unit (kgs), Reps.
    numbers = {
        line: (w, r) for line, w, r in con.execute("SELECT source_line, weight_kg, reps FROM sets").fetchall()
    }
    for line, fields in broken.items():
        assert fields[-5] == "kgs"
        assert numbers[line] == ((float(fields[-6]) or None), float(fields[-4])), line


@pytest.mark.corpus
def test_reimport_changes_nothing(con, fitnotes: Path):
    first = ingest(con, fitnotes.open("rb"), fitnotes.name, tz="UTC")
    again = ingest(con, fitnotes.open("rb"), fitnotes.name, tz="UTC")
    assert (again.sets_added, again.sets_updated, again.sets_removed) == (0, 0, 0)
    assert again.sets_unchanged == first.sets_added


@pytest.mark.corpus
def test_workouts_are_dates_at_midnight_in_kilograms(con, fitnotes: Path):
    rows = records(fitnotes)
    report = ingest(con, fitnotes.open("rb"), fitnotes.name, tz="UTC")
    assert report.workouts == len({fields[0] for _, fields in rows})
    assert report.unit == "kg"
    hours = con.execute("SELECT DISTINCT hour(workout_start), minute(workout_start) FROM sets").fetchall()
    assert hours == [(0, 0)]
    assert con.execute("SELECT DISTINCT set_kind FROM sets").fetchall() == [("working",)]
