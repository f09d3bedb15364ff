"""Evaluate a pandera polars model's checks in one polars ``select``, and let pandera speak only on failure.

pandera runs each check as its own query: about 80 of them cost ~70 ms whatever the frame's size,
which dominated a dashboard request and a small re-import. ``passes_every_check`` answers "would
pandera pass this frame?" with the model's own check expressions evaluated together; when the answer
is anything but a sure yes, the caller runs pandera, so a failure always carries pandera's own report.
The schemas stay the single statement of each rule; this module only changes how often pandera's
machinery is paid for.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.backends.polars.checks import PolarsCheckBackend


class _Selection:
    """Stands in for the lazyframe a polars check selects from, and keeps what it selects instead.

    pandera's polars checks (built-in and ours) are ``data.lazyframe.select(<boolean expression>)``;
    keeping the expressions lets one ``select`` on the frame evaluate every check at once."""

    def __init__(self) -> None:
        self.exprs: tuple[object, ...] = ()

    def select(self, *exprs: object) -> _Selection:
        if self.exprs:
            raise TypeError("a check that selects twice is pandera's to run")
        self.exprs = exprs
        return self


def _function(check: pa.Check) -> Any:
    """As ``Check.__call__`` does: a built-in check's function is looked up again by name, since the
    check may have been built before pandera registered the polars version of it."""
    function = check._check_fn
    name = getattr(function, "__name__", None)
    if name is not None and check.is_builtin_check(name):
        function = check.get_builtin_check_fn(name)
    return function


def _run_directly(check: pa.Check, data: pl.LazyFrame) -> bool:
    """A dataframe check that does more than one ``select`` (it may look at the data first to pick
    a cheaper proof), run as pandera would and read the way pandera reads it: ``True`` passes, a frame
    of booleans passes when every value is true (nulls only where ``ignore_na``). Anything else: False."""
    result = _function(check)(PolarsData(data, "*"), **check._check_kwargs)
    if isinstance(result, bool):
        return result
    if not isinstance(result, pl.LazyFrame):
        return False
    passed = pl.all_horizontal(pl.all())
    verdict = (passed | passed.is_null()) if check.ignore_na else passed.fill_null(False)
    return bool(result.select(verdict.all()).collect(engine="in-memory").item())


def _passed(check: pa.Check, key: str) -> pl.Expr | None:
    """Whether every row passes ``check`` on column ``key`` ("*": the frame), as pandera decides it:
    a multi-column result must hold in every column, and a null is a pass only if ``ignore_na``.
    ``None`` when the check is not a plain selection (element-wise, or anything else)."""
    if check.element_wise:
        return None
    selection = _Selection()
    function = _function(check)
    try:
        built = function(PolarsData(selection, key), **check._check_kwargs)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a check that does more than select is pandera's to run
        return None
    if built is not selection or not selection.exprs:
        return None
    passed = pl.all_horizontal(*selection.exprs)  # type: ignore[arg-type]
    return ((passed | passed.is_null()) if check.ignore_na else passed.fill_null(False)).all()


@cache
def _plan(
    model: type[pa.DataFrameModel],
) -> tuple[pa.DataFrameSchema, tuple[pl.Expr, ...], tuple[pa.Check, ...]] | None:
    """The model's schema and its value checks as expressions (one boolean each, built once: a
    check's expression depends on the column, not on the data), or ``None`` when the model uses
    something ``passes_every_check`` does not evaluate (coercion, defaults, parsers, regex columns,
    dropping rows, a check that is not a plain selection): then pandera always runs."""
    # The built-in checks (ge, isin, ...) are bound to polars when the backends are registered, which
    # ``validate`` does on first use: register first, so the checks built here run on polars frames.
    pa.DataFrameSchema.register_default_backends(pl.LazyFrame)
    schema = model.to_schema()
    if (
        schema.coerce
        or schema.dtype is not None
        or schema.add_missing_columns
        or schema.drop_invalid_rows
        or schema.parsers
        or schema.unique_column_names
    ):
        return None
    facts: list[pl.Expr | None] = []
    for name, column in schema.columns.items():
        if (
            column.coerce
            or column.regex
            or column.default is not None
            or column.parsers
            or column.drop_invalid_rows
        ):
            return None
        if column.unique:
            facts.append(~pl.col(name).is_duplicated().any())
        facts += [_passed(c, name) for c in column.checks]
    combinations = schema.unique or []
    for subset in [combinations] if all(isinstance(c, str) for c in combinations) else combinations:
        if subset:
            facts.append(~pl.struct(subset).is_duplicated().any())
    # Dataframe checks that are not one plain selection are run as they are, on the data (``_run_directly``).
    frame_facts = [(c, _passed(c, "*")) for c in schema.checks]
    direct = tuple(c for c, fact in frame_facts if fact is None and not c.element_wise)
    if any(fact is None and c.element_wise for c, fact in frame_facts):
        return None
    facts += [fact for _, fact in frame_facts if fact is not None]
    checked = [f for f in facts if f is not None]
    return (schema, tuple(checked), direct) if len(checked) == len(facts) else None


def passes_every_check(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    """True only if pandera would pass ``frame`` against ``model``: the same checks, in one ``select``.

    It evaluates the checks pandera runs: the columns by name and order, each column's dtype, nulls
    (and NaN in floats) in non-nullable columns, unique columns and the model's ``unique``
    combinations, every column check and every dataframe check (their own expressions, taken from
    pandera's check backend). Any doubt (a dtype that does not match, a model feature or a check it
    cannot evaluate this way) answers False, and the caller lets pandera decide.
    """
    plan = _plan(model)
    if plan is None:
        return False
    schema, checks, direct = plan
    named = list(schema.columns)
    if frame.columns != named:
        # A model that allows other columns (``strict = False``: a reader's raw text, whose optional
        # columns vary by export) checks only its own; anything else about the columns is pandera's.
        lenient = schema.strict is False and not schema.ordered and not schema.checks
        if not (lenient and set(named) <= set(frame.columns)):
            return False
        frame = frame.select(named)
    data = frame.lazy()
    if pa.Check.get_backend(data) is not PolarsCheckBackend:
        return False  # another backend (narwhals) is configured: its semantics are pandera's to apply
    types = frame.schema
    facts = list(checks)
    try:
        for name, column in schema.columns.items():
            dtype = types[name]
            if column.dtype is not None and not column.dtype.check(dtype, PolarsData(data, name)):
                return False
            if not column.nullable:
                present = pl.col(name).is_not_null()
                facts.append((present & pl.col(name).is_not_nan() if dtype.is_float() else present).all())
        # The in-memory engine: on these one-row answers the default streaming engine costs more than the checks.
        answers = data.select(fact.alias(f"fact_{i}") for i, fact in enumerate(facts)).collect(
            engine="in-memory"
        )
        if not (answers.height == 1 and all(answers.row(0))):
            return False
        return all(_run_directly(check, data) for check in direct)
    except Exception:  # noqa: BLE001 - a check that does not fit this frame is pandera's to run and report
        return False


def validated(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> pl.DataFrame:
    """``model.validate(frame)``, cheap: ``frame`` itself when it passes every check in one query;
    otherwise pandera validates it, and raises its own error naming the failing check and rows."""
    if passes_every_check(model, frame):
        return frame
    return model.validate(frame)
