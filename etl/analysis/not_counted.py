"""What an import read but does not count, in words a lifter can act on.

An import report that only says "2,300 sets added" hides the sets that add nothing to any
chart: exercise names the taxonomy does not recognise (they credit no muscle until the lifter
maps them) and rows the reader skipped (blank lines, rest timers, sets never performed).
``unrecognised_names`` finds the first, after the athlete's own mappings, for the workouts of
one file; ``SKIP_REASONS`` words the second for the CLI and the upload page alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from etl.taxonomy import credit_names, get_overrides, load_taxonomy


def unrecognised_names(
    con: duckdb.DuckDBPyConnection, athlete: str, workout_keys: pl.Series
) -> list[dict[str, object]]:
    """``[{name, sets}]``: the logged names in ``workout_keys`` that credit no muscle, with their working
    sets (warm-ups excluded, as every chart counts), most sets first.

    Read from the store, so a re-import that skips unchanged workouts reports what reading the whole
    file would. An override pointing at an exercise the taxonomy no longer defines is ignored here
    rather than failing the import; the Exercises page names it.
    """
    keys = workout_keys.unique().to_list()
    if not keys:
        return []
    rows = con.execute(
        """
        SELECT exercise_name, count(*) AS sets
        FROM sets
        WHERE athlete = ? AND set_kind <> 'warmup' AND workout_key IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY exercise_name
        """,
        [athlete, keys],
    ).fetchall()
    if not rows:
        return []
    known = set(load_taxonomy().get_column("exercise_id").to_list())
    overrides = {name: target for name, target in get_overrides(con, athlete).items() if target in known}
    counts = dict(rows)
    credit = credit_names(list(counts), overrides)
    names = credit.filter(pl.col("match") == "unmapped").get_column("name").to_list()
    found = sorted(((str(n), int(counts[n])) for n in names), key=lambda item: (-item[1], item[0]))
    return [{"name": name, "sets": sets} for name, sets in found]


@dataclass(frozen=True)
class SkipReason:
    """A reason a reader skips a row: a short phrase for the count, and why it is safe to skip."""

    what: str
    why: str


SKIP_REASONS: dict[str, SkipReason] = {
    "blank_line": SkipReason("blank lines", "Empty lines in the file hold no set; nothing is lost."),
    "rest_timer": SkipReason(
        "rest timers", "The app writes its rest timer as a row of its own; it is a pause, not a set."
    ),
    "note_row": SkipReason(
        "note rows", "The app writes a note as a row of its own; the note is not a set, so it adds nothing."
    ),
    "no_sets": SkipReason(
        "exercises with no sets",
        "The exercise is listed but no set was logged under it (a planned exercise that was not done).",
    ),
    "not_completed": SkipReason(
        "sets not completed",
        "The set was planned but no reps were logged as done; mark it completed in the app to count it.",
    ),
    "unperformed_set": SkipReason(
        "sets with 0 reps",
        "The set is logged with 0 reps, so it was not performed; log its reps to count it.",
    ),
}


def skip_reason(reason: str) -> SkipReason:
    """The words for ``reason``; a reason without its own words (a new reader's) is spelled out plainly."""
    return SKIP_REASONS.get(reason) or SkipReason(reason.replace("_", " "), "The app's row holds no set.")


def skipped_line(reason: str, count: int) -> str:
    """``Skipped 3 rows: rest timers``."""
    return f"Skipped {count:,} row{'' if count == 1 else 's'}: {skip_reason(reason).what}"


def unrecognised_line(names: list[dict[str, object]]) -> str:
    """``2 exercise names not recognised (14 working sets count for no muscle)``."""
    sets = sum(int(str(n["sets"])) for n in names)
    return (
        f"{len(names):,} exercise name{'' if len(names) == 1 else 's'} not recognised "
        f"({sets:,} working set{'' if sets == 1 else 's'} count{'s' if sets == 1 else ''} for no muscle)"
    )
