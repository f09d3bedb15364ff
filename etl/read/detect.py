"""Which app wrote this file, and which of its shapes? Decided from the header and the first rows.

Detection asks each registered reader (``etl.read.readers.registry``) in turn with a ``Sample`` of
the file. ``--format`` narrows the choice to one app, a column mapping reads any other CSV
(``custom``), and a file no reader claims gets a message listing the apps that are supported
(from the registry) and how to map its columns instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from etl.errors import InputError
from etl.read.readers import custom
from etl.read.readers.base import Reader, Sample
from etl.read.readers.registry import APPS, BY_APP, CLAIMING

FORMATS = ("auto", *APPS)
COLUMNS_HINT = "--columns date=<column>,exercise=<column>,weight=<column>,reps=<column>"


@dataclass(frozen=True)
class Detected:
    app: str
    shape: str
    reader: Reader
    # The column mapping a ``custom`` file is read through; None for the apps' own exports.
    columns: Mapping[str, str] | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The app id and shape code (``strong (A)``): stored with the upload, shown nowhere a lifter reads."""
        return f"{self.app} ({self.shape})"

    @property
    def display(self) -> str:
        """The shape named for a lifter: ``Strong``, ``Strong (German)``, ``Hevy (pounds)``."""
        return self.reader.shape_label(self.shape)


def _sample(header: list[str] | Sample) -> Sample:
    return header if isinstance(header, Sample) else Sample(list(header))


def claimed_by_app(header: list[str] | Sample) -> bool:
    """True when some app's reader recognises the file (so a saved column mapping must not override it)."""
    sample = _sample(header)
    return any(reader.detect(sample) is not None for reader in CLAIMING)


def _mapped(header: list[str], filename: str, fmt: str, columns: Mapping[str, str]) -> Detected:
    if fmt not in ("auto", "custom"):
        raise InputError(
            filename,
            f"a column mapping reads a file no app claims; it cannot be combined with --format {fmt}",
        )
    resolved = custom.check_mapping(header, columns, filename)
    return Detected(app="custom", shape=custom.shape_for(resolved), reader=custom.READER, columns=resolved)


def _apps_text(readers: tuple[Reader, ...]) -> str:
    """``this is not a Strong or Hevy export, nor one from FitNotes, ... or JEFIT`` from the registry."""
    labels = [reader.label for reader in readers]
    first = " or ".join(labels[:2])
    rest = labels[2:]
    if not rest:
        return f"a {first} export"
    tail = ", ".join(rest[:-1]) + (" or " if len(rest) > 1 else "") + rest[-1]
    return f"a {first} export, nor one from {tail}"


def detect_format(
    header: list[str] | Sample, filename: str, fmt: str = "auto", columns: Mapping[str, str] | None = None
) -> Detected:
    """The reader for the file (its header, or a ``Sample`` with its first rows); ``fmt`` (``auto`` or an
    app id) overrides detection, and ``columns`` (``{"date": "When", "exercise": "Lift", ...}``) reads
    any CSV as ``custom``."""
    sample = _sample(header)
    names = sample.header
    if fmt not in FORMATS:
        raise InputError(filename, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if columns is not None:
        return _mapped(names, filename, fmt, columns)
    shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
    if fmt == "custom":
        raise InputError(
            filename,
            f"a custom CSV needs a column mapping: pass {COLUMNS_HINT}. Its columns are ({shown})",
            line=1,
        )
    candidates = CLAIMING if fmt == "auto" else (BY_APP[fmt],)
    for reader in candidates:
        shape = reader.detect(sample)
        if shape is not None:
            missing = reader.missing(names, shape)
            if missing:
                raise InputError(
                    filename,
                    f"this {reader.label} export lacks required column(s) {', '.join(missing)}",
                    line=1,
                )
            return Detected(app=reader.app, shape=shape, reader=reader)
    if fmt != "auto":
        reader = BY_APP[fmt]
        raise InputError(
            filename,
            f"this is not a {fmt} export: its header is ({shown}); expected {reader.expected_header}",
            line=1,
        )
    first, second = CLAIMING[0], CLAIMING[1]
    raise InputError(
        filename,
        f"this is not {_apps_text(CLAIMING)}: its header is ({shown}). Expected {first.label}'s "
        f"{first.expected_header} or {second.label}'s {second.expected_header}, or another app's export as it comes. "
        f"To read any other CSV, name its columns: {COLUMNS_HINT}",
        line=1,
    )
