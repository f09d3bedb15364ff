"""Both stores hold one logical schema: the DuckDB migrations and the PostgreSQL ones (etl.store.pg_schema) yield
the same tables, columns (types mapped), nullability and keys, and ``sets`` is ``schemas.sets.SET_COLUMNS``.

Read from each database's own catalog (information_schema), after its migrations ran, so a migration appended
to one list and not the other fails here."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from etl.store import database as store
from schemas.sets import SET_COLUMNS, SET_KEY

# Each catalog's type name -> the logical type both backends mean by it.
DUCKDB_TYPES = {
    "VARCHAR": "text",
    "JSON": "json",
    "BIGINT": "int64",
    "INTEGER": "int32",
    "UBIGINT": "uint64",
    "DOUBLE": "float64",
    "BLOB": "bytes",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}
POSTGRES_TYPES = {
    "text": "text",
    "json": "json",
    "bigint": "int64",
    "integer": "int32",
    "numeric(20,0)": "uint64",  # PostgreSQL has no unsigned 64-bit integer
    "double precision": "float64",
    "bytea": "bytes",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
}
POLARS_TYPES: dict[Any, str] = {
    pl.String(): "text",
    pl.Int64(): "int64",
    pl.Int32(): "int32",
    pl.Float64(): "float64",
    pl.Datetime("us"): "timestamp",
}

Columns = dict[str, list[tuple[str, str, bool]]]  # table -> [(column, logical type, nullable)]
Keys = set[tuple[str, str, tuple[str, ...]]]  # (table, PRIMARY KEY | UNIQUE, columns)

KEYS_SQL = """
    SELECT tc.table_name, tc.constraint_type, tc.constraint_name, k.column_name
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage k
      ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
    WHERE tc.table_schema = {schema} AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
    ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position
"""


def _keys(rows: list[tuple[Any, ...]]) -> Keys:
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for table, kind, name, column in rows:
        grouped.setdefault((table, kind, name), []).append(column)
    return {(table, kind, tuple(columns)) for (table, kind, _), columns in grouped.items()}


def duckdb_catalog() -> tuple[Columns, Keys]:
    with store.opened(":memory:") as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
        keys = _keys(con.execute(KEYS_SQL.format(schema="'main'")).fetchall())
    columns: Columns = {}
    for table, column, kind, nullable in rows:
        columns.setdefault(table, []).append((column, DUCKDB_TYPES.get(kind, kind), nullable))
    return columns, keys


def postgres_catalog(url: str) -> tuple[Columns, Keys, set[tuple[str, ...]]]:
    con = store.connect(url)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, "
            "CASE WHEN data_type = 'numeric' THEN format('numeric(%s,%s)', numeric_precision, numeric_scale) "
            "ELSE data_type END, is_nullable = 'YES' FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
        keys = _keys(con.execute(KEYS_SQL.format(schema="'public'")).fetchall())
        unique_indexes = {
            tuple(columns)
            for (columns,) in con.execute(
                "SELECT array_agg(a.attname ORDER BY k.ord) FROM pg_index i "
                "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "WHERE i.indrelid = 'sets'::regclass AND i.indisunique GROUP BY i.indexrelid"
            ).fetchall()
        }
    finally:
        con.close()
    columns: Columns = {}
    for table, column, kind, nullable in rows:
        columns.setdefault(table, []).append((column, POSTGRES_TYPES.get(kind, kind), nullable))
    return columns, keys, unique_indexes


@pytest.fixture
def catalogs(pg_url: str) -> tuple[tuple[Columns, Keys], tuple[Columns, Keys, set[tuple[str, ...]]]]:
    return duckdb_catalog(), postgres_catalog(pg_url)


def test_both_backends_hold_the_same_tables_columns_types_and_keys(catalogs: Any) -> None:
    (duck_columns, duck_keys), (pg_columns, pg_keys, _) = catalogs
    assert sorted(pg_columns) == sorted(duck_columns)
    for table, columns in duck_columns.items():
        assert pg_columns[table] == columns, table
    assert pg_keys == duck_keys
    assert ("accounts", "UNIQUE", ("name",)) in duck_keys  # the comparison sees UNIQUE as well as keys
    unmapped = {kind for cols in (*duck_columns.values(), *pg_columns.values()) for _, kind, _ in cols}
    assert unmapped <= set(DUCKDB_TYPES.values())  # every type was mapped, on both sides


def test_sets_is_the_canonical_frame_on_both_backends(catalogs: Any) -> None:
    (duck_columns, _), (pg_columns, _, pg_unique) = catalogs
    expected = [(name, POLARS_TYPES[dtype]) for name, dtype in SET_COLUMNS.items()]
    assert [(name, kind) for name, kind, _ in duck_columns["sets"]] == expected
    assert [(name, kind) for name, kind, _ in pg_columns["sets"]] == expected
    # PostgreSQL's upsert matches on the set identity (INSERT ... ON CONFLICT): a unique index on exactly it.
    assert pg_unique == {SET_KEY}
