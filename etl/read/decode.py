"""Turn uploaded bytes into UTF-8 CSV text, or say clearly why they are not a CSV export.

Exports arrive as UTF-8 with or without a BOM, as Windows-1252 from old Excel round
trips, sometimes as UTF-16 from a spreadsheet's "Unicode text", and now and then as a
file that is no CSV at all (a PNG renamed ``.csv``). Every reader starts here, so the
rules live in one place.
"""

from __future__ import annotations

import codecs

from etl.errors import InputError

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive or an Excel/Numbers workbook (export CSV from the app instead)",
    b"%PDF": "a PDF document",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive (unzip it first)",
    b"SQLite format 3": "an SQLite database (a backup, not a CSV export)",
}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_export(data: bytes, filename: str) -> bytes:
    """Return the file as UTF-8 bytes without a BOM, or raise ``InputError`` saying what it is instead."""
    if not data or data.isspace():
        raise InputError(filename, "the file is empty; expected a CSV export with a header row")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(filename, f"this is {what}, not a CSV export")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(filename, "the file says it is UTF-16 but is not valid UTF-16 text") from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    head = data[:4096]
    nul = head.find(b"\x00")
    if nul >= 0:
        # UTF-16 without a BOM: ASCII text with a NUL after (LE) or before (BE) every character.
        if head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
            return _decode_utf16(data, "utf-16-le", filename)
        if head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
            return _decode_utf16(data, "utf-16-be", filename)
        raise InputError(
            filename,
            "the file holds NUL bytes: it is binary, not a CSV text export",
            line=_line_of(data, nul),
        )
    try:
        if not data.isascii():  # ASCII is UTF-8, and isascii() is ~10x cheaper than building the str
            data.decode("utf-8")
        text_ok = data
    except UnicodeDecodeError as exc:
        try:
            text_ok = data.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError(
                filename,
                f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 text; "
                "expected a CSV export saved as UTF-8",
                line=_line_of(data, exc.start),
            ) from exc
    _refuse_control_garbage(text_ok, filename)
    return text_ok


def _decode_utf16(data: bytes, codec: str, filename: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(filename, "the file looks like UTF-16 but is not valid UTF-16 text") from exc


def _refuse_control_garbage(data: bytes, filename: str) -> None:
    """Text that is mostly control characters is binary that happened to decode."""
    head = data[:8192]
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0D))
    if controls > max(8, len(head) // 20):
        raise InputError(
            filename, "the file is mostly control characters: it is binary, not a CSV text export"
        )
