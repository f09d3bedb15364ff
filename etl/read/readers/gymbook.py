"""GymBook's (iOS) CSV export in any app language: one row per set, words and units in the cells.

GymBook translates its header and its cell words. The Italian export reads
``Data,Programma,Orario,Esercizio,Zona,Gruppi muscolari (Primari),Gruppi muscolari (Secondari),
Set / Set di riscaldamento / Set di defaticamento,Ripetizioni / Tempo,Peso / Distanza,Appunti,Saltato``,
so the file is recognised by its shape: twelve columns, the set-kind column's header listing three kinds
separated by `` / ``, two ``A / B`` columns after it, a numeric date and a ``19:30`` time in the rows.
Columns are then read by position, and every word comes from the file or from CLDR:

- the set kinds are the three words of that header, in order: working, warm-up, cool-down. A cool-down
  set is no working set, so it is kept as a warm-up (liftbalance has no cool-down kind) and its notes say
  ``cool-down set``;
- ``20 ripetizioni`` is reps and ``60 secondi`` / ``6 minuti`` a time: a word CLDR names as a second,
  minute or hour (``etl.read.locale_units``) is a time, the header's own word for reps (and its other forms) is
  reps;
- ``0,00 kg`` / ``0,55 km``: a load or a distance by the unit CLDR gives the word, decimal commas read;
- dates are numeric with 2-digit years (``09/01/25``), day-first or month-first as the whole file says
  (``etl.read.dateorder``); each set has its own time, and a workout is the sets of one date and program,
  starting at its first set;
- the last column flags skipped sets (``Sì``/``No``): a skipped set is not a set and is counted.
  Whether a flag means yes or no: the words for "no" below (CLDR has none in Babel), or else the value
  most sets carry (a heuristic: most logged sets are done), said in a warning.
"""

from __future__ import annotations

import re

import pandera.polars as pa
import polars as pl

from etl.read import dateorder, parse
from etl.read.locale_months import normalize
from etl.read.locale_units import UNITS, units_of
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, all_blank, required_check

APP = "gymbook"
COLUMNS = 12
DATE, PROGRAM, TIME, EXERCISE, KIND, AMOUNT, LOAD, NOTES, SKIPPED = 0, 1, 2, 3, 7, 8, 9, 10, 11
_CELL = r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(\S.*?)?\s*$"
# "No" in the languages GymBook ships; CLDR's yes/no words are not in Babel's data.
_NO = frozenset(
    {
        "no",
        "non",
        "nein",
        "nee",
        "nej",
        "nei",
        "não",
        "nao",
        "nie",
        "ne",
        "нет",
        "ні",
        "hayır",
        "ei",
        "nem",
        "nu",
        "όχι",
        "tidak",
        "không",
        "いいえ",
        "아니요",
        "否",
        "ไม่",
    }
)
_SKIPPED = "marked_skipped_in_app"


class GymBookRaw(pa.DataFrameModel):
    """GymBook's columns are named in the app's language, so only the line is checked by name."""

    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


def _kinds(header: str) -> list[str]:
    return [normalize(k) for k in header.split(" / ")]


def _looks_like(sample: Sample) -> bool:
    header = sample.header
    if len(header) != COLUMNS or len(_kinds(header[KIND])) != 3:
        return False
    if any(len(header[i].split(" / ")) != 2 for i in (AMOUNT, LOAD)):
        return False
    rows = [r for r in sample.rows if len(r) == COLUMNS]
    dated = [
        r
        for r in rows
        if re.match(dateorder.NUMERIC_DATE, r[DATE]) and re.match(r"^\s*\d{1,2}[:.]\d{2}\s*$", r[TIME])
    ]
    return len(dated) * 2 > len(rows) and any(re.match(_CELL, r[AMOUNT]) for r in dated)


def _cells(raw: pl.DataFrame, column: str) -> tuple[pl.Expr, pl.Expr]:
    """The number (decimal comma or point) and the normalised word of a ``60 secondi`` cell."""
    parts = pl.col(column).str.extract_groups(_CELL)
    word = parts.struct.field("2").str.to_lowercase().str.replace_all(".", "", literal=True).str.strip_chars()
    return parse.number(parts.struct.field("1")), word


def _words(raw: pl.DataFrame, column: str) -> list[str]:
    _, word = _cells(raw, column)
    return raw.select(word.unique().drop_nulls()).to_series().to_list()


def _factors(words: dict[str, str]) -> dict[str, float]:
    return {word: UNITS[unit][1] for word, unit in words.items()}


def _done_words(values: pl.Series) -> tuple[set[str], str | None]:
    """The skipped column's values that mean "not skipped", and a warning when that was guessed."""
    counts = values.drop_nulls().str.strip_chars().str.to_lowercase().value_counts(sort=True)
    seen = counts.get_column(values.name).to_list() if counts.height else []
    known = {v for v in seen if v in _NO}
    if known:
        return known, None
    if len(seen) <= 1:
        return set(seen), None  # one value on every row: nothing was skipped
    return {seen[0]}, (
        f"the skipped-set column's values {', '.join(repr(v) for v in seen)} are not known words for "
        f"no; {seen[0]!r}, the most common, was read as 'not skipped' and the rest as skipped sets"
    )


def parse_rows(raw: pl.DataFrame, *, ctx: ReadContext) -> ParsedRows:
    """Typed sets in kg, metres and seconds: one per set row that was not skipped."""
    names = [c for c in raw.columns if not c.startswith("_")]
    col = dict(enumerate(names))
    order = dateorder.decide(
        raw.get_column(col[DATE]), filename=ctx.filename, column=col[DATE], given=ctx.date_order
    )
    kinds = _kinds(col[KIND])
    kind_word = pl.col(col[KIND]).str.strip_chars().str.to_lowercase().str.replace_all(".", "", literal=True)
    kind = kind_word.replace_strict(
        {kinds[0]: "working", kinds[1]: "warmup", kinds[2]: "warmup"}, default=None, return_dtype=pl.String
    )

    amount, amount_word = _cells(raw, col[AMOUNT])
    reps_word = normalize(col[AMOUNT].split(" / ")[0])
    words = _words(raw, col[AMOUNT])
    # The header's word for reps and its other forms (``rep``/``reps``, ``ripetizione``/``ripetizioni``).
    timed = [w for w in words if w[:3] != reps_word[:3]]
    seconds_per = _factors(units_of(timed, "time")) if timed else {}
    per = amount_word.replace_strict(seconds_per, default=None, return_dtype=pl.Float64)
    is_reps = amount_word.str.slice(0, 3) == reps_word[:3]

    load, load_word = _cells(raw, col[LOAD])
    load_words = _words(raw, col[LOAD])
    load_units = units_of(load_words, "mass", "length") if load_words else {}
    kg_per = _factors({w: u for w, u in load_units.items() if UNITS[u][0] == "mass"})
    m_per = _factors({w: u for w, u in load_units.items() if UNITS[u][0] == "length"})
    weight = load * load_word.replace_strict(kg_per, default=None, return_dtype=pl.Float64)
    distance = load * load_word.replace_strict(m_per, default=None, return_dtype=pl.Float64)

    warnings: list[str] = []
    done, guessed = _done_words(raw.get_column(col[SKIPPED])) if SKIPPED in col else (set(), None)
    if guessed:
        warnings.append(f"{ctx.filename}: {guessed} (a heuristic).")
    flag = (
        pl.col(col[SKIPPED]).str.strip_chars().str.to_lowercase()
        if SKIPPED in col
        else pl.lit(None, pl.String)
    )
    skipped = flag.is_not_null() & (flag != "") & ~flag.is_in(sorted(done))

    day = dateorder.to_datetime(pl.col(col[DATE]), order)
    clock = (
        pl.col(col[TIME])
        .str.strip_chars()
        .str.replace(".", ":", literal=True)
        .str.strptime(pl.Time, "%H:%M", strict=False)
    )
    at = day.dt.combine(clock.fill_null(pl.time(0)))
    program = parse.blank_to_null(pl.col(col[PROGRAM]))
    start = at.min().over(day, program.fill_null(""))
    notes = parse.blank_to_null(pl.col(col[NOTES])) if NOTES in col else pl.lit(None, pl.String)
    cool_down = kind_word == kinds[2]
    frame = raw.select(
        pl.col("_line"),
        pl.when(all_blank(raw))
        .then(pl.lit("blank_line"))
        .when(skipped)
        .then(pl.lit(_SKIPPED))
        .otherwise(None)
        .alias("skip_reason"),
        start.alias("workout_start"),
        program.alias("workout_name"),
        pl.lit(None, dtype=pl.Float64).alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        parse.blank_to_null(pl.col(col[EXERCISE])).alias("exercise_name"),
        kind.alias("set_kind"),
        pl.when(weight == 0).then(None).otherwise(weight).alias("weight_kg"),
        pl.when(is_reps).then(amount).alias("reps"),
        pl.lit(None, dtype=pl.Float64).alias("rpe"),
        pl.when(distance == 0).then(None).otherwise(distance).alias("distance_m"),
        pl.when(~is_reps & (amount * per != 0)).then(amount * per).alias("duration_s"),
        pl.concat_str(
            [pl.when(cool_down).then(pl.lit("cool-down set")), notes], separator=" · ", ignore_nulls=True
        )
        .replace("", None)
        .alias("notes"),
        pl.lit(None, dtype=pl.Int64).alias("block_hint"),
    )
    checks = [
        required_check(col[DATE], day, "a date like 09/01/25"),
        FieldCheck(
            col[TIME],
            "a time like 19:30",
            clock.is_null() & parse.blank_to_null(pl.col(col[TIME])).is_not_null(),
        ),
        required_check(col[EXERCISE], parse.blank_to_null(pl.col(col[EXERCISE])), "an exercise name"),
        required_check(col[KIND], kind, "one of " + ", ".join(repr(k) for k in col[KIND].split(" / "))),
        FieldCheck(
            col[AMOUNT],
            f"reps or a time, like '10 {reps_word}' or '60 seconds'",
            parse.blank_to_null(pl.col(col[AMOUNT])).is_not_null()
            & (amount.is_null() | (~is_reps & per.is_null())),
        ),
        FieldCheck(
            col[LOAD],
            "a load or a distance, like '20,00 kg' or '0,55 km'",
            parse.blank_to_null(pl.col(col[LOAD])).is_not_null() & weight.is_null() & distance.is_null(),
        ),
    ]
    # The two cells feed loads and reps too, so they are named only for those (a bad cell refuses the row).
    sources = {"weight_kg": col[LOAD], "reps": col[AMOUNT]}
    unit = "lb" if "mass-pound" in load_units.values() else "kg"
    return ParsedRows(
        frame=frame, raw=raw, checks=checks, source_columns=sources, unit=unit, warnings=warnings
    )


class GymBookReader(Reader):
    app = APP
    label = "GymBook"
    expected_header = (
        "'Data,Programma,Orario,Esercizio,...,Set / Set di riscaldamento / Set di defaticamento,"
        "Ripetizioni / Tempo,Peso / Distanza,Appunti,Saltato' (in the app's language)"
    )
    raw_schema = GymBookRaw
    set_kinds = {"set": "working", "set di riscaldamento": "warmup", "set di defaticamento": "warmup"}

    def detect(self, sample: Sample) -> str | None:
        return "sets" if _looks_like(sample) else None

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, ctx=ctx)


READER = GymBookReader()
