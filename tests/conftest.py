"""Shared fixtures: an in-memory store per test, the real corpus (skipped where absent), a dashboard app
seeded with files. Plain helpers and constants live in tests/helpers/ (imported, never fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from etl.store import database as store
from tests.helpers.corpus import CORPUS

if TYPE_CHECKING:
    import dash


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


@pytest.fixture
def app_on(tmp_path: Path) -> Iterator[Callable[..., dash.Dash]]:
    """``app_on(*files)``: a dashboard app on a new database seeded with ``(filename, bytes)`` files; each
    app's import jobs are shut down at the end."""
    # Imported here, not at the top, so that tests which never start the dashboard do not load Dash.
    from dashboard.app import create_app
    from tests.helpers.dashboard_app import seeded_db

    made: list[dash.Dash] = []

    def make(*files: tuple[str, bytes]) -> dash.Dash:
        app = create_app(seeded_db(tmp_path / f"db{len(made)}.duckdb", *files))
        made.append(app)
        return app

    yield make
    for app in made:
        app.server.extensions["liftbalance.import_jobs"].shutdown()


# A real PostgreSQL server per test run and a fresh database per test (tests/pg.py): ``pg_url``.
from tests.pg import pg_database, pg_noproc, pg_server, pg_url  # noqa: E402, F401
