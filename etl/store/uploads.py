"""What the store keeps of each import: the file's bytes, its upload row, and the values it quarantined.

Every import keeps the original bytes it was given (compressed with ``BLOB_ENCODING``, once per content), so
that everything can be re-derived when the readers or the taxonomy improve. Nothing reads them back yet: the
re-derivation will (databases written before zstd hold ``zlib`` blobs). This module owns the SQL of the ``blobs``, ``uploads``
and ``quarantine`` tables; ``etl.ingest`` calls it inside the import's one transaction.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb
import zstandard

from etl.errors import BadRow, StoreError
from etl.store.pg_schema import NEXT_UPLOAD_ID
from etl.store.postgres import PgConnection

# How uploads are kept. zstd level 1 compresses a 77 MB export to 8% in 0.15 s; zlib level 1 took
# 0.47 s for 11%, time an import spent competing with its own parse for the same two cores.
BLOB_ENCODING = "zstd"


def compress_upload(data: bytes) -> bytes:
    """``data`` as stored in ``blobs.content`` with ``BLOB_ENCODING`` (releases the GIL: run it in a thread)."""
    return zstandard.ZstdCompressor(level=1).compress(data)


def upload_bytes(con: duckdb.DuckDBPyConnection, sha256: str) -> bytes:
    """The original bytes of a kept upload, as received (blobs are stored compressed). A queued import
    (``etl.queue``) reads its file back from here: the job carries the bytes' sha256, never a path."""
    row = con.execute("SELECT encoding, content FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
    if row is None:
        raise StoreError(f"No upload with sha256 {sha256} is stored.")
    encoding, content = row
    if encoding == "zstd":
        return zstandard.ZstdDecompressor().decompress(bytes(content))
    if encoding == "zlib":  # databases written before zstd
        return zlib.decompress(content)
    return bytes(content)


def keep_upload(
    con: duckdb.DuckDBPyConnection,
    *,
    sha256: str,
    data: bytes,
    compressed: Callable[[], bytes],
    filename: str,
    fmt: str,
    athlete: str,
) -> int:
    """Keep ``data`` (once per content: ``compressed`` is asked for only when its blob is new) and record an
    upload of it, outcome "imported" until ``finish_upload``. Returns the new upload's id."""
    hosted = isinstance(
        con, PgConnection
    )  # many processes import at once: etl.store.pg_schema.NEXT_UPLOAD_ID
    if con.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [sha256]).fetchone() is None:
        # VALUES, not INSERT ... SELECT ... WHERE NOT EXISTS: DuckDB plans a 6 MB parameter 15x slower there.
        con.execute(
            "INSERT INTO blobs (sha256, size, encoding, content) VALUES (?, ?, ?, ?)"  # noqa: S608 - fixed SQL
            + (" ON CONFLICT (sha256) DO NOTHING" if hosted else ""),
            [sha256, len(data), BLOB_ENCODING, compressed()],
        )
    next_id = NEXT_UPLOAD_ID if hosted else "coalesce(max(upload_id), 0) + 1"
    row = con.execute(
        f"INSERT INTO uploads (upload_id, sha256, filename, size, format, athlete, outcome) SELECT {next_id}, "  # noqa: S608
        "?, ?, ?, ?, ?, ? FROM uploads RETURNING upload_id",
        [sha256, filename, len(data), fmt, athlete, "imported"],
    ).fetchone()
    assert row is not None
    return int(row[0])


def quarantine(con: duckdb.DuckDBPyConnection, upload_id: int, bad_rows: Iterable[BadRow]) -> None:
    """Keep the values an import skipped as invalid, each with its line, column and the expected form."""
    rows = [[upload_id, b.line, b.column, b.value, b.expected] for b in bad_rows]
    if rows:
        con.executemany(
            'INSERT INTO quarantine (upload_id, line, "column", value, expected) VALUES (?, ?, ?, ?, ?)', rows
        )


def finish_upload(
    con: duckdb.DuckDBPyConnection, upload_id: int, report: Mapping[str, Any], *, quarantined: bool
) -> None:
    """Store the import's report with its upload, and whether values were quarantined."""
    con.execute(
        "UPDATE uploads SET report = ?, outcome = ? WHERE upload_id = ?",
        [
            json.dumps(report, default=str),
            "imported_with_quarantine" if quarantined else "imported",
            upload_id,
        ],
    )
