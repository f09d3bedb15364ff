"""Shared fixtures: an in-memory store per test, the real corpus (skipped where absent), file builders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from etl.store import database as store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(
            f"the real-export corpus is not here ({CORPUS}); it lives beside the repo in ../shared/corpus"
        )
    return CORPUS


def corpus_files(pattern: str) -> list[Path]:
    """For parametrize: the corpus files matching ``pattern`` (empty where the corpus is absent)."""
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []

# A real PostgreSQL server per test run and a fresh database per test (tests/pg.py): ``pg_url``.
from tests.pg import pg_database, pg_noproc, pg_server, pg_url  # noqa: E402, F401
