"""Read, validate and cache the exercise taxonomy data file.

The taxonomy is data (``exercises.csv`` beside this module), reviewed like code and
versioned by its first line, ``# taxonomy_version: X.Y.Z``, which this module parses so
that the version and the rows can never disagree. It is immutable for the life of the
process, so it is read and validated once and the same frame is returned on every call.
"""

from __future__ import annotations

import functools
import io
import re
from importlib import resources

import pandera.polars as pa
import polars as pl

from etl.taxonomy.errors import TaxonomyError
from schemas.taxonomy import TAXONOMY_COLUMNS, ExerciseTaxonomy

DATA_FILE = "exercises.csv"
_VERSION_LINE = re.compile(r"^#\s*taxonomy_version:\s*(\S+)\s*$")
MAX_LISTED_PROBLEMS = 30


def _data_text() -> str:
    return resources.files("etl.taxonomy").joinpath(DATA_FILE).read_text(encoding="utf-8")


def parse_version(text: str) -> str:
    """The version on the first line of the data file; a missing line is an error."""
    first_line = text.split("\n", 1)[0]
    found = _VERSION_LINE.match(first_line)
    if found is None:
        raise TaxonomyError(
            f"{DATA_FILE}: the first line must read '# taxonomy_version: X.Y.Z', got {first_line!r}."
        )
    return found.group(1)


def parse_taxonomy(text: str) -> pl.DataFrame:
    """The rows of a taxonomy file (``#`` lines are comments), typed but not yet validated."""
    frame = pl.read_csv(io.StringIO(text), comment_prefix="#", schema=TAXONOMY_COLUMNS)
    # An exercise without aliases has an empty cell, which is "no aliases", not a missing value.
    return frame.with_columns(pl.col("aliases").fill_null(""))


def describe_failures(frame: pl.DataFrame, errors: pa.errors.SchemaErrors) -> str:
    """Turn pandera's failure cases into one readable line per problem: row, column, value, rule."""
    ids = frame.get_column("exercise_id").to_list() if "exercise_id" in frame.columns else []
    lines = []
    for case in errors.failure_cases.to_dicts():
        index = case.get("index")
        where = "file"
        if index is not None:
            # pandera counts data rows from 0; comment and header lines are not counted.
            row_id = ids[index] if index < len(ids) else "?"
            where = f"data row {index + 1} ({row_id})"
        column = case.get("column")
        on_row = case.get("schema_context") == "DataFrameSchema"
        field = "row" if on_row else f"column {column!r}"
        value = "" if on_row else f", value {case.get('failure_case')!r}"
        lines.append(f"  {where}, {field}{value}: {case.get('check')}")
    shown = lines[:MAX_LISTED_PROBLEMS]
    if len(lines) > len(shown):
        shown.append(f"  ... and {len(lines) - len(shown)} more.")
    return "\n".join(shown)


def validate_taxonomy(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame, checked against ``ExerciseTaxonomy``; every broken rule reported at once."""
    try:
        return ExerciseTaxonomy.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise TaxonomyError(
            f"{DATA_FILE} breaks the taxonomy rules:\n{describe_failures(frame, errors)}"
        ) from errors


TAXONOMY_VERSION: str = parse_version(_data_text())


@functools.cache
def load_taxonomy() -> pl.DataFrame:
    """The validated taxonomy; read once, the same frame on every call (do not mutate it)."""
    return validate_taxonomy(parse_taxonomy(_data_text()))
