"""A re-import that reads and parses only what an earlier import of the same export did not.

Exports are cumulative, so most of a re-import repeats the last one. ``read`` reads only the rows past a
stretch of bytes an earlier import stored whole (``etl.reimport.known_region``); ``parse`` fingerprints
the file's workouts and parses only those not stored unchanged (``etl.reimport.fingerprint``); ``memory``
and ``remember`` keep, with the import, what the next re-import will look for. Whenever a shortcut does not
hold (a region's hash that does not match, a parsed workout that starts when a skipped one does), the whole
file is read and parsed, so the report and the stored sets are always what parsing everything gives.
"""

from __future__ import annotations

import functools
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace

import duckdb
import polars as pl

from etl.errors import InputError, LiftbalanceError
from etl.limits import Limits
from etl.read import export_file
from etl.read.csvfile import LINE
from etl.read.export_file import OpenedExport, ParsedExport, Progress, RawExport, parse_export
from etl.read.units import UNITS, UnitGuess, weigh_units
from etl.reimport import fingerprint, known_region


@dataclass(frozen=True)
class Reading:
    """A file's rows read for an import: all of them, or (``found``) only those past a known region."""

    export: RawExport
    found: known_region.Found | None = None


@dataclass(frozen=True)
class Plan:
    """Which of a file's workouts a re-import parses (``todo``: raw rows) and which it skips (``matched``)."""

    groups: fingerprint.Groups
    todo: pl.DataFrame
    lines: pl.DataFrame  # _line -> _group for the rows in ``todo``
    matched: pl.DataFrame  # per skipped workout: _group, workout_start, workout_key, sets, skipped
    seed: tuple[int, int]


@dataclass(frozen=True)
class Reimport:
    """A file parsed for an import: its new and changed workouts, and those skipped as stored unchanged."""

    reading: Reading
    parsed: ParsedExport
    plan: Plan | None  # None: every workout was parsed and none will be skipped next time

    @property
    def matched(self) -> pl.DataFrame:
        """Per workout skipped: _group, workout_start, workout_key, sets, skipped (``fingerprint.lookup``)."""
        return self.plan.matched if self.plan is not None else fingerprint.NO_MATCHES


@dataclass(frozen=True)
class Memory:
    """What an import keeps for the next re-import: its workouts' fingerprints and, for a file, a known region."""

    fingerprints: pl.DataFrame
    seed: int = 0
    region: known_region.Next | None = None
    region_sha: Future[str] | None = None  # the region's sha256, hashed in the background


def read(
    con: duckdb.DuckDBPyConnection,
    opened: OpenedExport,
    *,
    limits: Limits,
    background: Executor,
    skip_stored: bool = True,
) -> Reading:
    """The rows of ``opened`` past a region an earlier import read (hashed meanwhile in ``background``, and
    trusted by ``parse`` only once it matches), or every row where there is none (or not ``skip_stored``)."""
    found = _find_region(con, opened, limits=limits, background=background) if skip_stored else None
    if found is not None:
        try:
            rest = export_file.read_rows(opened, limits, found.rest)
        except InputError:
            rest = None  # read the whole file: its error names the file's own line
        if rest is not None and rest.height + found.region.rows <= limits.max_rows:
            return Reading(opened.with_rows(rest.with_columns(pl.col(LINE) + found.line_offset)), found)
    return Reading(opened.with_rows(export_file.read_rows(opened, limits)))


def parse(
    con: duckdb.DuckDBPyConnection,
    reading: Reading,
    *,
    limits: Limits,
    progress: Progress,
    skip_stored: bool = True,
) -> Reimport:
    """Parse the file's workouts not stored unchanged (all of them without ``skip_stored``), trusted only once
    a known region's hash confirms the bytes not read; otherwise, or if the guess failed for it, the whole
    file is read and parsed."""
    again = functools.partial(_parse_planned, con, limits=limits, progress=progress, skip_stored=skip_stored)
    try:
        result = again(reading)
    except LiftbalanceError:
        if reading.found is None or reading.found.confirmed():
            raise
    else:
        found = result.reading.found
        if found is None or found.confirmed():
            return result
    return again(_read_all(reading, limits))


def file_unit_guess(reading: Reading) -> UnitGuess | None:
    """For a unit-less file read without ``--unit``: the unit its loads suggest, over all its rows
    (those read, and a known region's, whose loads were stored)."""
    export = reading.export
    if not export.guesses_unit:
        return None
    reader = export.detected.reader
    if reading.found is not None:
        counts = pl.concat([reader.unit_counts(export.raw, export.context), reading.found.region.loads])
        return weigh_units(counts.get_column("load"), counts.get_column("n"))
    return reader.weigh_unit(export.raw, export.context)


def memory(reimport: Reimport, *, limits: Limits, background: Executor) -> Memory:
    """What to keep of ``reimport`` for the next one: its workouts' fingerprints and, where its rows were
    read from a file's bytes (not an API's pages), the region of them the next import may find."""
    plan = reimport.plan
    if plan is None:
        return Memory(fingerprint.NO_FINGERPRINTS)
    parsed = reimport.parsed
    norm = parsed.normalized
    fingerprints = fingerprint.to_record(
        lines=plan.lines,
        sets=norm.sets,
        frame=parsed.parsed.frame,
        bad_rows=norm.bad_rows,
        flagged=norm.flagged,
        groups=plan.groups,
    )
    region = (
        _next_region(reimport.reading, plan, fingerprints, limits) if reimport.reading.export.text else None
    )
    region_sha = background.submit(region.digest) if region is not None else None  # sha256 releases the GIL
    return Memory(fingerprints, plan.seed[0], region, region_sha)


def remember(con: duckdb.DuckDBPyConnection, athlete: str, source: str, kept: Memory) -> None:
    """Store ``kept`` for the athlete's next import from ``source``, in the import's transaction."""
    fingerprint.record(con, athlete, source, kept.fingerprints)
    if kept.region is not None and kept.region_sha is not None:
        known_region.remember(
            con, athlete, source, kept.seed, replace(kept.region.region, sha256=kept.region_sha.result())
        )


def _read_all(reading: Reading, limits: Limits) -> Reading:
    """``reading`` with every row of the file, where only those past a known region were read."""
    export = reading.export
    return Reading(export.with_rows(export_file.read_rows(export, limits)))


def _parse_planned(
    con: duckdb.DuckDBPyConnection, reading: Reading, *, limits: Limits, progress: Progress, skip_stored: bool
) -> Reimport:
    """Parse the file's new and changed workouts (all of it when nothing can be skipped). Where only the
    rows past a known region were read and that is not enough, the whole file is read and planned again."""
    plan = _plan(con, reading) if skip_stored else None
    if plan is None and reading.found is not None:
        return _parse_planned(
            con, _read_all(reading, limits), limits=limits, progress=progress, skip_stored=skip_stored
        )
    export = reading.export
    if plan is not None and plan.matched.height:
        part = _skip_matched(plan)
        parsed = parse_export(export, part.todo, progress=progress, file_unit_guess=file_unit_guess(reading))
        skipped_starts = plan.matched.get_column("workout_start").implode()
        if not parsed.normalized.sets.get_column("workout_start").is_in(skipped_starts).any():
            return Reimport(reading, parsed, part)
        # A parsed workout starts when a skipped one does (two spellings of one start time): the
        # full path would merge them, so take it.
        if reading.found is not None:
            reading = _read_all(reading, limits)
            export = reading.export
            plan = _plan(con, reading)
            assert plan is not None  # the same reader and header planned the part
        plan = replace(plan, matched=plan.matched.clear())
    return Reimport(reading, parse_export(export, progress=progress), plan)


def _seed(opened: OpenedExport, unit: str | None) -> tuple[int, int] | None:
    """The file's fingerprint seeds, or None where its reader cannot skip workouts (etl.reimport.fingerprint)."""
    detected = opened.detected
    if (
        detected.columns is not None
        or fingerprint.workout_columns(detected.reader, opened.raw_columns()) is None
    ):
        return None
    return fingerprint.seeds(
        reader=detected.reader,
        app=detected.app,
        shape=detected.shape,
        header=opened.header,
        unit=unit,
        tz=opened.zone,
        athlete=opened.athlete,
    )


def _effective_unit(reading: Reading) -> str | None:
    """The unit the file is parsed in: the lifter's, else a confident guess, else kg, for unit-less files
    (it is part of the fingerprint seed: a file whose loads come to weigh differently is parsed anew)."""
    if not reading.export.guesses_unit:
        return reading.export.context.unit
    guess = file_unit_guess(reading)
    return guess.unit if guess is not None and guess.confident else "kg"


def _plan(con: duckdb.DuckDBPyConnection, reading: Reading) -> Plan | None:
    """Fingerprint the file's workouts and find those stored unchanged; None where the reader cannot, or
    where a known region's workouts (``reading.found``) are not all stored unchanged or have rows read."""
    export, found = reading.export, reading.found
    seed = _seed(export, _effective_unit(reading))
    if seed is None or (found is not None and found.seed != seed[0]):
        return None  # (a known region stored under the other unit: the loads now weigh differently)
    columns = fingerprint.workout_columns(export.detected.reader, export.raw_columns())
    assert columns is not None
    groups: fingerprint.Groups | None = fingerprint.group_workouts(export.raw, columns, seed)
    if found is not None:
        groups = fingerprint.with_known(groups, found.region.workouts)  # type: ignore[arg-type]
        if groups is None:
            return None
    assert groups is not None
    matched = fingerprint.lookup(con, export.athlete, export.detected.app, groups)
    if found is not None:
        known = found.region.workouts.height  # numbered after the workouts read
        first_known = groups.groups.height - known
        if matched.filter(pl.col(fingerprint.GROUP) >= first_known).height < known:
            return None
    return Plan(groups, export.raw, export.raw.select(LINE).with_columns(groups.row_group), matched, seed)


def _skip_matched(plan: Plan) -> Plan:
    """``plan`` with the matched workouts' rows taken out of what is parsed."""
    keep = ~plan.groups.row_group.is_in(plan.matched.get_column(fingerprint.GROUP).implode())
    return replace(plan, todo=plan.todo.filter(keep), lines=plan.lines.filter(keep))


def _find_region(
    con: duckdb.DuckDBPyConnection, opened: OpenedExport, *, limits: Limits, background: Executor
) -> known_region.Found | None:
    """A stored region that the start (or end) of ``opened`` repeats, if any (etl.reimport.known_region)."""
    detected = opened.detected
    guessing = opened.guesses_unit
    if guessing and not detected.reader.counts_units:
        return None
    # A unit-less file's region was stored under the unit its loads then weighed to: try both.
    for candidate in UNITS if guessing else (opened.context.unit,):
        seed = _seed(opened, candidate)
        if seed is None:
            return None
        found = known_region.find(
            con,
            opened.athlete,
            detected.app,
            seed[0],
            known_region.side(detected.reader),
            opened.text,
            field_limit=limits.max_field_bytes,
            background=background,
        )
        if found is not None:
            return found
    return None


def _next_region(
    reading: Reading, plan: Plan, recorded: pl.DataFrame, limits: Limits
) -> known_region.Next | None:
    """The region to remember for the file just planned: its workouts matched or fingerprinted now qualify."""
    export = reading.export
    groups = plan.groups.groups
    eligible = pl.concat(
        [
            plan.matched.get_column(fingerprint.GROUP),
            groups.join(recorded.select("fp1", "fp2"), on=["fp1", "fp2"], how="semi").get_column(
                fingerprint.GROUP
            ),
        ]
    )
    reader = export.detected.reader
    return known_region.next_region(
        text=export.text,
        found=reading.found,
        raw=export.raw,
        row_group=plan.groups.row_group,
        groups=groups,
        eligible=eligible,
        where=known_region.side(reader),
        field_limit=limits.max_field_bytes,
        unit_counts=functools.partial(reader.unit_counts, ctx=export.context)
        if export.guesses_unit
        else None,
    )
