"""Every corpus file's weekly CSV and verdict are byte-identical whether the store is a DuckDB file or PostgreSQL.

``tests/etl/ingest/test_corpus_golden.py`` pins each file's outputs on the DuckDB store; here the same import
goes into a fresh PostgreSQL database and the outputs are read through the analytics snapshot
(``etl.store.snapshot``), as the CLI and dashboard read them, then compared with the DuckDB store's text itself
and with the pinned digests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.corpus_outputs import FILES, GOLDEN, outputs, pinned_form, relative


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=relative)
def test_weekly_csv_and_verdict_are_byte_identical_on_both_stores(
    corpus: Path, pg_url: str, path: Path
) -> None:
    on_postgres = outputs(pg_url, path)
    on_duckdb = outputs(":memory:", path)
    assert on_postgres["weekly_csv"] == on_duckdb["weekly_csv"]
    assert on_postgres["verdict"] == on_duckdb["verdict"]
    assert pinned_form(on_postgres) == json.loads(GOLDEN.read_text())[relative(path)]
