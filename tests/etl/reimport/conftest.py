"""Fixtures of the re-import tests: twin stores fed the same files (tests/helpers/reimport_twins.py)."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from etl.store import database as store


@pytest.fixture
def twin() -> Iterator[tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]]:
    """An incremental store and a full-path store, fed the same files."""
    fast, full = store.connect(":memory:"), store.connect(":memory:")
    yield fast, full
    fast.close()
    full.close()
