"""Raw rows as each app writes them: every column text, the required ones present.

These models check the first stage boundary: after the CSV is read and before anything
is parsed. Column names are the apps' own (aliases), and optional columns differ by
header shape, so the models are not strict about extra columns.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class StrongRaw(pa.DataFrameModel):
    """Strong shapes A, B, C, D and the comma file without Duration (the weight column varies by shape)."""

    date: str = pa.Field(alias="Date", nullable=True)
    exercise_name: str = pa.Field(alias="Exercise Name", nullable=True)
    set_order: str = pa.Field(alias="Set Order", nullable=True)
    reps: str = pa.Field(alias="Reps", nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


class HevyRaw(pa.DataFrameModel):
    """Hevy, metric or imperial, quoted header or not."""

    start_time: str = pa.Field(nullable=True)
    exercise_title: str = pa.Field(nullable=True)
    set_type: str = pa.Field(nullable=True)
    reps: str = pa.Field(nullable=True)
    line: pl.Int64 = pa.Field(alias="_line", ge=1)

    class Config:
        strict = False


RAW_MODELS: dict[str, type[pa.DataFrameModel]] = {"strong": StrongRaw, "hevy": HevyRaw}
