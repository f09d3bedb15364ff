"""Alpha Progression's export: blocks of sessions and exercises in a ``;`` file with decimal commas.

The file is not one table. A session line (``"Legs · Day 2";"2026-02-19 4:54 h";"1:02 hr"``)
opens a workout; an exercise line (``"1. Hack Squats · Machine · 8 reps";"WU1 · 37,5 kg · 9 reps"``)
names the exercise and packs its warm-ups; ``#;KG;REPS;RIR`` heads its sets; then one line per
set (``2;102,5;6;0``). ``read_raw`` flattens that into one text row per set line plus one per
exercise line that carries warm-ups, each with its file line.

Decisions: the exercise is named ``Hack Squats (Machine)`` (name and equipment, Strong's
convention; the target reps are dropped). RIR becomes RPE = 10 − RIR. A load written ``+35`` is
bodyweight plus 35 kg: ``weight_kg`` is the added 35 (as Strong and Hevy store weighted
bodyweight lifts) and ``notes`` says ``bodyweight + 35 kg``; ``+0`` is bodyweight alone (no
weight). A session's duration ``1:02 hr`` is H:MM; ``12:30 min`` is MM:SS.
"""

from __future__ import annotations

import re

import polars as pl

from etl.errors import InputError
from etl.read import parse
from etl.read.csvfile import MAX_FIELD_CHARS, records
from etl.read.readers import alpha_comma
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.common import FieldCheck, ParsedRows, number_check, required_check, text
from schemas.raw import AlphaRaw

APP = "alpha"

RAW_COLUMNS = (
    "Workout",
    "Date",
    "Duration",
    "Exercise",
    "Warmups",
    "Unit",
    "Set",
    "Weight",
    "Reps",
    "RIR",
    "Superset",
)
_SESSION_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{1,2}[:.]\d{2}")
_EXERCISE = re.compile(r"^\s*\d+\.\s*\S")
_SET_NUMBER = re.compile(r"^\s*\d+\s*$")
_WARMUP = (
    r"(?i)^\s*WU\s*\d*\s*·\s*([+-]?\d+(?:[.,]\d+)?)\s*(kg|kgs|lb|lbs)?\s*·\s*(\d+(?:[.,]\d+)?)\s*reps?\s*$"
)
# Parts of an exercise line that are targets or modifiers, not the name or the equipment.
_NOT_NAME = r"(?i)^\d+(?:\s*[-–]\s*\d+)?\s*(?:reps?|dropsets?|drop sets?|sets?|s|sec)$"


def detect(header: list[str]) -> str | None:
    """A file whose first line is a session line: name, then a date and time."""
    if 2 <= len(header) <= 4 and _SESSION_DATE.match(header[1]) and not _EXERCISE.match(header[0]):
        return "sessions"
    return None


def required_columns(header: list[str]) -> list[str]:
    return []


def needs_unit(shape: str) -> bool:
    """The unit is in each block's column line (``#;KG;REPS;RIR``)."""
    return False


def read_raw(text: bytes, *, delimiter: str, filename: str, header: list[str], shape: str) -> pl.DataFrame:
    """One text row per set line and per exercise line with warm-ups, with ``_line`` and ``_exercise_line``."""
    rows: dict[str, list[str | None]] = {c: [] for c in RAW_COLUMNS}
    lines: list[int] = []
    exercise_lines: list[int] = []
    session: tuple[str, str, str | None] | None = None
    exercise: tuple[int, str] | None = None
    unit = "KG"

    def add(line: int, **values: str | None) -> None:
        assert session is not None and exercise is not None
        merged = {
            "Workout": session[0],
            "Date": session[1],
            "Duration": session[2],
            "Exercise": exercise[1],
            "Unit": unit,
            **values,
        }
        for column in RAW_COLUMNS:
            rows[column].append(merged.get(column))
        lines.append(line)
        exercise_lines.append(exercise[0])

    for line, record in records(text, filename, ";"):
        fields = [f.strip() for f in record]
        if not any(fields):
            continue
        if len(fields) >= 2 and _SESSION_DATE.match(fields[1]) and not _EXERCISE.match(fields[0]):
            session, exercise, unit = (
                (fields[0], fields[1], fields[2] if len(fields) > 2 else None),
                None,
                "KG",
            )
        elif _EXERCISE.match(fields[0]):
            if session is None:
                raise InputError(
                    filename,
                    "an exercise line comes before any session line; expected a session "
                    'line like \'"Legs · Day 2";"2026-02-19 4:54 h";"1:02 hr"\' first',
                    line=line,
                )
            exercise = (line, fields[0])
            warmups = fields[1] if len(fields) > 1 and fields[1] else None
            if warmups:
                add(line, Warmups=warmups)
        elif fields[0] == "#":
            unit = fields[1].upper() if len(fields) > 1 and fields[1] else "KG"
        elif _SET_NUMBER.match(fields[0]) and len(fields) >= 3:
            if exercise is None:
                raise InputError(
                    filename,
                    "a set line comes before any exercise line; expected an exercise line like "
                    "'\"1. Hack Squats · Machine · 8 reps\"' first",
                    line=line,
                )
            add(
                line,
                Set=fields[0],
                Weight=fields[1],
                Reps=fields[2],
                RIR=fields[3] if len(fields) > 3 else None,
            )
        else:
            raise InputError(
                filename,
                f"this line is neither a session line, an exercise line, the '#;KG;REPS;RIR' line nor a set line "
                f"like '1;102,5;8;1' (it starts {fields[0][:40]!r})",
                line=line,
            )
    if not lines:
        raise InputError(
            filename,
            "the file has no set lines; expected lines like '1;102,5;8;1' under each exercise",
            line=2,
        )
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in rows.items()})
    return frame.with_columns(
        pl.Series("_line", lines, dtype=pl.Int64), pl.Series("_exercise_line", exercise_lines, dtype=pl.Int64)
    )


def _exercise_name() -> pl.Expr:
    """``1. Hack Squats · Machine · 8 reps`` → ``Hack Squats (Machine)``."""
    parts = (
        text("Exercise")
        .str.replace(r"^\d+\.\s*", "")
        .str.split("·")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter((pl.element() != "") & ~pl.element().str.contains(_NOT_NAME)))
    )
    name = parts.list.get(0, null_on_oob=True)
    equipment = parts.list.get(1, null_on_oob=True)
    return pl.when(equipment.is_null()).then(name).otherwise(pl.format("{} ({})", name, equipment))


def _start() -> pl.Expr:
    """``2026-02-19 4:54 h`` (24-hour, with an ``h``) → naive local datetime."""
    return parse.iso_datetime(text("Date").str.replace(r"\s*[hH]$", ""))


def _duration() -> pl.Expr:
    """``1:02 hr`` (H:MM), ``12:30 min`` (MM:SS), or whole ``51 min`` / ``1 hr`` (the comma variant)."""
    parts = text("Duration").str.extract_groups(r"^(\d+):(\d{2})\s*(hr|h|min|m)?$")
    first = parts.struct.field("1").cast(pl.Float64)
    second = parts.struct.field("2").cast(pl.Float64)
    minutes = parts.struct.field("3").is_in(["min", "m"]).fill_null(False)
    whole = text("Duration").str.extract_groups(r"^(\d+)\s*(hr|h|min|m)$")
    amount = whole.struct.field("1").cast(pl.Float64)
    per = pl.when(whole.struct.field("2").is_in(["min", "m"])).then(60.0).otherwise(3600.0)
    return pl.coalesce(
        pl.when(minutes).then(first * 60 + second).otherwise(first * 3600 + second * 60), amount * per
    )


def _load(weight: pl.Expr, factor: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The logged load in kg (null for bodyweight alone) and the note for ``+N`` bodyweight loads."""
    plus = weight.str.starts_with("+").fill_null(False)
    value = parse.number(weight.str.strip_prefix("+"))
    kg = pl.when(value == 0).then(None).otherwise(value * factor)
    note = (
        pl.when(plus & (value == 0))
        .then(pl.lit("bodyweight"))
        .when(plus)
        .then(
            pl.format("bodyweight + {} {}", weight.str.strip_prefix("+"), pl.col("Unit").str.to_lowercase())
        )
        .otherwise(None)
    )
    return kg, note


def _frame(
    rows: pl.DataFrame, *, weight: pl.Expr, reps: pl.Expr, rir: pl.Expr, kind: str, sub: pl.Expr
) -> pl.DataFrame:
    factor = (
        pl.when(pl.col("Unit").str.to_uppercase().str.starts_with("LB")).then(parse.KG_PER_LB).otherwise(1.0)
    )
    kg, note = _load(weight, factor)
    return rows.select(
        pl.col("_line"),
        pl.col("_exercise_line"),
        sub.alias("_sub"),
        pl.lit(None, dtype=pl.String).alias("skip_reason"),
        _start().alias("workout_start"),
        text("Workout").alias("workout_name"),
        _duration().alias("workout_duration_s"),
        pl.lit(None, dtype=pl.String).alias("workout_notes"),
        _exercise_name().alias("exercise_name"),
        pl.lit(kind).alias("set_kind"),
        kg.alias("weight_kg"),
        reps.alias("reps"),
        (10 - rir).alias("rpe"),
        pl.lit(None, dtype=pl.Float64).alias("distance_m"),
        pl.lit(None, dtype=pl.Float64).alias("duration_s"),
        pl.concat_str([note, text("Superset").str.to_lowercase()], separator=" · ", ignore_nulls=True)
        .replace("", None)
        .alias("notes"),
    )


def parse_rows(raw: pl.DataFrame, shape: str, *, unit: str | None, filename: str) -> ParsedRows:
    """Warm-ups (from the exercise line) then working sets, in file order; loads in kg, RPE from RIR."""
    sets = _frame(
        raw.filter(pl.col("Warmups").is_null()),
        weight=text("Weight"),
        reps=parse.number(pl.col("Reps")),
        rir=parse.number(pl.col("RIR")),
        kind="working",
        sub=pl.lit(0, dtype=pl.Int64),
    )
    parts = (
        raw.filter(pl.col("Warmups").is_not_null())
        .with_columns(pl.col("Warmups").str.split("<br>").alias("_part"))
        .explode("_part")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("_line").alias("_sub"))
        .with_columns(pl.col("_part").str.extract_groups(_WARMUP).alias("_wu"))
        .with_columns(
            pl.col("_wu").struct.field("1").alias("_wu_weight"),
            pl.col("_wu").struct.field("3").alias("_wu_reps"),
            pl.coalesce(pl.col("_wu").struct.field("2"), pl.col("Unit")).alias("Unit"),
        )
    )
    warmups = _frame(
        parts,
        weight=pl.col("_wu_weight"),
        reps=parse.number(pl.col("_wu_reps")),
        rir=pl.lit(None, dtype=pl.Float64),
        kind="warmup",
        sub=pl.col("_sub"),
    )
    frame = (
        pl.concat([warmups, sets], how="vertical")
        .sort("_line", "_sub")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("_exercise_line").alias("block_hint"))
        .drop("_exercise_line", "_sub")
    )
    warmup_bad = (
        pl.col("Warmups")
        .str.split("<br>")
        .list.eval(~pl.element().str.contains(_WARMUP))
        .list.any()
        .fill_null(False)
    )
    is_set = pl.col("Warmups").is_null()
    checks = [
        required_check("Date", _start(), "a session date like 2026-02-19 4:54 h"),
        required_check(
            "Exercise", _exercise_name(), "an exercise line like '1. Hack Squats · Machine · 8 reps'"
        ),
        FieldCheck("Warmups", "warm-ups like 'WU1 · 37,5 kg · 9 reps', separated by <br>", warmup_bad),
        *[
            FieldCheck(c.column, c.expected, c.bad & is_set)
            for c in (
                number_check("Weight", "a load like 102,5 or +35 (bodyweight plus 35)"),
                required_check("Reps", parse.number(pl.col("Reps")), "a number of reps"),
                number_check("RIR", "reps in reserve, a number"),
            )
        ],
    ]
    units = raw.get_column("Unit").str.to_uppercase().drop_nulls()
    pounds = int(units.str.starts_with("LB").sum())
    return ParsedRows(
        frame=frame,
        raw=raw,
        checks=checks,
        source_columns={"weight_kg": "Weight", "reps": "Reps", "rpe": "RIR"},
        unit="lb" if pounds > units.len() - pounds else "kg",
    )


class AlphaReader(Reader):
    app = APP
    label = "Alpha Progression"
    expected_header = 'a first line like \'"Legs · Day 2";"2026-02-19 4:54 h";"1:02 hr"\''
    raw_schema = AlphaRaw

    def detect(self, sample: Sample) -> str | None:
        return detect(sample.header) or alpha_comma.detect([sample.header, *sample.rows])

    def shape_label(self, shape: str) -> str:
        return "Alpha Progression (comma-separated)" if shape == alpha_comma.SHAPE else self.label

    def read_raw(
        self,
        text: bytes,
        *,
        delimiter: str,
        header: list[str],
        shape: str,
        ctx: ReadContext,
        max_field_bytes: int = MAX_FIELD_CHARS,
    ) -> pl.DataFrame:
        if shape == alpha_comma.SHAPE:
            return alpha_comma.read_raw(text, filename=ctx.filename, columns=RAW_COLUMNS)
        return read_raw(text, delimiter=delimiter, filename=ctx.filename, header=header, shape=shape)

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        return parse_rows(raw, shape, unit=ctx.unit, filename=ctx.filename)


READER = AlphaReader()
