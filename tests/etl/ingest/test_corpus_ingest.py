"""Every real Strong and Hevy export in ../shared/corpus loads, with its set count checked independently."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from etl.ingest import ingest
from tests.helpers.corpus import corpus_files

STRONG_HEVY = corpus_files("strong_*.csv") + corpus_files("hevy_*.csv")


def independent_set_count(path: Path) -> int:
    """Records counted by Python's csv module, minus rows that are not sets (rest timers, blank lines)."""
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))

    def is_set(row: dict[str, str]) -> bool:
        values = [v for v in row.values() if isinstance(v, str)]
        if not any(v.strip() for v in values):
            return False
        return "rest timer" not in {
            (row.get("Set Order") or "").lower(),
            (row.get("Exercise Name") or "").lower(),
        }

    return sum(1 for row in rows if is_set(row))


@pytest.mark.corpus
def test_corpus_has_strong_and_hevy_files(corpus):
    names = {p.name.split("_")[0] for p in corpus.glob("*.csv")}
    assert {"strong", "hevy"} <= names


@pytest.mark.corpus
@pytest.mark.parametrize("path", STRONG_HEVY, ids=lambda p: p.name)
def test_corpus_file_loads_every_set_once(con, path: Path):
    expected = independent_set_count(path)
    first = ingest(con, path.open("rb"), path.name)
    assert first.quarantined == []
    assert first.sets_added == expected
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == expected
    again = ingest(con, path.open("rb"), path.name)
    assert (again.sets_added, again.sets_updated, again.sets_removed, again.sets_unchanged) == (
        0,
        0,
        0,
        expected,
    )


@pytest.mark.corpus
def test_corpus_files_load_together_without_collisions(con, corpus):
    total = 0
    for path in STRONG_HEVY:
        total += ingest(con, path.open("rb"), path.name, athlete=path.stem).sets_added
    assert total == sum(independent_set_count(p) for p in STRONG_HEVY)
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == total


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("*.csv"), ids=lambda p: p.name)
def test_corpus_file_parses_the_same_row_by_row_and_by_distinct_values(path: Path, monkeypatch):
    """``parse.parse_distinct`` parses small frames row by row and large ones once per distinct value:
    every real export gives the same canonical sets both ways."""
    from etl.read import parse
    from etl.read.export_file import parse_export, read_export

    results = []
    for direct_below in (0, 10**9):
        monkeypatch.setattr(parse, "DIRECT_BELOW", direct_below)
        results.append(parse_export(read_export(path.read_bytes(), path.name, tz="UTC")).normalized.sets)
    assert results[0].height > 0
    assert results[0].equals(results[1])
