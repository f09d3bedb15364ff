"""A re-import parses only new and edited workouts, and nobody can tell from the result.

Every test imports the same sequence of files twice: into one store with the incremental path
(workout fingerprints, ``etl.reimport.fingerprint``) and into a fresh store with it turned off. The stored
sets and every report field must be equal; a spy on the reader's ``parse_rows`` shows which rows
were actually parsed.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from datetime import datetime
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.read.readers.hevy
import etl.read.readers.strong
from etl.errors import InputError
from etl.ingest import ingest
from etl.limits import Limits
from etl.read import export_file
from etl.store import database as store
from sample_logs.synthetic import synthetic_export
from schemas.sets import SET_COLUMNS, CanonicalSets
from tests.filebuilders import STRONG_A_HEADER, csv_bytes
from tests.helpers.reimport_twins import both, run, stored_sets

W1 = '2024-03-04 18:02:11,"Legs",1h'
W2 = '2024-03-07 18:00:00,"Push",1h'
W3 = '2024-03-11 18:00:00,"Legs",1h'


def legs(date: str = W1, weight: str = "100") -> list[str]:
    return [f'{date},"Hip Thrust (Barbell)",{i},{weight},10,0,0,,,' for i in (1, 2, 3)]


def push(date: str = W2) -> list[str]:
    return [f'{date},"Bench Press (Barbell)",{i},80,8,0,0,,,' for i in (1, 2)]


class Spy:
    """Records the raw rows (their file lines) each ``parse_rows`` call was given. In ``both`` the full
    path parses once, last; so ``calls[-2]`` is the parse the incremental import kept (before it, an
    optimistic parse of the rows past a known region whose bytes turned out edited: etl.reimport.known_region)."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def wrap(self, parse_rows: Any) -> Any:
        @functools.wraps(parse_rows)
        def spying(raw: pl.DataFrame, *args: Any, **kwargs: Any) -> Any:
            self.calls.append(raw.get_column("_line").to_list())
            return parse_rows(raw, *args, **kwargs)

        return spying

    def lines(self) -> list[int]:
        return [line for call in self.calls for line in call]


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    s = Spy()
    for reader in (etl.read.readers.strong, etl.read.readers.hevy):
        monkeypatch.setattr(reader, "parse_rows", s.wrap(reader.parse_rows))
    return s


def test_same_file_twice_parses_nothing_and_reports_all_unchanged(twin, spy):
    data = csv_bytes(STRONG_A_HEADER, *legs(), *push())
    both(twin, data)
    spy.calls.clear()
    again = both(twin, data)
    fast_calls = spy.calls[0]  # the incremental import runs first in ``both``
    assert fast_calls == []
    assert (again["sets_added"], again["sets_updated"], again["sets_unchanged"], again["sets_removed"]) == (
        0,
        0,
        5,
        0,
    )
    assert again["workouts"] == 2
    assert (again["first_workout"], again["last_workout"]) == ("2024-03-04 18:02:11", "2024-03-07 18:00:00")


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_cumulative_export_with_one_new_week_parses_only_that_week(twin, spy, fmt):
    history = synthetic_export(300, fmt)
    later = synthetic_export(300, fmt, weeks_extra=1)
    new_rows = later.count(b"\n") - history.count(b"\n")
    both(twin, history, "history.csv")
    spy.calls.clear()
    report = both(twin, later, "later.csv")
    assert len(spy.calls[0]) == new_rows  # the incremental import: the new week's rows only
    assert len(spy.calls[1]) == 300 + new_rows  # the full path: everything
    assert report["sets_added"] == new_rows
    assert (report["sets_unchanged"], report["sets_updated"], report["sets_removed"]) == (300, 0, 0)


def test_an_edited_workout_is_reparsed_and_counted_like_the_full_path(twin, spy):
    both(twin, csv_bytes(STRONG_A_HEADER, *legs(), *push(), *legs(W3)))
    edited = [*legs(), push()[0], *legs(W3, weight="105")]  # one push set deleted, W3 heavier
    spy.calls.clear()
    report = both(twin, csv_bytes(STRONG_A_HEADER, *edited))
    assert spy.calls[-2] == [5, 6, 7, 8]  # the push workout and W3, not W1
    assert (
        report["sets_added"],
        report["sets_updated"],
        report["sets_unchanged"],
        report["sets_removed"],
    ) == (0, 3, 4, 1)


@pytest.mark.parametrize(
    ("change", "added", "updated"),
    [
        ({"unit": "lb"}, 0, 5),
        ({"tz": "Europe/Berlin"}, 0, 5),
        ({"athlete": "other"}, 5, 0),
    ],
)
def test_changing_unit_tz_or_athlete_reparses_everything(twin, spy, change, added, updated):
    data = csv_bytes(STRONG_A_HEADER, *legs(), *push())
    both(twin, data)
    both(twin, data)
    spy.calls.clear()
    report = both(twin, data, **change)
    assert spy.calls[0] == [2, 3, 4, 5, 6]
    assert (report["sets_added"], report["sets_updated"]) == (added, updated)


def test_a_bad_row_in_an_unchanged_workout_still_rejects_the_file(twin, spy):
    bad = [*legs(), f'{W2},"Bench Press (Barbell)",1,eighty,8,0,0,,,', push()[1]]
    # Quarantined once: the good sets of the push workout are stored...
    first = both(twin, csv_bytes(STRONG_A_HEADER, *bad), skip_invalid=True)
    assert [q["line"] for q in first["quarantined"]] == [5]
    # ...but that workout is never fingerprinted as clean: the same file without --skip-invalid is refused.
    spy.calls.clear()
    again = both(twin, csv_bytes(STRONG_A_HEADER, *bad))
    assert again == ("rejected", [(5, "Weight", "eighty", "a number (the load)")])
    assert spy.calls[0] == [5, 6]  # W1 was skipped, the push workout parsed
    # A bad row added to a workout that was clean before is found too, with every other one.
    worse = [legs()[0], f'{W1},"Hip Thrust (Barbell)",2,100,ten,0,0,,,', legs()[2], *bad[3:]]
    assert both(twin, csv_bytes(STRONG_A_HEADER, *worse)) == (
        "rejected",
        [(3, "Reps", "ten", "a number of reps"), (5, "Weight", "eighty", "a number (the load)")],
    )


def test_skipped_rows_and_flagged_values_of_skipped_workouts_are_reported(twin, spy):
    rows = [
        *legs(),
        f'{W1},"Hip Thrust (Barbell)",Rest Timer,0,0,0,90,,,',
        f'{W2},"Stair Step-up",1,0,4500,0,0,,,',
        *push(),
    ]
    first = both(twin, csv_bytes(STRONG_A_HEADER, *rows))
    spy.calls.clear()
    again = both(twin, csv_bytes(STRONG_A_HEADER, *legs(W3), *rows))  # a new workout on top: lines shift by 3
    assert again["skipped"] == first["skipped"] == {"rest_timer": 1}
    assert [f["line"] for f in again["flagged"]] == [9]
    assert spy.calls[-2] == [2, 3, 4, 9, 10, 11]  # the new workout and the flagged one, never the clean W1


def test_a_pounds_warning_is_the_whole_files_not_the_new_weeks(twin):
    pounds = [
        f'2024-03-0{d} 18:00:00,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for d in (1, 2)
        for i, w in enumerate((135, 185, 225, 225, 315), start=1)
    ]
    both(twin, csv_bytes(STRONG_A_HEADER, *pounds))
    report = both(
        twin, csv_bytes(STRONG_A_HEADER, *pounds, *legs('2024-03-09 18:00:00,"B",1h', weight="102.5"))
    )
    assert len(report["warnings"]) == 1 and "look like pounds" in report["warnings"][0]


def test_two_spellings_of_one_start_time_take_the_full_path(twin):
    both(twin, csv_bytes(STRONG_A_HEADER, *legs()))
    # The same start written ISO-style: the full path merges both groups into one workout.
    report = both(twin, csv_bytes(STRONG_A_HEADER, *legs(), *legs('2024-03-04T18:02:11,"Legs",1h')))
    assert report["workouts"] == 1


def test_a_full_path_write_forgets_the_fingerprints_of_what_it_wrote(twin):
    fast, _ = twin
    original = csv_bytes(STRONG_A_HEADER, *legs(), *push())
    both(twin, original)
    # The edit goes in without the incremental path (as an older version would have written it)...
    run(fast, csv_bytes(STRONG_A_HEADER, *legs(weight="110"), *push()), "edit.csv", False)
    run(twin[1], csv_bytes(STRONG_A_HEADER, *legs(weight="110"), *push()), "edit.csv", False)
    # ...so the original file's W1 fingerprint no longer vouches for the stored sets: W1 is updated back.
    report = both(twin, original)
    assert (report["sets_updated"], report["sets_unchanged"]) == (3, 2)


def test_the_fingerprint_count_check_catches_sets_deleted_behind_its_back(twin):
    fast, full = twin
    data = csv_bytes(STRONG_A_HEADER, *legs(), *push())
    both(twin, data)
    for c in (fast, full):
        c.execute("DELETE FROM sets WHERE set_pos = 2")
    report = both(twin, data)
    assert report["sets_added"] == 1


def canonical(*rows: tuple[str, int, int, int]) -> pl.DataFrame:
    """Canonical sets from (athlete, day, exercise_pos, set_pos), one per line from 2."""
    base = {
        "source": "strong",
        "upload_id": None,
        "workout_key": "strong|x",
        "tz": "UTC",
        "workout_name": None,
        "workout_duration_s": None,
        "workout_notes": None,
        "exercise_name": "Squat",
        "set_kind": "working",
        "weight_kg": 100.0,
        "reps": 5.0,
        "rpe": None,
        "distance_m": None,
        "duration_s": None,
        "notes": None,
    }
    return pl.DataFrame(
        [
            {
                **base,
                "athlete": a,
                "workout_start": datetime(2024, 1, d, 18),
                "exercise_pos": e,
                "set_pos": p,
                "source_line": line,
            }
            for line, (a, d, e, p) in enumerate(rows, start=2)
        ],
        schema=SET_COLUMNS,
    )


@pytest.mark.parametrize(
    "rows",
    [
        [("a", 1, 0, 0), ("a", 1, 0, 1), ("a", 1, 0, 1)],  # in order: the same set twice in a row
        [("a", 1, 0, 0), ("a", 2, 0, 0), ("a", 1, 0, 0)],  # a workout split in two runs repeats a set
        [("a", 1, 0, 1), ("a", 1, 0, 0), ("a", 1, 0, 1)],  # positions out of order
        [("a", 1, 0, 0), ("b", 1, 0, 0), ("b", 1, 0, 0)],  # two athletes: the whole key is hashed
    ],
)
def test_canonical_sets_reject_a_duplicate_identity_naming_both_rows(rows):
    frame = canonical(*rows)
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        CanonicalSets.validate(frame, lazy=True)
    cases = caught.value.failure_cases
    assert (
        cases.get_column("check").to_list()
        == ["unique set identity (athlete, source, workout_start, exercise_pos, set_pos)"] * 2
    )
    duplicated = frame.filter(
        pl.struct("athlete", "workout_start", "exercise_pos", "set_pos").is_duplicated()
    )
    assert sorted(cases.get_column("index").to_list()) == [
        i
        for i, line in enumerate(frame.get_column("source_line"))
        if line in duplicated.get_column("source_line")
    ]


@pytest.mark.parametrize(
    "rows",
    [
        [("a", 1, 0, 0), ("a", 1, 0, 1), ("a", 1, 1, 0), ("a", 2, 0, 0)],  # workout by workout, rising
        [("a", 2, 0, 0), ("a", 1, 0, 0), ("a", 1, 0, 1)],  # newest first (Hevy)
        [("a", 1, 0, 0), ("a", 2, 0, 0), ("a", 1, 0, 1)],  # a workout in two runs, no repeat: hashed, passes
        [("a", 1, 0, 1), ("a", 1, 0, 0)],  # positions out of order, no repeat
        [("a", 1, 0, 0), ("b", 1, 0, 0)],  # another athlete's same set
    ],
)
def test_canonical_sets_accept_distinct_identities(rows):
    CanonicalSets.validate(canonical(*rows), lazy=True)


# ---- property: random edits of a small export, imported in sequence ------------------------------------------

BASE = synthetic_export(40, "strong")
BASE_ROWS = list(csv.reader(io.StringIO(BASE.decode())))
HEADER, ROWS = BASE_ROWS[0], BASE_ROWS[1:]
COL = {name: i for i, name in enumerate(HEADER)}


def render(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue().encode()


def edit(draw: st.DrawFn, rows: list[list[str]]) -> list[list[str]]:
    """``rows`` after a few random edits, as the next cumulative export could hold them."""
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 4))):
        if not rows:
            break
        kind = draw(
            st.sampled_from(
                ["drop", "alter", "duplicate", "move", "rest", "bad", "fix", "flag", "new", "respell"]
            )
        )
        i = draw(st.integers(0, len(rows) - 1))
        row = list(rows[i])
        if kind == "drop":
            rows.pop(i)
        elif kind == "alter":
            row[COL["Weight"]] = str(draw(st.sampled_from([0, 20, 62.5, 100, 140])))
            row[COL["Reps"]] = str(draw(st.integers(1, 12)))
            rows[i] = row
        elif kind == "duplicate":
            rows.insert(i, row)
        elif kind == "move":  # the set moves to another workout (or stays in its own)
            rows[i][COL["Date"]] = rows[draw(st.integers(0, len(rows) - 1))][COL["Date"]]
        elif kind == "rest":
            row[COL["Set Order"]] = "Rest Timer"
            rows.insert(i, row)
        elif kind == "bad":
            row[COL["Reps"]] = "x"
            rows[i] = row
        elif kind == "fix":
            rows = [
                [*r[: COL["Reps"]], "5", *r[COL["Reps"] + 1 :]] if r[COL["Reps"]] == "x" else r for r in rows
            ]
        elif kind == "flag":
            row[COL["Reps"]] = "2000"
            rows[i] = row
        elif kind == "new":
            row[COL["Date"]] = f"2026-04-{draw(st.integers(1, 9)):02d} 07:00:00"
            rows.append(row)
        elif kind == "respell":  # one row of a workout writes its start ISO-style: the same start time
            row[COL["Date"]] = row[COL["Date"]].replace(" ", "T")
            rows[i] = row
    return rows


@settings(max_examples=30, deadline=None)
@given(st.data(), st.integers(1, 4))
def test_random_edits_give_the_full_paths_sets_and_reports(data, steps):
    """A sequence of cumulative exports, each a random edit of the one before, with or without
    --skip-invalid: both stores end with the same sets and give the same reports (or rejections)."""
    fast, full = store.connect(":memory:"), store.connect(":memory:")
    rows = [list(r) for r in ROWS]
    try:
        for step in range(steps + 1):
            if step:
                rows = edit(data.draw, rows)
            skip_invalid = data.draw(st.booleans()) if step else False
            file = render(rows)
            got = run(fast, file, "s.csv", True, skip_invalid=skip_invalid)
            want = run(full, file, "s.csv", False, skip_invalid=skip_invalid)
            assert got == want
            assert stored_sets(fast) == stored_sets(full)
    finally:
        fast.close()
        full.close()


# ---- known regions: a re-import reads only past the bytes an earlier import read (etl.reimport.known_region) ----------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each CSV read an import makes, in order (the incremental store imports first in ``both``)."""
    heights: list[int] = []
    original = export_file.read_rows

    def counting(*args: Any, **kwargs: Any) -> pl.DataFrame:
        raw = original(*args, **kwargs)
        heights.append(raw.height)
        return raw

    monkeypatch.setattr(export_file, "read_rows", counting)
    return heights


def newest_workout_rows(data: bytes, fmt: str) -> int:
    """How many rows the file's newest workout has (its last rows for Strong, its first for Hevy)."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    column = rows[0].index("Date" if fmt == "strong" else "start_time")
    newest = rows[-1][column] if fmt == "strong" else rows[1][column]
    return sum(1 for r in rows[1:] if r[column] == newest)


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_a_cumulative_export_is_read_only_past_what_the_last_import_read(twin, reads, fmt):
    files = [synthetic_export(300, fmt, weeks_extra=w) for w in (0, 1, 2)]
    both(twin, files[0])
    for before, after in itertools.pairwise(files):
        reads.clear()
        report = both(twin, after)
        new_rows = after.count(b"\n") - before.count(b"\n")
        # The new week and the workout at the new end of the last file (the next export may extend it).
        assert reads == [new_rows + newest_workout_rows(before, fmt), after.count(b"\n") - 1]
        assert (report["sets_added"], report["sets_updated"], report["sets_removed"]) == (new_rows, 0, 0)


def test_an_edit_inside_the_known_region_reads_the_whole_file(twin, reads):
    history = synthetic_export(300, "strong")
    both(twin, history)
    header, oldest, rest = synthetic_export(300, "strong", weeks_extra=1).split(b"\n", 2)
    fields = next(csv.reader([oldest.decode()]))
    reps = header.decode().split(",").index("Reps")
    fields[reps] = str(int(fields[reps]) + 1)  # the oldest set: one more rep
    edited = b"\n".join([header, ",".join(f'"{f}"' for f in fields).encode(), rest])
    reads.clear()
    report = both(twin, edited)
    everything = edited.count(b"\n") - 1
    # The rows past the stored region are read while its bytes are hashed; they differ, so the whole file
    # is read (then the full path reads it).
    assert len(reads) == 3 and reads[0] < everything and reads[1:] == [everything] * 2
    assert report["sets_updated"] == 1


def test_a_new_row_of_a_known_workout_past_the_region_reads_the_whole_file(twin, reads):
    both(twin, csv_bytes(STRONG_A_HEADER, *legs(), *push(), *legs(W3)))
    late_set = f'{W1},"Hip Thrust (Barbell)",4,100,10,0,0,,,'  # W1 (in the region) gets a set at the end
    reads.clear()
    report = both(twin, csv_bytes(STRONG_A_HEADER, *legs(), *push(), *legs(W3), late_set))
    assert reads == [4, 9, 9]  # past the region (W3 and the late set), then everything; the full path once
    assert (report["sets_added"], report["sets_unchanged"]) == (1, 8)


def test_sets_deleted_behind_the_regions_back_read_the_whole_file(twin, reads):
    data = synthetic_export(300, "hevy")
    both(twin, data)
    for con in twin:
        con.execute("DELETE FROM sets WHERE workout_start = (SELECT min(workout_start) FROM sets)")
    reads.clear()
    report = both(twin, synthetic_export(300, "hevy", weeks_extra=1))
    n = synthetic_export(300, "hevy", weeks_extra=1).count(b"\n") - 1
    assert reads[1:] == [n, n]  # the oldest workout is no longer stored unchanged: read everything
    assert report["sets_added"] > 0 and report["sets_removed"] == 0


def test_the_row_limit_counts_the_region_it_did_not_read(twin):
    history, later = synthetic_export(300, "strong"), synthetic_export(300, "strong", weeks_extra=1)
    both(twin, history)
    too_few = Limits(max_rows=later.count(b"\n") - 2)
    errors = []
    for con, incremental in zip(twin, (True, False), strict=True):
        with pytest.raises(InputError) as caught:
            ingest(con, later, "later.csv", tz="UTC", limits=too_few, incremental=incremental)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and "rows" in errors[0]


def test_a_smaller_field_limit_does_not_trust_a_region_read_under_a_larger_one(twin, reads):
    history, later = synthetic_export(300, "strong"), synthetic_export(300, "strong", weeks_extra=1)
    both(twin, history)
    reads.clear()
    both(twin, later, limits=Limits(max_field_bytes=1_000))
    assert reads == [later.count(b"\n") - 1] * 2


def test_a_broken_last_record_past_the_region_names_the_files_own_line(twin):
    history = synthetic_export(300, "strong")
    both(twin, history)
    later = synthetic_export(300, "strong", weeks_extra=1)
    cut = later.rstrip(b"\n").rsplit(b",", 6)[0] + b"\n"  # the last record loses its last fields
    errors = []
    for con, incremental in zip(twin, (True, False), strict=True):
        with pytest.raises(InputError) as caught:
            ingest(con, cut, "later.csv", tz="UTC", incremental=incremental)
        errors.append((str(caught.value), caught.value.line))
    assert errors[0] == errors[1]
    assert errors[0][1] == cut.count(b"\n")


def test_the_pounds_guess_adds_the_regions_stored_loads(twin, reads):
    pounds = [
        f'2024-03-0{d} 18:00:00,"A",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for d in (1, 2, 3, 4, 5)
        for i, w in enumerate((135, 185, 225, 225, 315), start=1)
    ]
    both(twin, csv_bytes(STRONG_A_HEADER, *pounds))
    kilos = [
        f'2024-03-10 18:00:00,"B",1h,"Squat (Barbell)",{i},{w},5,0,0,,,'
        for i, w in enumerate((62.5, 82.5, 102.5, 102.5, 122.5), start=1)
    ]
    reads.clear()
    report = both(twin, csv_bytes(STRONG_A_HEADER, *pounds, *kilos))
    # Only the last pounds workout and the new one were read: alone they look like kilograms (4 of 10
    # loads are multiples of 45), but with the region's stored loads the whole file looks like pounds.
    assert reads[0] == 10
    assert len(report["warnings"]) == 1 and "look like pounds" in report["warnings"][0]


GROWTH = {  # per format: the workout column, a load column and where a new workout goes
    "strong": ("Date", "Weight", "end"),
    "hevy": ("start_time", "weight_kg", "start"),
}


def grow_or_edit(
    draw: st.DrawFn, fmt: str, header: list[str], rows: list[list[str]], day: int
) -> list[list[str]]:
    """The next cumulative export: a new workout at the app's new end, or a small edit anywhere."""
    when, load = (header.index(c) for c in GROWTH[fmt][:2])
    rows = [list(r) for r in rows]
    kind = draw(st.sampled_from(["new", "new", "drop", "alter", "duplicate", "late"]))
    i = draw(st.integers(0, len(rows) - 1))
    if kind == "new":
        start = f"2026-05-{day:02d} 07:00:00" if fmt == "strong" else f"{day} May 2026, 07:00"
        workout = [[*r[:when], start, *r[when + 1 :]] for r in rows[i : i + draw(st.integers(1, 4))]]
        rows = [*rows, *workout] if GROWTH[fmt][2] == "end" else [*workout, *rows]
    elif kind == "drop" and len(rows) > 1:
        rows.pop(i)
    elif kind == "alter":
        rows[i][load] = str(draw(st.sampled_from([0, 20, 62.5, 100])))
    elif kind == "duplicate":
        rows.insert(i, list(rows[i]))
    elif kind == "late":  # a set of some workout written at the new end, apart from its workout
        rows = [*rows, rows[i]] if GROWTH[fmt][2] == "end" else [rows[i], *rows]
    return rows


@settings(max_examples=25, deadline=None)
@given(st.data(), st.sampled_from(["strong", "hevy"]), st.integers(2, 5))
def test_growing_exports_give_the_full_paths_sets_and_reports(data, fmt, steps):
    """Cumulative exports that mostly grow at the app's new end (where known regions apply) and now and
    then change anywhere: the incremental store ends like the full path's, report by report."""
    rows = list(csv.reader(io.StringIO(synthetic_export(40, fmt).decode())))
    header, body = rows[0], rows[1:]
    fast, full = store.connect(":memory:"), store.connect(":memory:")
    try:
        for step in range(steps + 1):
            if step:
                body = grow_or_edit(data.draw, fmt, header, body, day=step)
            out = io.StringIO()
            csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([header, *body])
            file = out.getvalue().encode()
            assert run(fast, file, "f.csv", True) == run(full, file, "f.csv", False)
            assert stored_sets(fast) == stored_sets(full)
    finally:
        fast.close()
        full.close()


def test_every_module_whose_code_invalidates_fingerprints_is_found():
    """A moved or renamed parsing module must not silently drop out of the code digest (after the house
    move, every path resolved one folder too deep and hashed as "missing", so a parser change would have
    kept stale fingerprints)."""
    from etl.reimport import fingerprint

    missing = [name for name in fingerprint._PARSING_MODULES if not (fingerprint._ROOT / name).is_file()]
    assert missing == []
