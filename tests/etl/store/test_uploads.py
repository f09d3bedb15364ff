"""What the store keeps of each import (etl.store.uploads): the bytes once per content, one upload row per
import, the quarantined values, and the report with its outcome."""

from __future__ import annotations

import hashlib
import json

import zstandard

from etl.errors import BadRow
from etl.store import uploads

DATA = b"Date,Exercise Name,Weight,Reps\n" + b"2024-03-04 18:02:11,Squat,100,5\n" * 50
SHA = hashlib.sha256(DATA).hexdigest()


class Compressions:
    """A ``compressed`` argument that counts how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return uploads.compress_upload(DATA)


def keep(con, compressed, filename="strong.csv", athlete="ana"):
    return uploads.keep_upload(
        con,
        sha256=SHA,
        data=DATA,
        compressed=compressed,
        filename=filename,
        fmt="strong (A)",
        athlete=athlete,
    )


def test_the_same_bytes_twice_are_kept_once_and_uploaded_twice(con):
    compressed = Compressions()
    assert keep(con, compressed) == 1
    assert keep(con, compressed, filename="again.csv", athlete="ben") == 2
    assert compressed.calls == 1  # the second import's bytes were kept already: not compressed again
    assert con.execute("SELECT sha256, size, encoding FROM blobs").fetchall() == [(SHA, len(DATA), "zstd")]
    content = con.execute("SELECT content FROM blobs").fetchone()[0]
    assert zstandard.ZstdDecompressor().decompress(content) == DATA
    rows = con.execute(
        "SELECT upload_id, sha256, filename, size, format, athlete, outcome, report FROM uploads ORDER BY 1"
    ).fetchall()
    assert rows == [
        (1, SHA, "strong.csv", len(DATA), "strong (A)", "ana", "imported", None),
        (2, SHA, "again.csv", len(DATA), "strong (A)", "ben", "imported", None),
    ]


def test_quarantined_values_are_kept_with_their_upload_and_its_outcome_says_so(con):
    upload_id = keep(con, Compressions())
    bad = [
        BadRow(3, "Reps", "five", "a number of reps"),
        BadRow(None, None, None, "a header with a date column"),
    ]
    uploads.quarantine(con, upload_id, bad)
    uploads.finish_upload(con, upload_id, {"file": "strong.csv", "sets_added": 49}, quarantined=True)
    assert con.execute(
        'SELECT upload_id, line, "column", value, expected FROM quarantine ORDER BY 2'
    ).fetchall() == [
        (1, 3, "Reps", "five", "a number of reps"),
        (1, None, None, None, "a header with a date column"),
    ]
    outcome, report = con.execute("SELECT outcome, report FROM uploads").fetchone()
    assert (outcome, json.loads(report)) == (
        "imported_with_quarantine",
        {"file": "strong.csv", "sets_added": 49},
    )


def test_an_import_without_bad_values_quarantines_nothing(con):
    upload_id = keep(con, Compressions())
    uploads.quarantine(con, upload_id, [])
    uploads.finish_upload(con, upload_id, {"first_workout": None}, quarantined=False)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    outcome, report = con.execute("SELECT outcome, report FROM uploads").fetchone()
    assert (outcome, json.loads(report)) == ("imported", {"first_workout": None})


def test_a_kept_upload_reads_back_as_the_bytes_received_whatever_its_encoding(con):
    """The queue's worker reads a file back by its sha256: zstd blobs, and zlib ones from older stores."""
    import zlib

    import pytest

    from etl.errors import StoreError

    keep(con, Compressions())
    assert uploads.upload_bytes(con, SHA) == DATA
    old = b"an older upload"
    old_sha = hashlib.sha256(old).hexdigest()
    con.execute(
        "INSERT INTO blobs (sha256, size, encoding, content) VALUES (?, ?, 'zlib', ?)",
        [old_sha, len(old), zlib.compress(old)],
    )
    assert uploads.upload_bytes(con, old_sha) == old
    with pytest.raises(StoreError, match="No upload"):
        uploads.upload_bytes(con, "0" * 64)
