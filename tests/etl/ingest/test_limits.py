"""Upload limits are settings with clear messages, enforced before the work is done."""

from __future__ import annotations

import pytest

from etl.errors import InputError, LiftbalanceError
from etl.ingest import ingest
from etl.limits import Limits
from tests.filebuilders import STRONG_B_HEADER, csv_bytes

ROW = '2024-03-04 18:02:11,"B",35m,"Squat (Barbell)",1,100,5,0,0,'


def test_a_2_gb_file_is_refused_without_reading_it(con, tmp_path):
    big = tmp_path / "huge.csv"
    with big.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    with big.open("rb") as fh:
        with pytest.raises(InputError, match=r"larger than 256 MB"):
            ingest(con, fh, "huge.csv")
        assert fh.tell() == 0  # refused from its size, not after reading 256 MB
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIFTBALANCE_MAX_UPLOAD_MB", "2")
    monkeypatch.setenv("LIFTBALANCE_MAX_ROWS", "10")
    assert Limits.from_env() == Limits(max_upload_bytes=2 * 2**20, max_rows=10, max_field_bytes=100_000)
    monkeypatch.setenv("LIFTBALANCE_MAX_ROWS", "lots")
    with pytest.raises(LiftbalanceError, match="LIFTBALANCE_MAX_ROWS='lots' is not a whole number"):
        Limits.from_env()


def test_row_and_field_limits(con):
    data = csv_bytes(STRONG_B_HEADER, *[ROW.replace(",1,", f",{i},") for i in range(1, 13)])
    with pytest.raises(InputError, match="the file has 12 rows; at most 10"):
        ingest(con, data, "x.csv", limits=Limits(max_rows=10))
    with pytest.raises(InputError, match="a field holds 19 bytes; expected at most 10"):
        ingest(con, data, "x.csv", limits=Limits(max_field_bytes=10))
    assert ingest(con, data, "x.csv", tz="UTC").sets_added == 12
