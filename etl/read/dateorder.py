"""Day-first or month-first: decided from all of a file's dates, never from one value.

``03/04/19`` is 3 April in one file and 4 March in the next: StrongLifts' legacy spreadsheet and
GymBook write the lifter's regional order, and a custom CSV can be anything. One value cannot say
which; the whole file usually can:

1. a number over 12 in the first position (``19/11/18``) means day-first, in the second month-first;
2. otherwise, a workout log is a sequence: read one way its dates run in order (newest or oldest
   first), read the other way they jump back and forth. The order under which the dates are sorted
   and the other is not wins (a heuristic: a log sorted by something else settles nothing);
3. if neither settles it, the lifter is asked (``--date-order dmy|mdy``), as for kg or lb.
"""

from __future__ import annotations

import polars as pl

from etl.errors import InputError

ORDERS = ("dmy", "mdy")
# The leading date of a value: ``19/11/18``, ``3.4.2019``, ``03-04-19 19:30``.
NUMERIC_DATE = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\D|$)"
ASK = "pass --date-order dmy (day first, 03/04 = 3 April) or --date-order mdy (month first, 03/04 = 4 March)"


def _parts(values: pl.Series) -> pl.DataFrame:
    """(first, second, year) of every value that starts with a numeric date, in file order."""
    groups = (
        values.cast(pl.String).to_frame("v").select(pl.col("v").str.extract_groups(NUMERIC_DATE).alias("g"))
    )
    return groups.select(
        pl.col("g").struct.field("1").cast(pl.Int32).alias("first"),
        pl.col("g").struct.field("2").cast(pl.Int32).alias("second"),
        full_year(pl.col("g").struct.field("3")).alias("year"),
    ).drop_nulls()


def full_year(year: pl.Expr) -> pl.Expr:
    """A 4-digit year as written; a 2-digit one as 20yy up to 69 and 19yy from 70 (as chrono's ``%y``)."""
    value = year.cast(pl.Int32)
    return (
        pl.when(year.str.len_chars() == 4)
        .then(value)
        .when(value <= 69)
        .then(2000 + value)
        .otherwise(1900 + value)
    )


def _disorder(keys: pl.Series) -> int:
    """Steps against the sequence's main direction, over the dates' changes in file order (0: sorted)."""
    steps = keys.diff().drop_nulls()
    steps = steps.filter(steps != 0)
    return min(int((steps > 0).sum()), int((steps < 0).sum()))


def decide(values: pl.Series, *, filename: str, column: str, given: str | None = None) -> str:
    """``"dmy"`` or ``"mdy"`` for the numeric dates in ``values`` (the file's date column, in file order);
    ``given`` (the lifter's ``--date-order``) wins. Raises ``InputError`` when the file cannot settle it."""
    if given is not None:
        if given not in ORDERS:
            raise InputError(filename, f"unknown date order {given!r}; expected dmy or mdy")
        return given
    parts = _parts(values)
    if parts.height == 0:
        return "dmy"  # no numeric dates: the order changes nothing
    day_first = parts.filter(pl.col("first") > 12)
    month_first = parts.filter(pl.col("second") > 12)
    if day_first.height and month_first.height:
        a, b = day_first.row(0), month_first.row(0)
        raise InputError(
            filename,
            f"its dates fit neither day-first nor month-first order: {a[0]}/{a[1]} has a day over 12 first, "
            f"{b[0]}/{b[1]} second; expected one order throughout the file",
            column=column,
        )
    if day_first.height:
        return "dmy"
    if month_first.height:
        return "mdy"
    as_dmy = parts.select(pl.col("year") * 10_000 + pl.col("second") * 100 + pl.col("first")).to_series()
    as_mdy = parts.select(pl.col("year") * 10_000 + pl.col("first") * 100 + pl.col("second")).to_series()
    dmy, mdy = _disorder(as_dmy), _disorder(as_mdy)
    if dmy == 0 and mdy > 0:
        return "dmy"
    if mdy == 0 and dmy > 0:
        return "mdy"
    sample = values.drop_nulls().head(1).to_list()
    example = f" (like {sample[0]!r})" if sample else ""
    raise InputError(
        filename,
        f"its dates{example} could be day/month or month/day: no day is over 12 and the file's order of "
        f"dates fits both readings; {ASK}",
        column=column,
    )


# A whole value: the numeric date, then optionally a time (``19/11/18``, ``03/04/2024 18:02``, ``3.4.19 7:37 PM``).
_DATE_TIME = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[\sT,]+(.+?))?\s*$"
_TIMES = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")


def to_datetime(expr: pl.Expr, order: str) -> pl.Expr:
    """A numeric date, with an optional time, in ``order`` (``dmy`` or ``mdy``) → naive Datetime; else null."""
    groups = expr.str.extract_groups(_DATE_TIME)
    first, second = groups.struct.field("1"), groups.struct.field("2")
    day, month = (first, second) if order == "dmy" else (second, first)
    date = pl.format(
        "{}-{}-{}", full_year(groups.struct.field("3")).cast(pl.String), month.str.zfill(2), day.str.zfill(2)
    ).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    clock = groups.struct.field("4").str.to_uppercase().str.replace_all(r"\s+", " ")
    time = (
        pl.when(clock.is_null())
        .then(pl.time(0, 0, 0))
        .otherwise(pl.coalesce(clock.str.strptime(pl.Time, fmt, strict=False) for fmt in _TIMES))
    )
    return date.dt.combine(time)
