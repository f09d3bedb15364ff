"""The exercise taxonomy and the per-name credit frame built from it.

Every chart liftbalance draws is a sum of these fractional weights, so a wrong row
(a glute-ham raise worth 1.5 hamstring sets, a curl that credits glutes) corrupts
everything downstream. The rules a reviewer would check by eye are written here as
checks, run lazily so one load reports every broken row at once.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

# Fractional sets (Pelland 2024); 0.75 for an exercise that mostly, not only, does one job (the glute-ham
# raise: knee flexion done with the hip extended).
WEIGHT_VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)
WEIGHT_COLUMNS = ("glute_max", "glute_med", "hamstring_hip", "hamstring_knee", "quads", "erectors")

# Movement patterns of leg work (lower_body = true) and of everything else.
LOWER_BODY_PATTERNS = (
    "hip_hinge",  # RDL, stiff-leg, good morning, pull-through: hamstrings as hip extensors
    "deadlift",  # conventional, sumo, trap bar: hip and knee extension together
    "hip_extension",  # 45-degree back extension, reverse hyper
    "lumbar_extension",  # seated back-extension machine
    "ballistic_hinge",  # kettlebell swing
    "knee_flexion",  # leg curls
    "nordic",  # Nordic hamstring curls: their own series ("weeks since Nordics"; van Dyk 2019)
    "knee_flexion_hip_extension",  # glute-ham raise
    "hip_thrust",  # thrusts, bridges, frog pumps
    "kickback",  # glute kickbacks, donkey kicks
    "hip_abduction",
    "hip_adduction",
    "squat",
    "leg_press",
    "lunge",  # lunges and split squats
    "step_up",
    "knee_extension",  # leg extension, sissy squat, reverse Nordic
    "isometric_squat",  # wall sit
    "plyometric",
    "sled",
)
OTHER_PATTERNS = (
    "horizontal_push",
    "vertical_push",
    "chest_fly",
    "dip",
    "horizontal_pull",
    "vertical_pull",
    "shoulder_isolation",
    "shrug",
    "biceps",
    "triceps",
    "forearm",
    "neck",
    "core",
    "calf",
    "tibialis",
    "cardio",
    "mobility",
    "warm_up",
    "carry",
    "olympic_lift",
    "full_body",
)
PATTERNS = LOWER_BODY_PATTERNS + OTHER_PATTERNS

SNAKE_CASE = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
# Trimmed names separated by single '|' (or no aliases at all).
ALIAS_LIST = r"^([^|\s]([^|]*[^|\s])?(\|[^|\s]([^|]*[^|\s])?)*)?$"

TAXONOMY_COLUMNS: dict[str, pl.DataType] = {
    "exercise_id": pl.String(),
    "name": pl.String(),
    "pattern": pl.String(),
    **{column: pl.Float64() for column in WEIGHT_COLUMNS},
    "eccentric": pl.Boolean(),
    "lower_body": pl.Boolean(),
    "aliases": pl.String(),
    "basis": pl.String(),
}


def _weight() -> float:
    return pa.Field(isin=list(WEIGHT_VALUES))  # type: ignore[no-any-return]


def _claimed_names(lf: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (row number, name or alias it claims), compared case-insensitively."""
    return (
        lf.with_row_index("_row")
        .select(
            "_row",
            pl.concat_list(pl.col("name"), pl.col("aliases").str.split("|")).alias("_claim"),
        )
        .explode("_claim")
        .with_columns(pl.col("_claim").str.strip_chars().str.to_lowercase())
        .filter(pl.col("_claim") != "")
    )


class ExerciseTaxonomy(pa.DataFrameModel):
    """One canonical exercise and the fraction of a set it credits to each tracked muscle."""

    exercise_id: str = pa.Field(unique=True, str_matches=SNAKE_CASE)
    name: str = pa.Field(unique=True, str_length={"min_value": 1})
    pattern: str = pa.Field(isin=list(PATTERNS))
    glute_max: float = _weight()
    glute_med: float = _weight()
    hamstring_hip: float = _weight()
    hamstring_knee: float = _weight()
    quads: float = _weight()
    erectors: float = _weight()
    eccentric: bool
    lower_body: bool
    aliases: str = pa.Field(str_matches=ALIAS_LIST)
    basis: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(
        error="glute_max + glute_med <= 1.5 (two muscles; only hip abduction trains both directly)"
    )
    @classmethod
    def glutes_at_most_one_and_a_half_sets(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("glute_max") + pl.col("glute_med") <= 1.5)

    @pa.dataframe_check(error="hamstring_hip + hamstring_knee <= 1 (one set cannot count more than once)")
    @classmethod
    def hamstrings_at_most_one_set(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("hamstring_hip") + pl.col("hamstring_knee") <= 1)

    @pa.dataframe_check(error="rows with lower_body = false credit nothing (all weights 0)")
    @classmethod
    def non_lower_body_credits_nothing(cls, data: PolarsData) -> pl.LazyFrame:
        credited = pl.sum_horizontal([pl.col(c) for c in WEIGHT_COLUMNS]) > 0
        return data.lazyframe.select(pl.col("lower_body") | ~credited)

    @pa.dataframe_check(error="lower_body is true exactly when the pattern is a leg pattern")
    @classmethod
    def lower_body_matches_pattern(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("lower_body") == pl.col("pattern").is_in(list(LOWER_BODY_PATTERNS))
        )

    @pa.dataframe_check(error="Nordic rows (pattern nordic) are eccentric rows")
    @classmethod
    def nordics_are_eccentric(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("pattern") != "nordic") | pl.col("eccentric"))

    @pa.dataframe_check(error="eccentric rows credit the hamstrings")
    @classmethod
    def eccentric_work_is_hamstring_work(cls, data: PolarsData) -> pl.LazyFrame:
        hamstrings = pl.col("hamstring_hip") + pl.col("hamstring_knee") > 0
        return data.lazyframe.select(~pl.col("eccentric") | hamstrings)

    @pa.dataframe_check(error="no name or alias is claimed by two exercises (case-insensitive)")
    @classmethod
    def names_claimed_once(cls, data: PolarsData) -> pl.LazyFrame:
        claims = _claimed_names(data.lazyframe)
        shared = (
            claims.group_by("_claim")
            .agg(pl.col("_row").n_unique().alias("_owners"))
            .filter(pl.col("_owners") > 1)
        )
        bad_rows = claims.join(shared, on="_claim").select("_row").unique()
        return (
            data.lazyframe.with_row_index("_row")
            .join(bad_rows.with_columns(pl.lit(False).alias("_ok")), on="_row", how="left")
            .sort("_row")
            .select(pl.col("_ok").fill_null(True))
        )


CREDIT_COLUMNS: dict[str, pl.DataType] = {
    "name": pl.String(),
    "exercise_id": pl.String(),
    "match": pl.String(),
    "suggestion": pl.String(),
    "pattern": pl.String(),
    **{column: pl.Float64() for column in WEIGHT_COLUMNS},
    "eccentric": pl.Boolean(),
    "lower_body": pl.Boolean(),
    "mapped": pl.Boolean(),
}
MATCH_KINDS = ("exact", "alias", "normalized", "structure", "override", "unmapped")


class NameCredits(pa.DataFrameModel):
    """One logged exercise name and what a working set of it credits (0 when unmapped)."""

    name: str = pa.Field(unique=True)
    exercise_id: str = pa.Field(nullable=True)
    match: str = pa.Field(isin=list(MATCH_KINDS))
    suggestion: str = pa.Field(nullable=True)
    pattern: str = pa.Field(nullable=True, isin=list(PATTERNS))
    glute_max: float = _weight()
    glute_med: float = _weight()
    hamstring_hip: float = _weight()
    hamstring_knee: float = _weight()
    quads: float = _weight()
    erectors: float = _weight()
    eccentric: bool
    lower_body: bool
    mapped: bool

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="mapped exactly when an exercise_id is set and the match is not 'unmapped'")
    @classmethod
    def mapped_is_consistent(cls, data: PolarsData) -> pl.LazyFrame:
        has_id = pl.col("exercise_id").is_not_null()
        return data.lazyframe.select(
            (pl.col("mapped") == has_id) & (pl.col("mapped") == (pl.col("match") != "unmapped"))
        )
