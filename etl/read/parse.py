"""Polars expressions that parse the text values every export writes: numbers, durations, dates.

They never raise: an unparseable value becomes null, and ``etl.read.canonical`` compares the
parsed column with the raw text to report the exact line, column and value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

KG_PER_LB = 0.45359237
M_PER_MILE = 1609.344
M_PER_KM = 1000.0
M_PER_FT = 0.3048
M_PER_YD = 0.9144


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    stripped = expr.str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def number(expr: pl.Expr) -> pl.Expr:
    """``8``, ``8.0``, ``102,5`` (a decimal comma), `` 12 `` → Float64; anything else → null.

    ``1,000`` is left unparsed (null, so it is reported): three digits after a comma may be a
    thousands separator as easily as a decimal comma, and guessing would silently scale a set 1000×.
    """
    text = expr.str.strip_chars()
    plain = text.cast(pl.Float64, strict=False)
    comma = (
        pl.when(text.str.contains(r"^[+-]?\d+,(?:\d{1,2}|\d{4,})$"))
        .then(text.str.replace(",", ".", literal=True))
        .cast(pl.Float64, strict=False)
    )
    return pl.coalesce(plain, comma)


def duration_text(expr: pl.Expr) -> pl.Expr:
    """Strong's ``1h 6m``, ``55s``, ``7m`` (or plain seconds) → seconds; else null."""
    text = blank_to_null(expr)
    parts = text.str.extract_groups(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")
    h = parts.struct.field("1").cast(pl.Float64)
    m = parts.struct.field("2").cast(pl.Float64)
    s = parts.struct.field("3").cast(pl.Float64)
    structured = (
        pl.when(h.is_null() & m.is_null() & s.is_null())
        .then(None)
        .otherwise(h.fill_null(0) * 3600 + m.fill_null(0) * 60 + s.fill_null(0))
    )
    return pl.coalesce(number(text), structured)


def clock_time(expr: pl.Expr) -> pl.Expr:
    """``0:01:00`` or ``1:05`` (FitNotes-style H:MM:SS / M:SS) → seconds; else null."""
    text = blank_to_null(expr)
    parts = text.str.extract_groups(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
    h = parts.struct.field("1").cast(pl.Float64).fill_null(0)
    m = parts.struct.field("2").cast(pl.Float64)
    s = parts.struct.field("3").cast(pl.Float64)
    return pl.when(m.is_null()).then(None).otherwise(h * 3600 + m * 60 + s)


def iso_datetime(expr: pl.Expr) -> pl.Expr:
    """Strong's ``2022-07-28 20:14:20``, its 12-hour ``2025-01-30 12:34:56 pm`` (with a narrow
    no-break space before the suffix), and minute-resolution ISO forms → naive Datetime."""
    text = (
        blank_to_null(expr)
        .str.replace_all("[\u202f\u00a0]", " ")
        .str.replace_all(r"\s+", " ")
        .str.replace("T", " ", literal=True)
        .str.to_uppercase()
        .str.replace_all(r"\b([AP])\.?M\.?$", "${1}M")
    )
    dt = pl.Datetime("us")
    return pl.coalesce(
        text.str.strptime(dt, "%Y-%m-%d %H:%M:%S", strict=False),
        text.str.strptime(dt, "%Y-%m-%d %I:%M:%S %p", strict=False),
        text.str.strptime(dt, "%Y-%m-%d %H:%M", strict=False),
        text.str.strptime(dt, "%Y-%m-%d %I:%M %p", strict=False),
        text.str.strptime(dt, "%Y-%m-%d", strict=False),
    )


# ISO 8601 / RFC 3339 stamps: ``T`` or a space, optional seconds and fraction, optional ``Z`` / ``±hh:mm`` /
# ``±hhmm`` / ``±hh`` offset (a blank may precede it, as Liftosaur and Fitbod write).
ISO_STAMP = (
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*"
    r"(?:(Z)|([+-])(\d{2}):?(\d{2})?)?$"
)


def wall_clock(expr: pl.Expr, tz: str) -> pl.Expr:
    """Any ISO 8601 / RFC 3339 stamp (``2026-03-01T10:00:00.000Z``, ``2026-03-07 09:01:00 +00:00``,
    ``2024-03-04 18:02:11 +0000``) → naive Datetime: a stamp with an offset as the wall-clock time of
    ``tz``; one without an offset is taken as already local (``iso_datetime``)."""
    parts = blank_to_null(expr).str.to_uppercase().str.extract_groups(ISO_STAMP)
    field = parts.struct.field
    offset = (
        pl.when(field("6") == "Z")
        .then(pl.lit("+00:00"))
        .when(field("7").is_not_null())
        .then(pl.format("{}{}:{}", field("7"), field("8"), field("9").fill_null("00")))
    )
    canonical = pl.format(
        "{} {}:{}:{}.{}{}",
        field("1"),
        field("2").str.zfill(2),
        field("3"),
        field("4").fill_null("00"),
        field("5").fill_null("0"),
        offset,
    )
    aware = canonical.str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%d %H:%M:%S%.f%:z", strict=False)
    local = aware.dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return pl.when(offset.is_null()).then(iso_datetime(expr)).otherwise(local)


# Hevy's stamp in any app language: day, month name (any script; CLDR's ``5月``, ``thg 5`` and
# ``พ.ค.`` included), 4-digit year, then the time (24-hour, or 12-hour with a suffix).
DAY_MONTH_YEAR = (
    r"^(\d{1,2})\.?\s+(?:de\s+)?(.+?),?\s+(?:de\s+)?(\d{4})\s*(?:г\.?|년|年)?,?\s+"
    r"(?:um\s+|à\s+|às\s+|alle\s+|om\s+|kl\.?\s+|klo\s+|o\s+|в\s+)?"
    r"(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$"
)


def _lowered(expr: pl.Expr) -> pl.Expr:
    return blank_to_null(expr).str.replace_all("[\u202f\u00a0]", " ").str.to_lowercase()


def month_tokens(values: pl.Series) -> list[str]:
    """The distinct month names of ``values`` written like Hevy's stamp (``17 Nis 2024, 13:05`` → ``nis``)."""
    tokens = values.to_frame("v").select(
        _lowered(pl.col("v")).str.extract(DAY_MONTH_YEAR, 2).unique().drop_nulls()
    )
    return tokens.to_series().to_list()


def day_month_year_time(expr: pl.Expr, months: Mapping[str, int] | None = None) -> pl.Expr:
    """Hevy's ``8 Apr 2026, 16:50`` in any of its app languages (``8 avr. 2026, 16:50``, ``17 Nis 2024, 13:05``,
    ``8. Apr. 2026, 16:50``, ``8 de abr. de 2026, 16:50``, ``8 Apr 2026, 4:50 PM``) → naive Datetime.

    ``months`` maps each month name (``locale_months.normalize``d) to its number; without it, the names in
    ``expr`` cannot be read (use ``localized_day_month_year``, which builds it from the file's values)."""
    text = _lowered(expr)
    parts = text.str.extract_groups(DAY_MONTH_YEAR)
    token = (
        parts.struct.field("2")
        .str.replace_all(".", "", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    month = token.replace_strict(dict(months or {}), default=None, return_dtype=pl.Int32)
    hour = parts.struct.field("4").cast(pl.Int32)
    suffix = parts.struct.field("7")
    hour = (
        pl.when(suffix == "p")
        .then(pl.when(hour == 12).then(12).otherwise(hour + 12))
        .when(suffix == "a")
        .then(pl.when(hour == 12).then(0).otherwise(hour))
        .otherwise(hour)
    )
    day = parts.struct.field("1").cast(pl.Int32)
    year = parts.struct.field("3").cast(pl.Int32)
    minute = parts.struct.field("5").cast(pl.Int32)
    second = parts.struct.field("6").cast(pl.Int32).fill_null(0)
    valid = (
        month.is_not_null()
        & day.is_between(1, 31)
        & hour.is_between(0, 23)
        & minute.is_between(0, 59)
        & second.is_between(0, 59)
    )
    # pl.datetime raises on impossible dates (31 Feb); build via a string and a non-strict parse instead.
    as_text = pl.format(
        "{}-{}-{} {}:{}:{}",
        year,
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
        hour.cast(pl.String).str.zfill(2),
        minute.cast(pl.String).str.zfill(2),
        second.cast(pl.String).str.zfill(2),
    )
    parsed = as_text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
    return pl.coalesce(pl.when(valid).then(parsed), iso_datetime(expr))


@dataclass(frozen=True)
class PerFile:
    """A parser built from the values it is about to parse (``build(values) -> Parser``): the month names
    of a file settle its language once, not per value. ``parse_distinct`` builds it from the distinct values
    an earlier step left; called directly, it is built from no values."""

    build: Callable[[pl.Series], Callable[[pl.Expr], pl.Expr]]

    def __call__(self, expr: pl.Expr) -> pl.Expr:
        return self.build(pl.Series([], dtype=pl.String))(expr)


def _with_file_months(values: pl.Series) -> Callable[[pl.Expr], pl.Expr]:
    tokens = month_tokens(values)
    if not tokens:
        return day_month_year_time
    from etl.read.locale_months import months_for  # noqa: PLC0415 (Babel only where a month name needs it)

    months = months_for(tokens)
    return lambda expr: day_month_year_time(expr, months)


# Hevy's stamp with the month names of the file's language (CLDR, every locale).
localized_day_month_year = PerFile(_with_file_months)


def built(step: Callable[[pl.Expr], pl.Expr], values: pl.Series) -> Callable[[pl.Expr], pl.Expr]:
    """``step`` ready to parse ``values``: a ``PerFile`` step built from them, any other step as it is."""
    return step.build(values) if isinstance(step, PerFile) else step


Parser = Callable[[pl.Expr], pl.Expr]

# Parsers that give exactly polars' plain cast to a dtype wherever that cast succeeds (``number`` casts
# the stripped text, and a cast that succeeds on the raw text had nothing to strip), so
# ``parse_distinct`` casts first and parses only what the cast leaves.
CAST_FIRST: dict[Parser, pl.DataType] = {number: pl.Float64()}


def hevy_english(expr: pl.Expr) -> pl.Expr:
    """The common case of Hevy's stamp, ``8 Apr 2026, 16:50``, by a plain strptime (fast)."""
    return expr.str.strptime(pl.Datetime("us"), "%d %b %Y, %H:%M", strict=False)


def iso_seconds(expr: pl.Expr) -> pl.Expr:
    """The common case of Strong's stamp, ``2022-07-28 20:14:20`` exactly, by a plain strptime (fast);
    put it before ``iso_datetime`` in a ``parse_distinct`` chain."""
    return expr.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)


# Below this many rows, parsing every row is cheaper than the distinct-value bookkeeping (a unique, a
# parse and a lookup per column cost ~1 ms each whatever the size): a re-import's new week goes direct.
DIRECT_BELOW = 4096


def parse_distinct(
    raw: pl.DataFrame,
    parsers: dict[str, tuple[str, Parser | tuple[Parser, ...]]],
    *,
    direct_below: int | None = None,
) -> pl.DataFrame:
    """Add columns parsed from only the distinct values of their source columns.

    Exports repeat a workout's date on every set row (20 rows share one) and use a few dozen loads,
    rep counts and set kinds, so parsing each distinct text once and mapping the results back is many
    times cheaper than parsing every row. ``parsers`` maps new column -> (source column, parser or
    parsers tried in order: each later, slower one only sees the values the earlier ones left
    unparsed). A parser must work value by value (no window or cross-row expressions).

    A column whose equal values come in runs (a workout's date, an exercise's name) is looked up once per run,
    by comparing neighbours rather than hashing every row; other columns are looked up per row.
    A frame of fewer than ``direct_below`` (default ``DIRECT_BELOW``) rows is parsed row by row (the
    same values, fewer steps).
    """
    if raw.height < (DIRECT_BELOW if direct_below is None else direct_below):
        return _parse_rows_directly(raw, parsers)
    present = list(dict.fromkeys(source for source, _ in parsers.values() if source in raw.columns))
    starts = raw.select(
        ((pl.int_range(pl.len()) == 0) | pl.col(c).ne_missing(pl.col(c).shift(1))).alias(c) for c in present
    )
    run_counts = starts.sum().row(0) if present else ()
    # Runs of two rows or more on average: a lookup per run plus a gather beats a lookup per row (exercise
    # names, 3.5 rows a run in a typical export: 65 -> 36 ms per 1M rows).
    long_runs = {c for c, runs in zip(present, run_counts, strict=True) if runs * 2 <= raw.height}

    def parsed(new: str, source: str, chain: Parser | tuple[Parser, ...]) -> pl.Expr | pl.Series:
        steps = chain if isinstance(chain, tuple) else (chain,)
        if source not in raw.columns:
            return steps[-1](pl.lit(None, dtype=pl.String)).alias(new)
        if source not in long_runs and steps[0] in CAST_FIRST and len(steps) == 1:
            return _cast_first(raw.get_column(source), steps[0]).alias(new)
        if source in long_runs:
            run_start = starts.get_column(source)
            values = raw.get_column(source).filter(run_start)
        else:
            values = raw.get_column(source)
        mapping = _parse_values(values.unique().drop_nulls().to_frame(source), source, new, steps)
        lookup = {"old": mapping.get_column(source), "new": mapping.get_column(new)}
        dtype = mapping.schema[new]
        if source in long_runs:
            run_ids = run_start.cast(pl.UInt32).cum_sum() - 1
            return (
                values.replace_strict(**lookup, default=None, return_dtype=dtype).gather(run_ids).alias(new)
            )
        return values.replace_strict(**lookup, default=None, return_dtype=dtype).alias(new)

    # Each column's steps are small polars calls that mostly run on one core: columns run side by side
    # (polars releases the GIL), 0.36 -> 0.25 s for Strong's 13 columns per 1M rows on two cores.
    workers = min(len(parsers), pl.thread_pool_size())
    if workers <= 1:
        return raw.with_columns(parsed(new, *spec) for new, spec in parsers.items())
    with ThreadPoolExecutor(max_workers=workers) as pool:
        columns = list(pool.map(lambda item: parsed(item[0], *item[1]), parsers.items()))
    return raw.with_columns(columns)


def _cast_first(column: pl.Series, parser: Parser) -> pl.Series:
    """``parser`` of every value of ``column``, by polars' plain cast wherever it succeeds (4x cheaper
    than a lookup per row) and by ``parser``, once per distinct value, for the text it leaves."""
    fast = column.cast(CAST_FIRST[parser], strict=False)
    left = fast.is_null() & column.is_not_null()
    if not left.any():
        return fast
    todo = column.filter(left).unique().to_frame("text")
    mapping = todo.with_columns(parser(pl.col("text")).alias("value"))
    careful = column.replace_strict(mapping.get_column("text"), mapping.get_column("value"), default=None)
    return fast.fill_null(careful)


def _parse_rows_directly(
    raw: pl.DataFrame, parsers: dict[str, tuple[str, Parser | tuple[Parser, ...]]]
) -> pl.DataFrame:
    """Every row parsed: the first step's value, else the next step's (what ``_parse_values`` gives). A
    later step runs only if the earlier ones left a value unparsed: some are large expressions whose
    planning alone costs more than a small frame's parse."""
    chains = {
        new: (source, chain if isinstance(chain, tuple) else (chain,))
        for new, (source, chain) in parsers.items()
    }
    out = raw.with_columns(
        (
            built(steps[0], raw.get_column(source))(pl.col(source))
            if source in raw.columns
            else steps[-1](pl.lit(None, dtype=pl.String))
        ).alias(new)
        for new, (source, steps) in chains.items()
    )
    later = {
        new: (source, steps)
        for new, (source, steps) in chains.items()
        if source in raw.columns and len(steps) > 1
    }
    if not later:
        return out
    left = out.select(
        (pl.col(new).is_null() & pl.col(source).is_not_null()).any().alias(new)
        for new, (source, _) in later.items()
    ).row(0, named=True)

    def rest(new: str, source: str, steps: tuple[Parser, ...]) -> pl.Expr:
        todo = out.filter(pl.col(new).is_null()).get_column(source).drop_nulls()
        return pl.coalesce(pl.col(new), *(built(step, todo)(pl.col(source)) for step in steps[1:])).alias(new)

    again = [rest(new, source, steps) for new, (source, steps) in later.items() if left[new]]
    return out.with_columns(again) if again else out


def _parse_values(todo: pl.DataFrame, source: str, new: str, steps: tuple[Parser, ...]) -> pl.DataFrame:
    """``source`` -> ``new`` for each distinct value, each step parsing what the earlier ones left null."""
    done = []
    for step in steps:
        parsed = todo.select(pl.col(source), built(step, todo.get_column(source))(pl.col(source)).alias(new))
        done.append(parsed.filter(pl.col(new).is_not_null()))
        todo = parsed.filter(pl.col(new).is_null()).select(source)
        if todo.height == 0:
            break
    return pl.concat(done)
