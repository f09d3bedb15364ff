"""Read CSV text into a frame of strings with each record's line number, or say where it breaks.

Readers parse explicitly (dates, units, set kinds) after this, so everything is read as
text here. polars does the fast read; when it fails, Python's ``csv`` module walks the
file to find the first broken record, because a lifter needs a line number, not a
parser's byte offset.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

import polars as pl

from etl.errors import InputError

LINE = "_line"

# A field longer than this is not a workout note; it is a broken or hostile file.
MAX_FIELD_CHARS = 100_000  # bytes of UTF-8


def sniff_header(data: bytes, filename: str) -> tuple[list[str], str]:
    """The header's column names and the delimiter (``,`` or ``;``, whichever splits it more)."""
    # Alpha Progression's comma variant opens with a blank line: the first non-blank line is sniffed (plain
    # tables with a blank first line are still refused by ``read_strings``).
    first = (
        next((line for line in data[:65536].split(b"\n") if line.strip()), b"")
        .rstrip(b"\r")
        .decode("utf-8", errors="replace")
    )
    if not first.strip():
        raise InputError(filename, "the first line is blank; expected the export's header row", line=1)
    best: list[str] = []
    best_delim = ","
    for delim in (",", ";", "\t"):
        try:
            fields = next(csv.reader([first], delimiter=delim), [])
        except csv.Error as exc:
            raise InputError(filename, f"the header row is not valid CSV ({exc})", line=1) from exc
        if len(fields) > len(best):
            best, best_delim = fields, delim
    return [f.strip().strip("\ufeff").strip() for f in best], best_delim


def read_strings(
    data: bytes,
    delimiter: str,
    filename: str,
    header: list[str] | None = None,
    *,
    max_field_bytes: int = MAX_FIELD_CHARS,
) -> pl.DataFrame:
    """Every column as a string, plus ``_line``: the file line each record starts on.

    ``header`` is the header as ``sniff_header`` saw it; a reader that disagrees means a broken header quote.
    """
    if not data.split(b"\n", 1)[0].strip():
        raise InputError(filename, "the first line is blank; expected the export's header row", line=1)
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=delimiter,
            has_header=True,
            infer_schema=False,
            quote_char='"',
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise _locate_csv_problem(data, delimiter, filename) from exc
    names = [c.strip().strip("\ufeff").strip() for c in frame.columns]
    if (header is not None and names != header) or len(set(names)) != len(names):
        seen = header if header is not None else names
        repeated = sorted({c for c in seen if seen.count(c) > 1})
        problem = (
            f"column(s) {', '.join(repeated)} appear more than once"
            if repeated
            else "its quotes do not close"
        )
        raise InputError(filename, f"the header row is malformed: {problem}", line=1)
    frame.columns = names
    if frame.height == 0:
        raise InputError(filename, "the file has a header but no rows; expected at least one set", line=2)
    _check_field_sizes(frame, filename, max_field_bytes)
    _check_last_record(data, delimiter, len(frame.columns), filename, frame.height)
    physical_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if physical_lines == frame.height + 1:
        # No value spans lines (the usual case): record i is on line i + 2, no need to count per field.
        lines = frame.select(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(LINE)).to_series()
    else:
        lines = frame.select(_line_numbers(frame)).to_series()
    return frame.with_columns(_in_chunks_of(lines, frame))


def _in_chunks_of(column: pl.Series, frame: pl.DataFrame) -> pl.Series:
    """``column`` cut (zero-copy) into the chunks read_csv gave ``frame``'s columns (one per parsing
    thread). A frame whose columns are chunked alike stays so; one column chunked otherwise makes
    polars rechunk every column at the first operation that needs them aligned, which copies all the
    strings (~400 MB and ~0.1 s per 1M rows)."""
    lengths = frame.get_column(frame.columns[0]).chunk_lengths() if frame.width else []
    if len(lengths) <= 1:
        return column
    starts = [0, *itertools.accumulate(lengths)][:-1]
    return pl.concat(
        [column.slice(start, n) for start, n in zip(starts, lengths, strict=True)], rechunk=False
    )


def _line_numbers(frame: pl.DataFrame) -> pl.Expr:
    """Record i starts after the header plus every earlier record's lines (notes may hold newlines)."""
    extra = pl.sum_horizontal(
        [pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in frame.columns]
    )
    return (2 + (extra + 1).cum_sum() - (extra + 1)).cast(pl.Int64).alias(LINE)


def _check_field_sizes(frame: pl.DataFrame, filename: str, limit: int) -> None:
    longest = frame.select([pl.col(c).str.len_bytes().max().alias(c) for c in frame.columns]).row(0)
    for column, size in zip(frame.columns, longest, strict=True):
        if size is not None and size > limit:
            raise InputError(
                filename,
                f"a field holds {size:,} bytes; expected at most {limit:,} "
                "(a broken quote or a file that is not an export)",
                column=column,
            )


def _check_last_record(data: bytes, delimiter: str, n_columns: int, filename: str, n_rows: int) -> None:
    """A file cut off mid-row loses its last fields silently in a fast reader: catch that."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    start = data.rfind(b"\n", 0, end) + 1
    last_line = data[start:end].decode("utf-8", errors="replace")
    if last_line.count('"') % 2:  # the last record spans lines; its start is checked by the reader
        return
    try:
        fields = next(csv.reader([last_line], delimiter=delimiter), [])
    except csv.Error:
        return  # stray carriage returns and the like: the reader's own checks decide
    if fields and len(fields) < n_columns:
        line = data.count(b"\n", 0, end) + 1
        raise InputError(
            filename,
            f"the last record has {len(fields)} of {n_columns} fields: the file looks truncated. "
            "Export it again from the app",
            line=line,
        )


def _locate_csv_problem(data: bytes, delimiter: str, filename: str) -> InputError:
    """Walk the file with Python's csv module to name the first line that breaks."""
    text = data.decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    n_columns: int | None = None
    start = 1
    try:
        for record in reader:
            if n_columns is None:
                n_columns = len(record)
            elif record and len(record) > n_columns:
                return InputError(
                    filename,
                    f"this row has {len(record)} fields but the header has {n_columns}; "
                    "a value probably holds an unquoted delimiter",
                    line=start,
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        return InputError(
            filename,
            f"the CSV is malformed here ({exc}); expected every quoted value to be closed",
            line=start,
        )
    return InputError(filename, "the CSV could not be read; expected a well-formed export", line=start)


def records(data: bytes, filename: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the file line it starts on (quoted notes may span lines), for readers of
    block-structured files (FitNotes' broken rows, Alpha Progression, JEFIT) that walk records one by one."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            filename,
            f"the file is malformed here ({exc}); expected every quoted value to be closed",
            line=start,
        ) from exc
