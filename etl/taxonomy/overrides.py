"""Per-athlete name overrides: "when I log this name, I mean that exercise".

A lifter who calls their hip thrusts "Glute Day Special", or whose "Kickbacks" are glute
kickbacks, says so once; the override wins over every default match from then on. The
overrides live in the ``name_overrides`` table that ``etl.store.database`` owns, keyed by athlete
and the name exactly as logged. Every id written is checked against the taxonomy first,
so a stored override always points at a real exercise.
"""

from __future__ import annotations

import duckdb

from etl.errors import LiftbalanceError
from etl.store.database import transaction
from etl.taxonomy.match import default_matcher


def set_override(con: duckdb.DuckDBPyConnection, athlete: str, name: str, exercise_id: str) -> None:
    """Map ``name`` (as logged) to ``exercise_id`` for ``athlete``, replacing any earlier choice.

    Raises ``UnknownExerciseError`` (naming the closest ids) when the taxonomy has no
    such exercise, and ``LiftbalanceError`` for an empty athlete or name.
    """
    if not athlete.strip():
        raise LiftbalanceError("An override needs an athlete.")
    if not name.strip():
        raise LiftbalanceError("An override needs the exercise name as it appears in the log.")
    matcher = default_matcher()
    if exercise_id not in matcher.credits:
        raise matcher.unknown(exercise_id)
    with transaction(con):
        con.execute(
            """
            INSERT INTO name_overrides (athlete, name, exercise_id) VALUES (?, ?, ?)
            ON CONFLICT (athlete, name)
            DO UPDATE SET exercise_id = excluded.exercise_id, created_at = now()
            """,
            [athlete, name, exercise_id],
        )


def remove_override(con: duckdb.DuckDBPyConnection, athlete: str, name: str) -> bool:
    """Forget the override for ``name``; True if there was one."""
    with transaction(con):
        removed = con.execute(
            "DELETE FROM name_overrides WHERE athlete = ? AND name = ? RETURNING name",
            [athlete, name],
        ).fetchall()
    return bool(removed)


def get_overrides(con: duckdb.DuckDBPyConnection, athlete: str) -> dict[str, str]:
    """``{name as logged: exercise_id}`` for ``athlete``, ready for ``credit_names``."""
    rows = con.execute(
        "SELECT name, exercise_id FROM name_overrides WHERE athlete = ? ORDER BY name",
        [athlete],
    ).fetchall()
    return {name: exercise_id for name, exercise_id in rows}
