"""Twin imports for the re-import tests: the same file into an incremental store and a full-path store,
asserting both give the same report and the same sets (the ``twin`` fixture is in
tests/etl/reimport/conftest.py)."""

from __future__ import annotations

import io
from typing import Any

import duckdb

from etl.errors import BadRowsError
from etl.ingest import ingest


def fields(report: Any) -> dict[str, Any]:
    out = report.to_dict()
    out.pop("sha256")
    return out


def run(con: duckdb.DuckDBPyConnection, data: bytes, name: str, incremental: bool, **kw: Any) -> Any:
    """The report, or the rejection's bad rows (as a comparable value)."""
    try:
        return fields(
            ingest(con, io.BytesIO(data), name, tz=kw.pop("tz", "UTC"), incremental=incremental, **kw)
        )
    except BadRowsError as exc:
        return ("rejected", [(b.line, b.column, b.value, b.expected) for b in exc.bad_rows])


def stored_sets(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute("SELECT * FROM sets ORDER BY ALL").fetchall()


def both(
    twin: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection],
    data: bytes,
    name: str = "s.csv",
    **kw: Any,
) -> Any:
    """Import into both stores; assert equal reports and sets; return the incremental report."""
    fast, full = twin
    got = run(fast, data, name, True, **dict(kw))
    want = run(full, data, name, False, **dict(kw))
    assert got == want
    assert stored_sets(fast) == stored_sets(full)
    return got
