"""Bytes that are not a UTF-8 CSV: decoded where they can be, refused with a plain reason where not."""

from __future__ import annotations

import pytest

from etl.errors import InputError
from etl.read.decode import decode_export
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import STRONG_B_HEADER, csv_bytes

ROW = '2024-03-04 18:02:11,"B",35m,"Squat (Barbell)",1,100,5,0,0,'


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04rest", "ZIP archive"),
        (b"%PDF-1.7\n", "PDF"),
        (b"abc\x00def\x00\x00\x01", "NUL bytes"),
        (bytes(range(1, 32)) * 40, "control characters"),
    ],
)
def test_non_text_is_refused_with_what_it_is(data: bytes, needle: str):
    with pytest.raises(InputError, match=needle):
        decode_export(data, "x.csv")


def test_utf16_with_and_without_bom_is_decoded():
    text = csv_bytes(STRONG_B_HEADER, ROW).decode()
    for data in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        assert decode_export(data, "x.csv") == text.encode("utf-8")


def test_header_only_file_says_so_with_the_line():
    with pytest.raises(InputError, match=r"x.csv, line 2: the file has a header but no rows"):
        parse_export(read_export(csv_bytes(STRONG_B_HEADER), "x.csv"))


def test_truncated_last_row_is_caught():
    data = csv_bytes(STRONG_B_HEADER, ROW, ROW).rstrip(b"\n")[:-12]
    with pytest.raises(
        InputError, match=r"line 3: the last record has 5 of 10 fields: the file looks truncated"
    ):
        parse_export(read_export(data, "x.csv"))


def test_unterminated_quote_names_the_line_it_starts_on():
    data = csv_bytes(STRONG_B_HEADER, ROW, '2024-03-04 18:02:11,"B,35m,"Squat (Barbell)",1,100,5,0,0,', ROW)
    with pytest.raises(InputError, match=r"x.csv, line \d"):
        parse_export(read_export(data, "x.csv"))


def test_row_with_too_many_fields_is_located():
    data = csv_bytes(STRONG_B_HEADER, ROW, ROW + ",extra")
    with pytest.raises(InputError, match=r"x.csv, line 3: this row has 11 fields but the header has 10"):
        parse_export(read_export(data, "x.csv"))


def test_a_bank_statement_is_not_an_export():
    data = b"Booking date,Value date,Payee,Amount,Currency\n2024-01-02,2024-01-02,ACME,-12.50,EUR\n"
    with pytest.raises(InputError, match="not a Strong or Hevy export"):
        parse_export(read_export(data, "statement.csv"))


def test_huge_single_field_is_refused():
    data = csv_bytes(STRONG_B_HEADER, ROW.replace('"B"', '"' + "x" * 200_000 + '"'))
    with pytest.raises(InputError, match="200,00[0-9] bytes"):
        parse_export(read_export(data, "x.csv"))
