"""The part of a cumulative export that an earlier import already read, recognised by its bytes.

A re-import of last month's export plus a week repeats, byte for byte, what the last import read.
Strong appends new workouts at the end of its file and Hevy puts them at the top. ``etl.reimport.fingerprint``
lets unchanged workouts skip parsing, but it still reads and hashes every row to find them, so a
re-import costs time in proportion to the whole history.

This module remembers, for each athlete, source and fingerprint seed (the seed covers the reader,
header, unit, zone and code), a **region**: a run of whole workouts at the old end of the last file
(its start for Strong, its end for Hevy). For the region it stores the size, the SHA-256, the line and
row counts, the field-size limit it was read under and each workout's fingerprint and key. When a new file holds the same
bytes at the same end, only the rest of the file is read (optimistically: the hash is checked in the
background while the rest is parsed, and nothing counts until it matches). The region's workouts then go to the
fingerprint lookup like any other workout.

Anything unexpected sends the import down the ordinary path, so the result is always what reading
every row gives. Examples: a region workout that is no longer stored unchanged, a new row that belongs
to a region workout, or a limit the region would now break. Which end is the old one is a property of
the app (``Reader.new_workouts_at``; the end by default). A file sorted the other way never
matches and costs nothing but the ordinary path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from etl.read.csvfile import LINE
from etl.read.readers.base import Reader
from etl.reimport.fingerprint import GROUP

HEAD, TAIL = "head", "tail"  # the region is the file's first rows (new ones appended) / its last rows
_FP = np.dtype("<u8")
LOADS_SCHEMA = {"load": pl.Float64, "n": pl.Int64}


def side(reader: Reader) -> str:
    """Where the app writes a cumulative export's old workouts: first (``HEAD``) unless it puts new ones first."""
    return TAIL if reader.new_workouts_at == "start" else HEAD


@dataclass(frozen=True)
class Region:
    """A run of whole workouts at the old end of a file (the bytes after its header line)."""

    side: str
    size: int  # bytes
    sha256: str
    lines: int  # physical lines (the rows past a HEAD region are numbered after them)
    rows: int  # CSV records
    field_limit: int  # the longest field any import reading it accepted, in bytes (etl.limits)
    workouts: (
        pl.DataFrame
    )  # fp1, fp2, key (UInt64): each workout's fingerprint and the hash of its key columns
    loads: pl.DataFrame  # load, n: the loads its rows hold, for a unit-less file's guess over the whole file


@dataclass(frozen=True)
class Found:
    """A stored region found in a new file, and the rest of that file (header line first) to read."""

    region: Region
    rest: bytes
    line_offset: int  # add to the rest's line numbers to get the file's
    same_bytes: Future[
        bool
    ]  # whether the file's bytes there hash to the region's sha256 (hashed in the background)
    seed: int = 0  # the fingerprint seed it was stored under (it covers the unit the file was read in)

    def confirmed(self) -> bool:
        """Whether the file really repeats the region: wait for the hash. Until then the rest is a guess."""
        return self.same_bytes.result()


def find(
    con: duckdb.DuckDBPyConnection,
    athlete: str,
    source: str,
    seed: int,
    where: str,
    text: bytes,
    *,
    field_limit: int,
    background: Executor,
) -> Found | None:
    """The largest region stored for this athlete, source and seed that fits at ``text``'s old end, with the
    rest of ``text`` to read; None when there is none (or nothing would be left to read). The region's
    bytes are hashed on ``background`` while the caller reads the rest: it must check ``Found.confirmed``
    before trusting what it read. A region read under a larger field-size limit than ``field_limit`` is
    not trusted to pass this one."""
    stored = con.execute(
        "SELECT size, sha256, lines, rows, field_limit, workouts, loads FROM known_regions "
        "WHERE athlete = ? AND source = ? AND seed = ? AND side = ? AND field_limit <= ? ORDER BY size DESC",
        [athlete, source, seed, where, field_limit],
    ).fetchall()
    start = header_end(text)
    body = memoryview(text)[start:]
    for size, sha, lines, rows, limit, workouts, loads in stored:
        if size >= len(body):
            continue  # nothing new past the region: the ordinary path handles that rare file
        if where == HEAD:
            region, rest = body[:size], text[:start] + body[size:]
        else:
            cut = len(body) - size
            if body[cut - 1] != ord("\n"):
                continue  # the region's bytes sit mid-line here
            region, rest = body[cut:], bytes(text[: start + cut])
        same = background.submit(_hashes_to, region, sha)
        return Found(
            Region(where, size, sha, lines, rows, limit, _workouts(workouts), _loads(loads)),
            rest,
            line_offset=lines if where == HEAD else 0,
            same_bytes=same,
            seed=seed,
        )
    return None


def _hashes_to(content: memoryview, sha: str) -> bool:
    return hashlib.sha256(content).hexdigest() == sha


def header_end(text: bytes) -> int:
    """Where the first line after the header starts (the header is one physical line: ``etl.read.csvfile``)."""
    newline = text.find(b"\n")
    return len(text) if newline < 0 else newline + 1


def _workouts(blob: bytes) -> pl.DataFrame:
    triples = np.frombuffer(blob, dtype=_FP).reshape(-1, 3)
    return pl.DataFrame({"fp1": triples[:, 0], "fp2": triples[:, 1], "key": triples[:, 2]})


def _loads(text: str) -> pl.DataFrame:
    pairs = json.loads(text)
    return pl.DataFrame({"load": [p[0] for p in pairs], "n": [p[1] for p in pairs]}, schema=LOADS_SCHEMA)


def boundary(row_group: pl.Series, eligible: np.ndarray, where: str) -> int:
    """How many rows at the old end of a file (its first rows for ``HEAD``, its last for ``TAIL``) make a
    region: whole workouts only (no workout with a row past them), every one ``eligible`` (indexed by
    group: its fingerprint is stored), and never the workout at the new end, which the next export may
    still extend."""
    groups = row_group.to_numpy()
    if where == TAIL:
        groups = groups[::-1]
    n = len(groups)
    if n == 0:
        return 0
    bad = np.flatnonzero(~eligible[groups])
    limit = min(int(bad[0]) if len(bad) else n, int(np.argmax(groups == groups[-1])))
    runs = np.flatnonzero(groups[1:] != groups[:-1]) + 1
    if len(runs) + 1 == np.count_nonzero(np.bincount(groups)):  # runs == distinct groups (bincount: no sort)
        return limit  # every workout's rows are contiguous: limit is where one starts
    # Some workout's rows are apart: the region may end only where no earlier workout has a later row.
    order = np.arange(n)
    last = pl.DataFrame({"g": groups, "i": order}).group_by("g").agg(pl.col("i").max())
    last_row = np.zeros(int(groups.max()) + 1, dtype=np.int64)
    last_row[last.get_column("g").to_numpy()] = last.get_column("i").to_numpy()
    closed = np.flatnonzero(np.maximum.accumulate(last_row[groups]) == order) + 1
    closed = closed[closed <= limit]
    return int(closed[-1]) if len(closed) else 0


def line_start(text: bytes, line: int, *, from_end: bool) -> int:
    """The byte offset where physical line ``line`` (1-based) of ``text`` starts. A region's boundary is
    near the new end of the file, so the walk starts there: from the end for ``HEAD``, the start for ``TAIL``."""
    if line <= 1:
        return 0
    if not from_end:
        position = 0
        for _ in range(line - 1):
            position = text.index(b"\n", position) + 1
        return position
    position = len(text)
    for _ in range(text.count(b"\n") - line + 2):  # back to the (line - 1)th newline
        position = text.rindex(b"\n", 0, position)
    return position + 1


@dataclass(frozen=True)
class Next:
    """The region to remember after an import, short of its hash (``digest`` it, in a thread if big)."""

    region: Region
    content: memoryview  # its bytes

    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def next_region(
    *,
    text: bytes,
    found: Found | None,
    raw: pl.DataFrame,
    row_group: pl.Series,
    groups: pl.DataFrame,
    eligible: pl.Series,
    where: str,
    field_limit: int,
    unit_counts: Callable[[pl.DataFrame], pl.DataFrame] | None,
) -> Next | None:
    """The region of the file just imported (``text``, decoded): the stored one it was found to repeat
    (``found``, or None) grown by the whole, ``eligible`` workouts of the rows read past it (``raw``,
    their ``row_group`` and the ``groups`` frame: _group, fp1, fp2, key). ``unit_counts`` (the reader's,
    for a unit-less file) gives the region's loads for the next whole-file guess. None when no row qualifies."""
    ok = np.zeros(groups.height, dtype=bool)
    ok[eligible.to_numpy()] = True
    k = boundary(row_group, ok, where)
    old = found.region if found is not None else None
    if k == 0:
        return None
    part = found.rest if found is not None else text
    lines = raw.get_column(LINE)
    start = header_end(text)
    if where == HEAD:
        line = int(lines[k]) - (found.line_offset if found is not None else 0)
        size = line_start(part, line, from_end=True) - header_end(part) + (old.size if old else 0)
        first = 0
        content = memoryview(text)[start : start + size]
        new_lines = line - 2 + (old.lines if old else 0)
    else:
        line = int(lines[raw.height - k])
        size = len(part) - line_start(part, line, from_end=False) + (old.size if old else 0)
        first = raw.height - k
        content = memoryview(text)[len(text) - size :]
        new_lines = 0
    mine = row_group.slice(first, k).unique()
    workouts = groups.filter(pl.col(GROUP).is_in(mine.implode())).select("fp1", "fp2", "key")
    if old is not None:
        workouts = pl.concat([old.workouts, workouts])
    loads = unit_counts(raw.slice(first, k)) if unit_counts is not None else pl.DataFrame(schema=LOADS_SCHEMA)
    all_loads = pl.concat([old.loads, loads] if old is not None else [loads])
    if all_loads.height:
        all_loads = all_loads.group_by("load").agg(pl.col("n").sum()).sort("load")
    region = Region(
        where, size, "", new_lines, k + (old.rows if old else 0), field_limit, workouts, all_loads
    )
    return Next(region, content)


def remember(con: duckdb.DuckDBPyConnection, athlete: str, source: str, seed: int, region: Region) -> None:
    """Store ``region`` (its ``sha256`` filled) as this athlete's and source's only one at its side.
    Call inside the import's transaction."""
    con.execute(
        "DELETE FROM known_regions WHERE athlete = ? AND source = ? AND side = ?",
        [athlete, source, region.side],
    )
    triples = region.workouts.select("fp1", "fp2", "key").to_numpy().astype(_FP)
    con.execute(
        "INSERT INTO known_regions (athlete, source, seed, side, size, sha256, lines, rows, field_limit, workouts, loads) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            athlete,
            source,
            seed,
            region.side,
            region.size,
            region.sha256,
            region.lines,
            region.rows,
            region.field_limit,
            triples.tobytes(),
            json.dumps(region.loads.rows()),
        ],
    )
