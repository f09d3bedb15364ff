"""Weekly exports: the columns, ISO weeks, untouched numbers, and formula-safe text cells."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import polars as pl
import pytest

from etl.analysis.export import (
    neutralise_formula,
    neutralise_text_columns,
    weekly_csv,
    weekly_json,
    weekly_parquet,
    weekly_xlsx,
)
from schemas.weekly import WEEKLY_COLUMNS, empty_weekly
from tests.helpers.weekly_sets import CREDIT, repeat, sets_frame, stored_weekly, week

EVIL = '=HYPERLINK("http://example.invalid","x")'
XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture
def weekly() -> pl.DataFrame:
    sets = sets_frame(
        *repeat(3, "Hip Thrust (Barbell)", week(0), athlete=EVIL),
        *repeat(2, "Seated Leg Curl (Machine)", week(0), athlete=EVIL),
        *repeat(4, "Hip Thrust (Barbell)", week(2), athlete=EVIL),
    )
    return stored_weekly(sets, CREDIT)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+49 170", "'+49 170"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("ana", "ana"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_formula(text: str, safe: str) -> None:
    assert neutralise_formula(text) == safe


def test_csv_has_the_weekly_columns_iso_weeks_and_safe_text(weekly: pl.DataFrame) -> None:
    text = weekly_csv(weekly)
    header, first, *_ = text.splitlines()
    assert header.split(",") == list(WEEKLY_COLUMNS)
    back = pl.read_csv(io.StringIO(text), schema=WEEKLY_COLUMNS)
    assert back.get_column("athlete").unique().to_list() == ["'" + EVIL]
    assert back.get_column("week_start").to_list() == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)]
    assert ",2024-01-01," in first
    # Numbers are untouched: everything but the athlete round-trips exactly.
    assert back.drop("athlete").equals(weekly.drop("athlete"))


def test_empty_csv_is_just_the_header() -> None:
    assert weekly_csv(empty_weekly()) == ",".join(WEEKLY_COLUMNS) + "\n"


def read_xlsx_sheet(data: bytes) -> tuple[list[list[object]], str]:
    """The first sheet's rows as Python values (shared strings resolved), and its raw XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{XLSX_NS['m']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", XLSX_NS)
        ]
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
    rows: list[list[object]] = []
    for row in ElementTree.fromstring(sheet_xml).iter(f"{{{XLSX_NS['m']}}}row"):
        values: list[object] = []
        for cell in row.findall("m:c", XLSX_NS):
            v = cell.find("m:v", XLSX_NS)
            if v is None:
                values.append(None)
            elif cell.get("t") == "s":
                values.append(shared[int(v.text or 0)])
            else:
                values.append(float(v.text or "nan"))
        rows.append(values)
    return rows, sheet_xml


def test_xlsx_has_real_numbers_dates_and_no_formulas(weekly: pl.DataFrame) -> None:
    data = weekly_xlsx(weekly)
    rows, sheet_xml = read_xlsx_sheet(data)
    assert rows[0] == list(WEEKLY_COLUMNS)
    assert "<f>" not in sheet_xml and not re.search(r'<c [^>]*t="str"', sheet_xml)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["athlete"] == "'" + EVIL
    assert first["week_start"] == 45292.0  # 2024-01-01 as an Excel date serial, formatted yyyy-mm-dd
    assert first["glute_sets"] == 3.0 and first["hamstring_knee_sets"] == 2.0
    assert first["glute_ham_ratio"] == 1.5
    assert len(rows) == 1 + weekly.height
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert "yyyy-mm-dd" in book.read("xl/styles.xml").decode()


def test_parquet_keeps_values_and_types(weekly: pl.DataFrame) -> None:
    back = pl.read_parquet(io.BytesIO(weekly_parquet(weekly)))
    assert back.equals(weekly)
    assert back.schema["week_start"] == pl.Date


def test_json_rows_with_iso_weeks_and_nulls(weekly: pl.DataFrame) -> None:
    rows = json.loads(weekly_json(weekly))
    assert [r["week_start"] for r in rows] == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert list(rows[0]) == list(WEEKLY_COLUMNS)
    assert rows[1]["status"] == "no_training" and rows[1]["glute_ham_ratio"] is None
    assert json.loads(weekly_json(empty_weekly())) == []


def test_numbers_are_rounded_to_what_they_mean(weekly: pl.DataFrame) -> None:
    noisy = weekly.with_columns(
        pl.lit(3122.5499999999997).alias("glute_tonnage_kg"),
        pl.lit(3.3333333333333335).alias("glute_sets_4w"),
        pl.lit(0.6666666666666666).alias("glute_ham_ratio_4w"),
    )
    first = pl.read_csv(io.StringIO(weekly_csv(noisy)), schema=WEEKLY_COLUMNS).row(0, named=True)
    assert (first["glute_tonnage_kg"], first["glute_sets_4w"], first["glute_ham_ratio_4w"]) == (
        3122.5,
        3.33,
        0.67,
    )
    assert "3122.5499999999997" not in weekly_csv(noisy) and "3.3333" not in weekly_json(noisy)
    assert json.loads(weekly_json(noisy))[0]["glute_tonnage_kg"] == 3122.5
    assert pl.read_parquet(io.BytesIO(weekly_parquet(noisy))).get_column("glute_sets_4w")[0] == 3.33
    assert weekly_csv(weekly) == weekly.select(list(WEEKLY_COLUMNS)).pipe(neutralise_text_columns).write_csv()
