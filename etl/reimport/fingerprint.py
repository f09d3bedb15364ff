"""Workout fingerprints: why a cumulative re-import only parses what is new.

Exports are cumulative, so the usual upload is last month's file plus a week. Reading the CSV is
cheap; parsing, normalising and validating every row again is not. Each workout's raw rows (every
column, in file order, not the line numbers) are hashed, salted with everything else that decides
how they parse (reader, header shape and columns, unit, time zone, athlete, the parsing code itself
and ``FINGERPRINT_VERSION``). A workout whose fingerprint is stored for this athlete and source, and
whose stored sets are still the ones that fingerprint produced, is skipped: the full path would
find every one of its sets unchanged. Everything else (new or edited workouts, rows of no workout)
takes the full path.

What keeps that sound:

- only a reader that names the raw columns identifying a workout (``Reader.workout_columns``) and whose
  parse of one workout's rows does not depend on other workouts' rows takes part;
- a fingerprint is stored only for a workout that produced sets of exactly one start time, no bad
  or flagged value (so a file with a bad row is rejected, every time, with every bad row listed),
  and whose start time no other workout of the file shares;
- ``etl.store.upsert.upsert_sets``, the only writer of ``sets``, forgets the fingerprint of every workout it
  writes, in the same transaction, and the lookup checks the stored set count;
- what the report needs of a skipped workout (its start, key, set count and skipped rows by
  reason) is stored with its fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from etl.errors import BadRow
from etl.read.csvfile import LINE
from etl.read.readers.base import Reader

# Bump when parsing changes in a way the code digest below would not see (e.g. a dependency's behaviour).
FINGERPRINT_VERSION = 2  # 2: one row hash, its list hashed under two seeds

GROUP = "_group"

# The modules whose code decides what a workout's raw rows become; a change to any of them
# invalidates every stored fingerprint (the reader's own module is added per file).
_PARSING_MODULES = (
    "etl/read/export_file.py",
    "etl/read/parse.py",
    "etl/read/dateorder.py",
    "etl/read/locale_months.py",
    "etl/read/locale_units.py",
    "etl/read/timezone.py",
    "etl/read/canonical.py",
    "etl/read/readers/common.py",
    "etl/read/readers/base.py",
    "etl/read/units.py",
    "etl/reimport/fingerprint.py",
    "schemas/sets.py",
)
_ROOT = Path(__file__).resolve().parents[2]  # the repository (or site-packages) root


@dataclass(frozen=True)
class Groups:
    """A file's raw rows grouped by workout: ``row_group`` aligned with the raw frame's rows, and per
    group its fingerprint (two 64-bit halves) and whether its workout columns are all present."""

    row_group: pl.Series
    groups: pl.DataFrame  # _group, fp1, fp2, keyed, key (a hash of the workout columns' values)


def workout_columns(reader: Reader, header: Sequence[str]) -> tuple[str, ...] | None:
    """The reader's workout-identifying raw columns, or None when it has none (or the file lacks one)."""
    columns = reader.workout_columns
    if not columns or any(c not in header for c in columns):
        return None
    return tuple(columns)


@cache
def _code_digest(reader_file: str) -> str:
    digest = hashlib.sha256()
    for name in (*_PARSING_MODULES, reader_file):
        path = _ROOT / name if not Path(name).is_absolute() else Path(name)
        digest.update(name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def seeds(
    *, reader: Reader, app: str, shape: str, header: Sequence[str], unit: str | None, tz: str, athlete: str
) -> tuple[int, int]:
    """Two hash seeds from everything besides the rows that decides how they parse."""
    salt = json.dumps(
        [
            FINGERPRINT_VERSION,
            pl.__version__,
            _code_digest(reader.source_file),
            app,
            shape,
            list(header),
            unit,
            tz,
            athlete,
        ]
    ).encode()
    digest = hashlib.sha256(salt).digest()
    return int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:16], "big")


def group_workouts(raw: pl.DataFrame, columns: tuple[str, ...], seed: tuple[int, int]) -> Groups:
    """Group rows by the workout columns (file order kept inside each) and fingerprint each group."""
    content = raw.select(c for c in raw.columns if c != LINE)
    # One 64-bit hash per row (salted), and the workout's list of them hashed under two seeds: two rows
    # that differ collide with odds of 2^-64, two different lists of row hashes with 2^-128.
    rows = raw.select(columns).with_columns(
        content.hash_rows(seed=seed[0]).alias("_h"),
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
    )
    grouped = (
        rows.group_by(columns, maintain_order=True)
        .agg("_h", "_row")
        .with_row_index(GROUP)
        .with_columns(
            pl.col("_h").hash(seed[1]).alias("fp1"),
            pl.col("_h").hash(seed[0] ^ seed[1]).alias("fp2"),
            pl.all_horizontal(pl.col(c).is_not_null() for c in columns).alias("keyed"),
            pl.struct(columns).hash(seed[1] ^ seed[0] ^ 1).alias("key"),
        )
    )
    row_group = grouped.select(GROUP, "_row").explode("_row").sort("_row").get_column(GROUP)
    return Groups(row_group=row_group, groups=grouped.select(GROUP, "fp1", "fp2", "keyed", "key"))


def with_known(groups: Groups, known: pl.DataFrame) -> Groups | None:
    """``groups`` of the rows read plus the ``known`` workouts (fp1, fp2, key) of a region not read
    (``etl.reimport.known_region``), numbered after them; None when a row read belongs to a known workout."""
    if known.height and groups.groups.get_column("key").is_in(known.get_column("key").implode()).any():
        return None
    extra = known.with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).add(groups.groups.height).alias(GROUP),
        pl.lit(True).alias("keyed"),
    ).select(groups.groups.columns)
    return Groups(
        row_group=groups.row_group, groups=pl.concat([groups.groups, extra.cast(groups.groups.schema)])
    )


_STORED: dict[str, pl.DataType] = {
    "fp1": pl.UInt64(),
    "fp2": pl.UInt64(),
    "workout_start": pl.Datetime("us"),
    "workout_key": pl.String(),
    "sets": pl.Int64(),
    "skipped": pl.String(),
}
# ``to_record``'s answer when no workout qualifies.
NO_FINGERPRINTS = pl.DataFrame(schema=_STORED)
# ``lookup``'s answer when no workout matches.
NO_MATCHES = pl.DataFrame(
    schema={GROUP: pl.UInt32, **{k: v for k, v in _STORED.items() if k not in ("fp1", "fp2")}}
)


def lookup(con: duckdb.DuckDBPyConnection, athlete: str, source: str, groups: Groups) -> pl.DataFrame:
    """The file's groups whose fingerprint is stored and whose stored set count still matches:
    ``_group, workout_start, workout_key, sets, skipped`` (skipped: JSON reason -> rows)."""
    found = con.execute(
        """
        SELECT w.fp1, w.fp2, w.workout_start, w.workout_key, w.sets, w.skipped
        FROM workout_fingerprints w
        JOIN (
            SELECT workout_start, count(*) AS n FROM sets WHERE athlete = ? AND source = ? GROUP BY workout_start
        ) s ON s.workout_start = w.workout_start AND s.n = w.sets
        WHERE w.athlete = ? AND w.source = ?
        """,
        [athlete, source, athlete, source],
    ).fetchnumpy()  # columnar; con.sql(...).pl() would refuse a caller's unfinished result
    stored = pl.DataFrame({name: found[name] for name in _STORED}).cast(_STORED)  # type: ignore[arg-type]
    return (
        groups.groups.filter("keyed")
        .select(GROUP, "fp1", "fp2")
        .join(stored, on=["fp1", "fp2"], how="inner")
        .select(GROUP, "workout_start", "workout_key", "sets", "skipped")
        .sort(GROUP)
    )


def skipped_totals(matched: pl.DataFrame) -> dict[str, int]:
    """Skipped rows by reason over the matched (unparsed) workouts."""
    totals: dict[str, int] = {}
    for text in matched.filter(pl.col("skipped") != "{}").get_column("skipped").to_list():
        for reason, n in json.loads(text).items():
            totals[reason] = totals.get(reason, 0) + int(n)
    return totals


def to_record(
    *,
    lines: pl.DataFrame,
    sets: pl.DataFrame,
    frame: pl.DataFrame,
    bad_rows: Sequence[BadRow],
    flagged: Sequence[BadRow],
    groups: Groups,
) -> pl.DataFrame:
    """The fingerprints to store for the parsed workouts: ``fp1, fp2, workout_start, workout_key, sets,
    skipped``. ``lines`` maps each parsed raw line to its group; ``sets`` are the canonical sets written,
    ``frame`` the reader's typed rows (their skip reasons); bad and flagged rows disqualify their workout."""
    empty = NO_FINGERPRINTS
    problem_lines = [b.line for b in (*bad_rows, *flagged)]
    if any(line is None for line in problem_lines):
        return empty  # a problem nobody can place: trust no workout of this file
    tainted = lines.filter(pl.col(LINE).is_in(problem_lines)).get_column(GROUP).unique().implode()
    in_groups = sets.select(pl.col("source_line").alias(LINE), "workout_start", "workout_key").join(
        lines, on=LINE, how="inner"
    )
    per = in_groups.group_by(GROUP).agg(
        pl.col("workout_start").n_unique().alias("_starts"),
        pl.col("workout_start").first(),
        pl.col("workout_key").first(),
        pl.len().cast(pl.Int64).alias("sets"),
    )
    # A start time that two of the file's workouts produce is no one workout's.
    shared = (
        per.group_by("workout_start").len().filter(pl.col("len") > 1).get_column("workout_start").implode()
    )
    keyed = groups.groups.filter("keyed").get_column(GROUP).implode()
    per = per.filter(
        (pl.col("_starts") == 1)
        & pl.col(GROUP).is_in(keyed)
        & ~pl.col(GROUP).is_in(tainted)
        & ~pl.col("workout_start").is_in(shared)
    )
    if per.height == 0:
        return empty
    skips = (
        frame.filter(pl.col("skip_reason").is_not_null())
        .select(LINE, "skip_reason")
        .join(lines, on=LINE, how="inner")
        .group_by(GROUP, "skip_reason")
        .len()
        .sort(GROUP, "skip_reason")
    )
    skipped: dict[int, dict[str, int]] = {}
    for group, reason, n in skips.iter_rows():
        skipped.setdefault(group, {})[reason] = n
    as_json = pl.DataFrame(
        {GROUP: list(skipped), "skipped": [json.dumps(r, sort_keys=True) for r in skipped.values()]},
        schema={GROUP: per.schema[GROUP], "skipped": pl.String},
    )
    per = per.join(as_json, on=GROUP, how="left").with_columns(pl.col("skipped").fill_null("{}"))
    return per.join(groups.groups.select(GROUP, "fp1", "fp2"), on=GROUP).select(empty.columns)


def record(con: duckdb.DuckDBPyConnection, athlete: str, source: str, fingerprints: pl.DataFrame) -> None:
    """Store fingerprints for workouts just written (``upsert_sets`` has forgotten their old ones).
    Call inside the import's transaction."""
    if fingerprints.height == 0:
        return
    con.register("_new_fingerprints", fingerprints)
    try:
        con.execute(
            "INSERT INTO workout_fingerprints (athlete, source, workout_start, workout_key, fp1, fp2, sets, skipped) "
            "SELECT ?, ?, workout_start, workout_key, fp1, fp2, sets, skipped FROM _new_fingerprints",
            [athlete, source],
        )
    finally:
        con.unregister("_new_fingerprints")


def forget(con: duckdb.DuckDBPyConnection, workouts: str) -> None:
    """Drop the fingerprints of the workouts in ``workouts`` (a relation of athlete, source,
    workout_start): their sets are being rewritten. Called by ``etl.store.upsert.upsert_sets``."""
    con.execute(
        f"DELETE FROM workout_fingerprints f WHERE EXISTS (SELECT 1 FROM {workouts} w "  # noqa: S608 - our own SQL
        "WHERE w.athlete = f.athlete AND w.source = f.source AND w.workout_start = f.workout_start)"
    )
