"""Byte-level mutations of real and hand-written exports, shared by the fuzz tests.

Deleting, duplicating, altering or inserting a few bytes is how real files break (a truncated
download, a spreadsheet's stray edit); the fuzz tests add their own line- and field-level edits.
"""

from __future__ import annotations

from hypothesis import strategies as st

BYTE_OPS = ("delete", "duplicate", "alter", "insert")
HOSTILE_BYTES = (b",", b";", b'"', b"\n", b"\r\n", b"-1", b"1e400", b"\x00", b"\xff", b"NaN")


def mutate_bytes(
    draw: st.DrawFn, data: bytearray, op: str, inserts: tuple[bytes, ...] = HOSTILE_BYTES, max_span: int = 20
) -> None:
    """Apply one of ``BYTE_OPS`` to ``data`` in place, at a drawn position."""
    i = draw(st.integers(0, max(0, len(data) - 1)))
    j = min(len(data), i + draw(st.integers(1, max_span)))
    if op == "delete":
        del data[i:j]
    elif op == "duplicate":
        data[i:i] = data[i:j]
    elif op == "alter":
        data[i:j] = draw(st.binary(min_size=j - i, max_size=j - i))
    elif op == "insert":
        data[i:i] = draw(st.sampled_from(inserts))
    else:
        raise ValueError(f"unknown byte mutation {op!r}")
