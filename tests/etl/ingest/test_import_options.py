"""One options value for every import (``etl.ingest.ImportOptions``): given whole, or as keywords that change it."""

from __future__ import annotations

import polars as pl
import pytest

from etl.ingest import ImportOptions, ingest, ingest_rows
from etl.sync.hevy_reader import READER, SHAPE
from tests.filebuilders import STRONG_A_HEADER, csv_bytes

ROWS = [f'2024-03-04 18:02:11,"Legs",1h,"Squat (Barbell)",{i},100,5,0,0,,,' for i in (1, 2, 3)]
DATA = csv_bytes(STRONG_A_HEADER, *ROWS)


def stored(con) -> list[tuple]:
    return con.execute("SELECT athlete, tz, weight_kg FROM sets ORDER BY ALL").fetchall()


def test_options_given_whole_import_as_the_same_keywords_do(con):
    options = ImportOptions(athlete="ana", unit="lb", tz="Europe/Berlin")
    report = ingest(con, DATA, "strong.csv", options)
    assert (report.athlete, report.unit, report.sets_added) == ("ana", "lb", 3)
    assert stored(con) == [("ana", "Europe/Berlin", pytest.approx(45.359237))] * 3
    again = ingest(con, DATA, "strong.csv", athlete="ana", unit="lb", tz="Europe/Berlin")
    assert (again.sets_added, again.sets_unchanged) == (0, 3)  # the same sets: nothing new


def test_keywords_change_the_options_they_name_and_keep_the_rest(con):
    options = ImportOptions(athlete="ana", unit="lb", tz="Europe/Berlin")
    report = ingest(con, DATA, "strong.csv", options, athlete=" ben ")
    assert (report.athlete, report.unit) == ("ben", "lb")
    assert options.athlete == "ana"  # a frozen value: the call changed a copy
    assert {row[:2] for row in stored(con)} == {("ben", "Europe/Berlin")}


def test_an_unknown_keyword_is_refused_before_anything_is_read(con):
    with pytest.raises(TypeError, match="units"):
        ingest(con, DATA, "strong.csv", units="kg")
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)


@pytest.mark.parametrize(
    "option", [{"unit": "kg"}, {"fmt": "strong"}, {"date_order": "dmy"}, {"columns": {"date": "Date"}}]
)
def test_rows_read_from_an_api_refuse_options_about_a_files_bytes(con, option):
    with pytest.raises(ValueError, match="do not apply"):
        ingest_rows(
            con, b"{}", "Hevy sync", pl.DataFrame(), reader=READER, shape=SHAPE, athlete="ana", **option
        )
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)
