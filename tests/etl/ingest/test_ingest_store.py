"""The store's promise: nothing lost, nothing counted twice, and a rejected file changes nothing."""

from __future__ import annotations

import io
import zlib

import duckdb
import pytest

from etl.errors import BadRowsError, InputError
from etl.ingest import ingest
from etl.store import uploads
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

W1 = '2024-03-04 18:02:11,"Legs",1h'
W2 = '2024-03-07 18:00:00,"Legs",1h'
W3 = '2024-03-11 18:00:00,"Legs",1h'


def rows_w1() -> list[str]:
    # Three identical working sets: all three must be kept.
    return [f'{W1},"Hip Thrust (Barbell)",{i},100,10,0,0,,,' for i in (1, 2, 3)]


def rows_w2() -> list[str]:
    return [f'{W2},"Romanian Deadlift (Barbell)",{i},80,8,0,0,,,' for i in (1, 2)]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608
        for t in ("sets", "uploads", "blobs", "quarantine")
    }


def load(con, data: bytes, name: str = "strong.csv", **kw):
    return ingest(con, io.BytesIO(data), name, tz="UTC", **kw)


def count(con) -> int:
    return con.execute("SELECT count(*) FROM sets").fetchone()[0]


def test_identical_sets_in_one_workout_are_all_kept(con):
    report = load(con, csv_bytes(STRONG_A_HEADER, *rows_w1()))
    assert (report.sets_added, report.workouts) == (3, 1)
    assert count(con) == 3


def test_same_file_twice_changes_nothing(con):
    data = csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2())
    load(con, data)
    before = con.execute("SELECT * FROM sets ORDER BY ALL").fetchall()
    again = load(con, data)
    assert (again.sets_added, again.sets_updated, again.sets_unchanged, again.sets_removed) == (0, 0, 5, 0)
    assert con.execute("SELECT * FROM sets ORDER BY ALL").fetchall() == before
    # The bytes are kept once, the upload is recorded twice.
    assert con.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM uploads").fetchone()[0] == 2


def test_cumulative_export_adds_only_the_new_workout(con):
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2()))
    later = csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2(), f'{W3},"Nordic Hamstring Curl",1,0,5,0,0,,,')
    report = load(con, later, "later.csv")
    assert (report.sets_added, report.sets_updated, report.sets_unchanged, report.sets_removed) == (
        1,
        0,
        5,
        0,
    )
    assert count(con) == 6


def test_edited_workout_reports_updated_and_removed_sets(con):
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2()))
    edited_w1 = [
        f'{W1},"Hip Thrust (Barbell)",1,100,10,0,0,,,',
        f'{W1},"Hip Thrust (Barbell)",2,105,8,0,0,,,',  # weight and reps corrected
    ]  # third set deleted in the app
    report = load(con, csv_bytes(STRONG_A_HEADER, *edited_w1, *rows_w2()), "edited.csv")
    assert (report.sets_added, report.sets_updated, report.sets_unchanged, report.sets_removed) == (
        0,
        1,
        3,
        1,
    )
    stored = con.execute(
        "SELECT set_pos, weight_kg, reps FROM sets WHERE exercise_name = 'Hip Thrust (Barbell)' ORDER BY set_pos"
    ).fetchall()
    assert stored == [(0, 100.0, 10.0), (1, 105.0, 8.0)]


def test_workouts_missing_from_a_later_file_are_kept(con):
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2()))
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w2()), "partial.csv")
    assert count(con) == 5


def test_athletes_are_kept_apart(con):
    data = csv_bytes(STRONG_A_HEADER, *rows_w1())
    load(con, data, athlete="ana")
    report = load(con, data, athlete="ben")
    assert report.sets_added == 3
    assert con.execute("SELECT athlete, count(*) FROM sets GROUP BY 1 ORDER BY 1").fetchall() == [
        ("ana", 3),
        ("ben", 3),
    ]


def test_file_with_bad_values_is_rejected_whole_and_changes_nothing(con):
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w1()))
    before = snapshot(con)
    bad = csv_bytes(
        STRONG_A_HEADER,
        *rows_w2(),
        f'{W3},"Squat (Barbell)",1,100,ten,0,0,,,',
        'yesterday,"Legs",1h,"Squat (Barbell)",1,100,5,0,0,,,',
        f'{W3},"Squat (Barbell)",2,20000,5,0,0,,,',
        f'{W3},"Squat (Barbell)",3,100,-5,0,0,,,',
    )
    with pytest.raises(BadRowsError) as err:
        load(con, bad, "bad.csv")
    message = str(err.value)
    assert "bad.csv, line 4, column 'Reps': got 'ten'; expected a number of reps" in message
    assert "bad.csv, line 5, column 'Date': got 'yesterday'" in message
    assert "line 6, column 'Weight': got '20000'; expected a load of at most 10,000 kg" in message
    assert "line 7, column 'Reps': got '-5'; expected a number of reps that is not negative" in message
    assert "--skip-invalid" in message
    assert snapshot(con) == before


def test_skip_invalid_loads_good_rows_and_quarantines_the_rest(con):
    bad = csv_bytes(STRONG_A_HEADER, *rows_w2(), f'{W3},"Squat (Barbell)",1,100,ten,0,0,,,')
    report = load(con, bad, "bad.csv", skip_invalid=True)
    assert report.sets_added == 2
    assert [(b.line, b.column, b.value) for b in report.quarantined] == [(4, "Reps", "ten")]
    assert con.execute('SELECT line, "column", value FROM quarantine').fetchall() == [(4, "Reps", "ten")]


def test_odd_but_genuine_values_load_and_are_flagged(con):
    data = csv_bytes(
        STRONG_A_HEADER, f'{W1},"Stair Step-Ups",1,0,4500,0,0,,,', f'{W1},"Leg Press",1,1200,5,0,0,,,'
    )
    report = load(con, data)
    assert report.sets_added == 2
    assert [(f.line, f.column) for f in report.flagged] == [(2, "reps"), (3, "weight_kg")]


def test_unreadable_file_writes_nothing(con):
    before = snapshot(con)
    with pytest.raises(InputError, match="PNG"):
        load(con, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "photo.csv")
    assert snapshot(con) == before


def test_a_crash_mid_write_rolls_back(con, monkeypatch):
    load(con, csv_bytes(STRONG_A_HEADER, *rows_w1()))
    before = snapshot(con)

    def explode(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C between the upload row and the sets

    monkeypatch.setattr("etl.ingest.upsert_sets", explode)
    with pytest.raises(KeyboardInterrupt):
        load(con, csv_bytes(STRONG_A_HEADER, *rows_w1(), *rows_w2()), "later.csv")
    assert snapshot(con) == before


def test_original_bytes_are_kept_by_sha256(con):
    data = csv_bytes(STRONG_A_HEADER, *rows_w1())
    report = load(con, data)
    assert uploads.upload_bytes(con, report.sha256) == data
    upload = con.execute("SELECT filename, size, format, outcome FROM uploads").fetchone()
    assert upload == ("strong.csv", len(data), "strong (A)", "imported")
    encoding, stored = con.execute("SELECT encoding, octet_length(content) FROM blobs").fetchone()
    assert encoding == uploads.BLOB_ENCODING == "zstd"
    assert stored < len(data)


def test_uploads_stored_zlib_by_earlier_versions_still_read_back(con):
    """Databases written before zstd hold zlib blobs; upload_bytes reads both."""
    data = b"Date,Exercise Name\n" * 1000
    con.execute("INSERT INTO blobs VALUES ('old', ?, 'zlib', ?)", [len(data), zlib.compress(data, 1)])
    assert uploads.upload_bytes(con, "old") == data
