"""Every registered reader keeps the contract (``etl.read.readers.base``), and every list of apps comes from the registry.

The walk is over ``etl.read.readers.registry.READERS``: a reader added there without a tiny file of its own
in ``SAMPLES`` fails here, and so does one whose header another reader also claims.
"""

from __future__ import annotations

import re

import pandera.polars as pa
import pytest
from click.testing import CliRunner

from dashboard.components import APPS_TEXT
from etl.errors import InputError
from etl.read.csvfile import sniff_header
from etl.read.detect import FORMATS, detect_format
from etl.read.export_file import parse_export, read_export
from etl.read.readers.base import ReadContext, Reader, Sample
from etl.read.readers.registry import APPS, BY_APP, CLAIMING, READERS
from liftbalance.cli import cli
from schemas.sets import SET_KINDS, SOURCE_ID
from tests.filebuilders import HEVY_KG_HEADER, STRONG_A_HEADER, csv_bytes
from tests.helpers.sample_exports import GYMBOOK, LYFTA, OTHER_APP_SAMPLES

SAMPLES: dict[str, bytes] = {
    "strong": csv_bytes(
        STRONG_A_HEADER, '2024-03-04 18:02:11,"Legs",1h 5m,"Squat (Barbell)",1,100,5,0,0,"","",'
    ),
    "hevy": csv_bytes(
        HEVY_KG_HEADER,
        '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:50","","Squat (Barbell)","","",0,"normal",100,5,,,',
    ),
    "fitnotes": csv_bytes(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time",
        "2025-04-29,Squat,Legs,100.0,kgs,5,,,",
    ),
    **{app: OTHER_APP_SAMPLES[app] for app in ("fitbod", "liftosaur", "stronglifts", "alpha", "jefit")},
    "custom": csv_bytes("When,Lift,Kg,Reps", "2024-03-04,Squat,100,5"),
    "lyfta": LYFTA,
    "gymbook": GYMBOOK,
}
CUSTOM_COLUMNS = {"date": "When", "exercise": "Lift", "weight": "Kg", "reps": "Reps"}


def sample_of(app: str) -> Sample:
    data = SAMPLES[app]
    header, delimiter = sniff_header(data, "t.csv")
    return Sample.of(data, header, delimiter)


def test_every_registered_reader_has_a_sample_here_and_a_unique_id() -> None:
    assert sorted(SAMPLES) == sorted(APPS)
    assert len(APPS) == len(READERS)
    assert [reader.app for reader in CLAIMING] == [reader.app for reader in READERS if reader.app != "custom"]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.app)
def test_reader_names_itself_and_its_schema(reader: Reader) -> None:
    assert re.match(SOURCE_ID, reader.app)
    assert reader.label and "_" not in reader.label
    assert reader.expected_header
    assert issubclass(reader.raw_schema, pa.DataFrameModel)
    assert set(reader.set_kinds.values()) <= set(SET_KINDS)
    assert reader.new_workouts_at in ("start", "end")
    assert reader.counts_units <= reader.guesses_unit  # counts are one way of guessing
    assert BY_APP[reader.app] is reader


@pytest.mark.parametrize("reader", CLAIMING, ids=lambda reader: reader.app)
def test_reader_claims_its_own_file_alone_and_names_the_shape_for_a_lifter(reader: Reader) -> None:
    sample = sample_of(reader.app)
    assert [r.app for r in READERS if r.detect(sample) is not None] == [reader.app]
    shape = reader.detect(sample)
    assert shape is not None
    shown = reader.shape_label(shape)
    assert shown.startswith(reader.label) and f"({shape})" not in shown and "_" not in shown
    assert detect_format(sample, "t.csv").reader is reader


@pytest.mark.parametrize("app", APPS)
def test_reader_parses_a_tiny_file_of_its_own_into_sets_from_its_app(app: str) -> None:
    columns = CUSTOM_COLUMNS if app == "custom" else None
    export = parse_export(read_export(SAMPLES[app], "t.csv", tz="UTC", unit="kg", columns=columns))
    assert export.detected.app == app
    assert export.normalized.bad_rows == []
    sets = export.normalized.sets
    assert sets.height >= 1 and set(sets.get_column("source")) == {app}
    assert (
        sets.get_column("exercise_name").null_count() == 0
        and sets.get_column("workout_start").null_count() == 0
    )


def test_reader_gets_a_context_with_the_date_order() -> None:
    context = ReadContext("t.csv", unit="lb", tz="Europe/Berlin", date_order="dmy")
    assert (context.filename, context.unit, context.tz, context.date_order, context.columns) == (
        "t.csv",
        "lb",
        "Europe/Berlin",
        "dmy",
        None,
    )
    with pytest.raises(InputError, match="unknown date order 'ymd'"):
        parse_export(read_export(SAMPLES["strong"], "t.csv", date_order="ymd"))


def test_every_list_of_apps_comes_from_the_registry() -> None:
    labels = [reader.label for reader in CLAIMING]
    assert ("auto", *APPS) == FORMATS
    assert ", ".join(labels[:-1]) + " or " + labels[-1] == APPS_TEXT
    with pytest.raises(InputError) as refused:
        parse_export(read_export(b"a,b\n1,2\n", "t.csv"))
    message = str(refused.value)
    assert all(label in message for label in labels), message
    help_text = CliRunner().invoke(cli, ["ingest", "--help"]).output
    flat = " ".join(help_text.split())
    assert all(label in flat for label in labels), help_text
    assert "--date-order" in help_text
