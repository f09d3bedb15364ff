"""The shortcuts taken for speed give exactly what the plain way gives, and fall back when they must.

Issue 6 made ingest and the weekly path faster by skipping work that cannot change the result:
parsing each distinct value once, not sorting workouts that are already grouped, handing DuckDB
row-group chunks, validating a weekly frame with all of pandera's checks in one query. Each test here pins one
shortcut to the slow path's answer on small hand-written inputs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from pandera.errors import SchemaError

from etl.read import parse
from etl.read.canonical import with_positions
from etl.read.csvfile import LINE, read_strings
from etl.store.upsert import ROW_GROUP, in_row_groups
from schemas.fastcheck import passes_every_check
from schemas.weekly import WeeklyBalance, empty_weekly, validate_weekly

BOTH_PATHS = pytest.mark.parametrize("direct_below", [0, 10**9], ids=["distinct values", "row by row"])


@BOTH_PATHS
def test_parse_distinct_matches_row_by_row_parsing_on_runs_and_on_scattered_values(direct_below):
    runs = (
        ["2024-01-01 10:00:00"] * 6 + [None] * 3 + ["2024-01-02 9:00:00 pm"] * 4 + [" 2024-01-03 08:00:00 "]
    )
    scattered = ["2024-01-01 10:00:00", None, "bad", "2024-01-01 10:00:00", "", "2024-01-02 21:00"] * 3
    for values in (runs, scattered, [None, None, "2024-01-01 10:00:00"]):
        raw = pl.DataFrame({"Date": values}, schema={"Date": pl.String})
        out = parse.parse_distinct(
            raw, {"start": ("Date", (parse.iso_seconds, parse.iso_datetime))}, direct_below=direct_below
        )
        expected = raw.select(parse.iso_datetime(pl.col("Date")).alias("start"))
        assert out.get_column("start").to_list() == expected.get_column("start").to_list()


def test_numbers_cast_first_give_what_parsing_every_row_gives():
    """``parse.number`` columns are cast first, and only what the cast leaves is parsed the careful way
    (the distinct-value path: the row-by-row one is ``parse.number`` itself)."""
    direct_below = 0
    values = [
        "100",
        " 12 ",
        "102,5",
        "1,000",
        "1e3",
        "inf",
        "nan",
        "",
        None,
        "abc",
        "-2.5",
        "+4",
        "7.",
        ".5",
        "\t9",
    ]
    raw = pl.DataFrame({"Weight": values * 3}, schema={"Weight": pl.String})
    out = parse.parse_distinct(raw, {"kg": ("Weight", parse.number)}, direct_below=direct_below)
    expected = raw.select(parse.number(pl.col("Weight")).alias("kg"))
    assert out.get_column("kg").to_list() == pytest.approx(expected.get_column("kg").to_list(), nan_ok=True)
    clean = pl.DataFrame({"Weight": ["100", "60"] * 4})  # every value casts: the careful parse never runs
    assert (
        parse.parse_distinct(clean, {"kg": ("Weight", parse.number)}, direct_below=direct_below)
        .get_column("kg")
        .to_list()
        == [100.0, 60.0] * 4
    )


@BOTH_PATHS
def test_parse_distinct_exact_values_and_missing_source_column(direct_below):
    raw = pl.DataFrame({"Weight": ["100", "100", "102,5", None, "1,000", " 60 "]})
    out = parse.parse_distinct(
        raw, {"kg": ("Weight", parse.number), "rpe": ("RPE", parse.number)}, direct_below=direct_below
    )
    assert out.get_column("kg").to_list() == [100.0, 100.0, 102.5, None, None, 60.0]
    assert out.get_column("rpe").to_list() == [None] * 6
    assert out.schema["rpe"] == pl.Float64


def _sets(rows: list[tuple[int, str, str]]) -> pl.DataFrame:
    """(line, workout start, exercise) rows in file order."""
    return pl.DataFrame(
        {
            "_line": [r[0] for r in rows],
            "workout_start": [datetime.fromisoformat(r[1]) for r in rows],
            "exercise_name": [r[2] for r in rows],
            "block_hint": [None] * len(rows),
        },
        schema={
            "_line": pl.Int64,
            "workout_start": pl.Datetime("us"),
            "exercise_name": pl.String,
            "block_hint": pl.Int64,
        },
    )


def test_positions_of_grouped_workouts_newest_first():
    sets = _sets(
        [
            (2, "2024-01-08 10:00", "Squat"),
            (3, "2024-01-08 10:00", "Squat"),
            (4, "2024-01-08 10:00", "RDL"),
            (5, "2024-01-01 10:00", "RDL"),
            (6, "2024-01-01 10:00", "Squat"),
        ]
    )
    out = with_positions(sets)
    assert out.get_column("_line").to_list() == [2, 3, 4, 5, 6]
    assert out.get_column("exercise_pos").to_list() == [0, 0, 1, 0, 1]
    assert out.get_column("set_pos").to_list() == [0, 1, 0, 0, 0]


def test_positions_of_interleaved_workouts_fall_back_to_grouping():
    # Two workouts' rows alternate: each workout's own rows, in line order, decide the positions.
    sets = _sets(
        [
            (2, "2024-01-01 10:00", "Squat"),
            (3, "2024-01-08 10:00", "RDL"),
            (4, "2024-01-01 10:00", "Squat"),
            (5, "2024-01-08 10:00", "Curl"),
            (6, "2024-01-01 10:00", "RDL"),
        ]
    )
    out = with_positions(sets)
    assert out.get_column("_line").to_list() == [2, 3, 4, 5, 6]
    assert out.get_column("exercise_pos").to_list() == [0, 0, 0, 1, 1]
    assert out.get_column("set_pos").to_list() == [0, 0, 1, 0, 0]


def test_row_group_chunks_keep_every_row_in_order():
    frame = pl.DataFrame({"i": range(2 * ROW_GROUP + 5)})
    chunked = in_row_groups(frame)
    assert chunked.n_chunks() == 3
    assert chunked.equals(frame)
    small = pl.DataFrame({"i": [1, 2, 3]})
    assert in_row_groups(small) is small


@pytest.mark.parametrize("note", ["fine", "two\nlines"], ids=["one line per record", "a note spanning lines"])
def test_line_numbers_are_chunked_like_the_columns_read_csv_gave(note):
    """read_csv splits a file into one chunk per parsing thread; the ``_line`` column must be cut the
    same way (a column chunked otherwise makes polars copy every string to align them) and still
    number each record by the file line it starts on."""
    rows = [f'2024-01-01 10:00:00,Legs,Hip Thrust,{i},"{note if i == 1 else ""}"' for i in range(3_000)]
    data = ("Date,Workout Name,Exercise Name,Reps,Notes\n" + "\n".join(rows) + "\n").encode()
    frame = read_strings(data, ",", "t.csv")
    if frame.get_column("Date").n_chunks() == 1:
        pytest.skip("read_csv read this file in one chunk here (one parsing thread): nothing to align")
    lengths = {tuple(frame.get_column(c).chunk_lengths()) for c in frame.columns}
    assert len(lengths) == 1
    spans = note.count("\n")
    assert frame.get_column(LINE).to_list() == [2, 3, *range(4 + spans, 3_000 + 2 + spans)]


def _canonical_rows(n: int, athletes: list[str]) -> pl.DataFrame:
    """``n`` canonical sets (upload 7), one per workout, athletes taking turns."""
    from schemas.sets import SET_COLUMNS

    start = datetime(2020, 1, 1)
    frame = pl.DataFrame(
        {
            "athlete": [athletes[i % len(athletes)] for i in range(n)],
            "workout_start": pl.datetime_range(start, start + timedelta(hours=n - 1), "1h", eager=True),
        }
    ).with_columns(
        pl.lit("strong").alias("source"),
        pl.lit(7).alias("upload_id"),
        pl.lit("UTC").alias("tz"),
        ("strong|" + pl.col("workout_start").dt.strftime("%Y-%m-%dT%H:%M:%S")).alias("workout_key"),
        pl.lit("Legs").alias("workout_name"),
        pl.lit(None).alias("workout_duration_s"),
        pl.lit(None).alias("workout_notes"),
        pl.lit("Hip Thrust").alias("exercise_name"),
        pl.lit(0).alias("exercise_pos"),
        pl.lit(0).alias("set_pos"),
        pl.lit("working").alias("set_kind"),
        pl.lit(100.0).alias("weight_kg"),
        pl.lit(8.0).alias("reps"),
        *(pl.lit(None).alias(c) for c in ("rpe", "distance_m", "duration_s", "notes")),
        pl.int_range(2, n + 2).alias("source_line"),
    )
    return frame.select(list(SET_COLUMNS)).cast(SET_COLUMNS)  # type: ignore[arg-type]


@pytest.mark.parametrize("athletes", [["A"], ["A", "B"]], ids=["constant columns", "two athletes"])
def test_a_large_insert_stores_constant_columns_once_and_every_value_right(athletes):
    """Above a row group, columns with one value on every row go to DuckDB as one value (a session
    variable behind a view): what is stored is the same, and a second merge changes nothing."""
    from etl.store import database as store
    from etl.store.upsert import upsert_sets

    frame = _canonical_rows(ROW_GROUP + 10, athletes)
    con = store.connect(":memory:")
    with store.transaction(con):
        counts = upsert_sets(con, frame)
    assert counts.added == frame.height
    stored = con.sql("SELECT * FROM sets ORDER BY source_line").pl()
    assert stored.select(frame.columns).equals(frame)
    with store.transaction(con):
        again = upsert_sets(con, frame)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, frame.height, 0)
    assert con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = 'incoming_sets'"
    ).fetchone() == (0,)


def _one_week(status: str = "no_training") -> pl.DataFrame:
    row: dict[str, object] = {name: 0 for name in empty_weekly().columns}
    row.update(athlete="A", week_start=date(2024, 1, 1), window_weeks=4, status=status, gaps="")
    for name in (
        "glute_ham_ratio",
        "ham_quad_ratio",
        "knee_flexion_share",
        "weeks_since_eccentric",
        "weeks_since_nordic",
    ):
        row[name] = None
    for name in empty_weekly().columns:
        if name.endswith("_4w") and name != "training_weeks_4w":
            row[name] = None
    return pl.DataFrame([row]).cast(empty_weekly().schema)  # type: ignore[arg-type]


def test_a_weekly_frame_pandera_passes_passes_the_one_query_check_and_is_returned_as_is():
    week = _one_week()
    assert WeeklyBalance.validate(week).equals(week)
    assert passes_every_check(WeeklyBalance, week) is True
    assert validate_weekly(week) is week


def test_a_frame_that_fails_validation_fails_every_time_with_panderas_error():
    bad = _one_week(status="balanced")  # no workouts but not "no_training"
    assert passes_every_check(WeeklyBalance, bad) is False
    for _ in range(2):
        with pytest.raises(SchemaError, match="no_training exactly when"):
            validate_weekly(bad)


def _canonical(con_rows: int = 3) -> pl.DataFrame:
    from etl.read.export_file import parse_export, read_export
    from tests.filebuilders import STRONG_A_HEADER, csv_bytes

    data = csv_bytes(
        STRONG_A_HEADER,
        *[
            f'2024-03-04 18:00:00,"Legs",1h,"Hip Thrust (Barbell)",{i},100,10,0,0,,,'
            for i in range(1, con_rows + 1)
        ],
    )
    return parse_export(read_export(data, "s.csv", athlete="a", unit="kg", tz="UTC")).normalized.sets


def test_the_one_query_check_agrees_with_pandera_on_canonical_sets():
    from schemas.fastcheck import passes_every_check
    from schemas.sets import CanonicalSets

    good = _canonical()
    assert passes_every_check(CanonicalSets, good) is True
    CanonicalSets.validate(good)  # pandera agrees
    broken = {
        "duplicate identity": pl.concat([good, good.head(1)]),
        "negative reps": good.with_columns(pl.lit(-1.0).alias("reps")),
        "unknown set kind": good.with_columns(pl.lit("jumbo").alias("set_kind")),
        "empty exercise name": good.with_columns(pl.lit("").alias("exercise_name")),
        "null athlete": good.with_columns(pl.lit(None, dtype=pl.Utf8).alias("athlete")),
    }
    for why, frame in broken.items():
        assert passes_every_check(CanonicalSets, frame) is False, why
        with pytest.raises(SchemaError):
            CanonicalSets.validate(frame)


def test_one_query_check_of_a_lenient_model_ignores_extra_columns_but_not_its_own():
    """Raw models allow the columns an export may add (strict = False): their own columns are still
    checked in one query, and a frame missing one, or failing a check, is left to pandera."""
    from schemas.raw import StrongRaw

    raw = pl.DataFrame(
        {
            "Date": ["2024-01-01 10:00:00"],
            "Workout Name": ["Legs"],
            "Exercise Name": ["Squat"],
            "Set Order": ["1"],
            "Weight": ["100"],
            "Reps": ["5"],
            "_line": [2],
        }
    )
    assert passes_every_check(StrongRaw, raw)
    assert not passes_every_check(StrongRaw, raw.with_columns(pl.lit(0).cast(pl.Int64).alias("_line")))
    assert not passes_every_check(StrongRaw, raw.drop("Reps"))
    assert not passes_every_check(StrongRaw, raw.with_columns(pl.lit(5).alias("Reps")))  # not text
