"""The one contract every app reader fulfils, so detection, ingest and re-imports never probe a module.

A reader is a subclass of ``Reader`` with one instance listed in ``etl.read.readers.registry.READERS``.
Everything that lists apps (detection order, ``--format`` choices, raw schemas, the sets schema's
``source`` values, the Upload page's list of apps, the not-an-export message) is derived from that
registry; optional abilities are explicit class attributes with defaults, never found by
``getattr``/``inspect.signature``. Every reader call gets a ``ReadContext``.

How to add a reader (one module, its tests, one registry line):

1. Write ``etl/read/readers/<app>.py`` with a ``Reader`` subclass and ``READER = MyAppReader()``:

   - ``app`` (an id, stored with every set), ``label`` (what a lifter reads: "Strong"), ``expected_header``
     (an example for "this is not a ... export" messages), ``raw_schema`` (a pandera polars
     ``DataFrameModel`` in ``schemas/raw.py`` for the raw text frame), ``set_kinds`` (the app's set-type
     words -> ``working``/``warmup``/``drop``/``failure``);
   - ``detect(sample)``: the header shape this file is, from ``sample.header`` and its first data rows
     (``sample.rows``), or None; ``shape_label(shape)`` names a shape for people ("Strong (German)");
   - ``parse(raw, shape, ctx)``: typed rows (``etl.read.readers.common.ParsedRows``).
   - optional: ``read_raw`` (files that are not one plain CSV table), ``needs_unit``/``guesses_unit``/
     ``unit_guess``/``unit_counts`` (files without a unit), ``workout_columns``/``new_workouts_at``
     (re-imports skip known workouts), ``required_columns``.
2. Add ``<app>.READER`` to ``READERS`` in ``etl/read/readers/registry.py`` (its place is its detection order).
3. Tests: ``tests/etl/read/test_reader_contract.py`` walks every registered reader; give it a tiny file
   of the app's own in ``SAMPLES`` there, and write the app's exact-expectation tests beside the others
   (docs/architecture.md, "How to add an app").
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import pandera.polars as pa
import polars as pl

from etl.read.csvfile import MAX_FIELD_CHARS, read_strings
from etl.read.readers.common import ParsedRows, missing_columns
from etl.read.units import UnitGuess, weigh_units

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy")
# How many data rows detection sees (enough to tell a stamp, a duration or a set number by its shape).
SAMPLE_ROWS = 8


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the rows: passed to every reader call.

    ``unit`` is the lifter's (``--unit``) or None; ``tz`` the zone wall-clock times are read in (apps
    writing UTC stamps or Unix times convert to it); ``columns`` the mapping a custom CSV is read through;
    ``file_unit_guess`` the whole file's guessed unit (``kg``/``lb``) when only some of its workouts are parsed
    (a re-import), and ``file_unit_weighed`` that guess with its confidence and reason (``etl.read.units``);
    ``date_order`` the lifter's ``--date-order`` for 2-digit dates no file can settle (None: decide
    from the file)."""

    filename: str
    unit: str | None = None
    tz: str = "UTC"
    columns: Mapping[str, str] | None = None
    file_unit_guess: str | None = None
    file_unit_weighed: UnitGuess | None = None
    date_order: DateOrder | None = None


@dataclass(frozen=True)
class Sample:
    """What detection sees: the header (trimmed), the delimiter, and the first data records as csv splits them."""

    header: list[str]
    delimiter: str = ","
    rows: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, text: bytes, header: list[str], delimiter: str, n: int = SAMPLE_ROWS) -> Sample:
        """The header and up to ``n`` non-blank records after it (a broken quote ends the sample early)."""
        head = text[: 64 * 1024].decode("utf-8", errors="replace").lstrip("\ufeff")
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        rows: list[list[str]] = []
        try:
            next(reader, None)
            for record in reader:
                if any(value.strip() for value in record):
                    rows.append(record)
                if len(rows) >= n:
                    break
        except csv.Error:
            pass
        return cls(list(header), delimiter, rows[:-1] if len(rows) > 1 and len(head) < len(text) else rows)

    def column(self, index: int) -> list[str]:
        """The sampled values of column ``index`` (rows too short to have it are left out)."""
        return [row[index].strip() for row in self.rows if len(row) > index]


class Reader:
    """An app's export: how to recognise it, read it as text rows, and parse those into typed sets."""

    app: ClassVar[str]
    label: ClassVar[str]
    expected_header: ClassVar[str]
    raw_schema: ClassVar[type[pa.DataFrameModel]]
    # The app's set-type words (lowercase) -> working / warmup / drop / failure.
    set_kinds: ClassVar[Mapping[str, str]] = {}
    # False for a reader that never claims a file by itself (a CSV read through a column mapping).
    claims_files: ClassVar[bool] = True
    # Raw columns identifying a workout (its start): re-imports skip workouts stored unchanged
    # (etl.reimport.fingerprint). Empty: this reader's workouts cannot be skipped.
    workout_columns: ClassVar[tuple[str, ...]] = ()
    # Where a later cumulative export adds workouts: "end" (oldest first) or "start" (etl.reimport.known_region).
    new_workouts_at: ClassVar[Literal["start", "end"]] = "end"
    # The reader can guess kg or lb from a unit-less file's loads (``unit_guess``); with ``counts_units``
    # too, that guess is made from ``unit_counts``, which a re-import adds up from stored counts.
    guesses_unit: ClassVar[bool] = False
    counts_units: ClassVar[bool] = False

    def detect(self, sample: Sample) -> str | None:
        """The header shape of the sampled file, or None when it is not this app's."""
        raise NotImplementedError

    def shape_label(self, shape: str) -> str:
        """The shape named for a lifter (no internal codes): the app's label unless a shape says more."""
        return self.label

    def required_columns(self, header: Sequence[str], shape: str) -> list[str]:
        """Columns a file of this shape must have (a detected file lacking one is refused, naming them)."""
        return []

    def missing(self, header: Sequence[str], shape: str) -> list[str]:
        return missing_columns(self.raw_columns(header, shape), self.required_columns(header, shape))

    def raw_columns(self, header: Sequence[str], shape: str) -> list[str]:
        """The names ``read_raw`` gives the file's columns (a translated header may be renamed to one layout)."""
        return list(header)

    def needs_unit(self, shape: str) -> bool:
        """Whether a file of this shape carries no unit, so the lifter (or a guess) must say kg or lb."""
        return False

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
        """Every column as text plus ``_line``; readers of block-structured or broken files override it."""
        return read_strings(text, delimiter, ctx.filename, header, max_field_bytes=max_field_bytes)

    def unit_guess(self, raw: pl.DataFrame, ctx: ReadContext) -> str | None:
        """For a unit-less file (``guesses_unit``): ``kg`` or ``lb``, what its loads suggest."""
        weighed = self.weigh_unit(raw, ctx)
        return weighed.unit if weighed is not None else None

    def weigh_unit(self, raw: pl.DataFrame, ctx: ReadContext) -> UnitGuess | None:
        """``unit_guess`` with its confidence and reason (``etl.read.units.weigh_units``): a confident guess is used
        and said, an unsure one makes the CLI ask for ``--unit`` and the page ask with nothing pre-selected.
        A reader with ``counts_units`` gets it from ``unit_counts``; None: this reader does not weigh (its
        unit-less files are read as kg, with its own warning)."""
        if not self.counts_units:
            return None
        counts = self.unit_counts(raw, ctx)
        return weigh_units(counts.get_column("load"), counts.get_column("n"))

    def unit_counts(self, raw: pl.DataFrame, ctx: ReadContext) -> pl.DataFrame:
        """``load, n`` (``counts_units``): each load the rows hold and on how many rows."""
        return pl.DataFrame(schema={"load": pl.Float64, "n": pl.Int64})

    def parse(self, raw: pl.DataFrame, shape: str, ctx: ReadContext) -> ParsedRows:
        """Typed set rows (``etl.read.readers.common.PARSED_COLUMNS``) from the raw text frame."""
        raise NotImplementedError

    @property
    def source_file(self) -> str:
        """The reader's module file: its code is part of what re-import fingerprints depend on."""
        module = sys.modules[type(self).__module__]
        return str(module.__file__ or self.app)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app}>"
