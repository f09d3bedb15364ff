"""Day-first or month-first from the whole file: a number over 12, the log's order, or the lifter's answer."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from etl.errors import InputError
from etl.read import dateorder


def decide(*values: str | None, given: str | None = None) -> str:
    return dateorder.decide(
        pl.Series(list(values), dtype=pl.String), filename="f.csv", column="Date", given=given
    )


def test_a_day_over_12_first_settles_day_first():
    assert decide("03/04/18", "19/11/18", "05/04/18") == "dmy"


def test_a_day_over_12_second_settles_month_first():
    assert decide("03/04/18", "11/19/18") == "mdy"


def test_a_chronological_log_settles_what_no_single_value_does():
    # Read day-first: 1, 3, 5 February, 1 March (sorted). Month-first: 2 Jan, 2 Mar, 2 May, 3 Jan (not).
    assert decide("01/02/18", "03/02/18", "05/02/18", "01/03/18") == "dmy"
    # Newest first counts as sorted too: 3 Jan, 2 May, 2 Mar, 2 Jan month-first.
    assert decide("03/01/18", "02/05/18", "02/03/18", "02/01/18") == "mdy"


def test_a_file_that_cannot_settle_it_asks_for_the_option():
    with pytest.raises(InputError) as err:
        decide("01/02/18", "01/03/18")  # sorted either way
    assert "--date-order dmy" in str(err.value) and "--date-order mdy" in str(err.value)
    assert err.value.column == "Date"


def test_the_lifters_answer_wins_and_is_checked():
    assert decide("01/02/18", "01/03/18", given="mdy") == "mdy"
    with pytest.raises(InputError, match="unknown date order 'ymd'"):
        decide("01/02/18", given="ymd")


def test_dates_over_12_in_both_positions_fit_no_order():
    with pytest.raises(InputError, match="fit neither"):
        decide("19/11/18", "11/19/18")


def test_files_without_numeric_dates_need_no_answer():
    assert decide("2024-03-04", None, "8 Apr 2026, 16:50") == "dmy"


@pytest.mark.parametrize(
    ("text", "dmy", "mdy"),
    [
        ("19/11/18", datetime(2018, 11, 19), None),
        ("03/04/2024 18:02", datetime(2024, 4, 3, 18, 2), datetime(2024, 3, 4, 18, 2)),
        ("3.4.19 7:37 PM", datetime(2019, 4, 3, 19, 37), datetime(2019, 3, 4, 19, 37)),
        ("03-04-69", datetime(2069, 4, 3), datetime(2069, 3, 4)),
        ("03-04-70T07:05:06", datetime(1970, 4, 3, 7, 5, 6), datetime(1970, 3, 4, 7, 5, 6)),
        ("31/02/19", None, None),
        ("03/04/20190", None, None),
        ("3/4/19 25:00", None, None),
        ("yesterday", None, None),
    ],
)
def test_numeric_dates_with_optional_times(text: str, dmy: datetime | None, mdy: datetime | None):
    frame = pl.DataFrame({"t": [text]})
    assert frame.select(dateorder.to_datetime(pl.col("t"), "dmy")).item() == dmy
    assert frame.select(dateorder.to_datetime(pl.col("t"), "mdy")).item() == mdy
