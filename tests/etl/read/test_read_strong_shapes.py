"""Strong recognised by its shape: any header language, 2016-17's unit-named columns, 2017-19's ten
columns, the ``;`` export with units and ``Workout Duration``, and the real German export.

German and French headers are as real exports write them (formats.md); the Spanish, Italian,
Portuguese and made-up headers are plausible translations, and the point of them is that detection
does not depend on the words: a header in words no table knows still loads, by its layout and values.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import InputError
from etl.ingest import ingest
from etl.read.detect import detect_format
from etl.read.export_file import parse_export, read_export
from etl.read.parse import KG_PER_LB, M_PER_MILE
from etl.read.readers import strong_shapes
from etl.read.readers.base import Sample
from tests.filebuilders import csv_bytes
from tests.helpers.corpus import CORPUS

GERMAN = (
    "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,Sekunden,"
    "Notizen,Workout-Notizen,RPE"
)
FRENCH = (
    "Date,Nom de l'entraînement,Durée,Nom de l'exercice,Ordre de la série,Poids,Répétitions,Distance,Secondes,"
    "Notes,Notes d'entraînement,RPE"
)
SPANISH = (
    "Fecha,Nombre del entrenamiento,Duración,Nombre del ejercicio,Orden de la serie,Peso,Repeticiones,Distancia,"
    "Segundos,Notas,Notas del entrenamiento,RPE"
)
ITALIAN = (
    "Data,Nome dell'allenamento,Durata,Nome dell'esercizio,Ordine della serie,Peso,Ripetizioni,Distanza,"
    "Secondi,Note,Note dell'allenamento,RPE"
)
PORTUGUESE = (
    "Data,Nome do treino,Duração,Nome do exercício,Ordem da série,Peso,Repetições,Distância,Segundos,"
    "Notas,Notas do treino,RPE"
)
UNKNOWN = "Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9,Q10,Q11,Q12"
ROWS_A = (
    '2018-07-17 01:23:40,"Push Tag",42min,"Bench Press (Barbell)",1,50.0,8,0,0,"","",',
    '2018-07-17 01:23:40,"Push Tag",42min,"Bench Press (Barbell)",W,20.0,10,0,0,,,',
    '2018-07-17 01:23:40,"Push Tag",42min,"Bench Press (Barbell)",2,52.5,6,0,0,,,8.5',
    '2018-07-19 18:00:00,"Pull Tag",1h 5m,"Deadlift (Barbell)",1,100,5,0,0,"schwer","",',
)


def sets_of(data: bytes, **kw):
    export = parse_export(read_export(data, "strong.csv", tz="UTC", **kw))
    assert export.normalized.bad_rows == []
    return export, export.normalized.sets.sort("workout_start", "exercise_pos", "set_pos")


@pytest.mark.parametrize(
    ("header", "label"),
    [
        (GERMAN, "Strong (German)"),
        (FRENCH, "Strong (French)"),
        (SPANISH, "Strong (Spanish)"),
        (ITALIAN, "Strong (Italian)"),
        (PORTUGUESE, "Strong (Portuguese)"),
        (UNKNOWN, "Strong (another language)"),
    ],
)
def test_translated_header_loads_like_the_english_one(header: str, label: str) -> None:
    export, sets = sets_of(csv_bytes(header, *ROWS_A), unit="kg")
    assert export.detected.app == "strong" and export.detected.display == label
    assert sets.select("exercise_name", "set_kind", "weight_kg", "reps", "rpe").rows() == [
        ("Bench Press (Barbell)", "working", 50.0, 8.0, None),
        ("Bench Press (Barbell)", "warmup", 20.0, 10.0, None),
        ("Bench Press (Barbell)", "working", 52.5, 6.0, 8.5),
        ("Deadlift (Barbell)", "working", 100.0, 5.0, None),
    ]
    assert sets.get_column("workout_duration_s").unique().sort().to_list() == [42 * 60.0, 65 * 60.0]
    assert sets.get_column("notes").to_list()[-1] == "schwer"


def test_translated_header_needs_a_unit_like_english_shape_a() -> None:
    export, sets = sets_of(csv_bytes(SPANISH, *ROWS_A), unit="lb")
    assert export.detected.reader.needs_unit(export.detected.shape)
    assert sets.get_column("weight_kg").to_list()[0] == pytest.approx(50 * KG_PER_LB)


def test_translated_shape_b_and_the_file_without_duration_by_their_values() -> None:
    b = "Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,Sekunden,RPE"
    export, sets = sets_of(csv_bytes(b, '2024-11-28 17:36:08,"B",35m,"Row",1,10.0,13.0,0,0.0,'), unit="kg")
    assert (export.detected.shape, sets.get_column("workout_duration_s").to_list()) == ("B@German", [2100.0])
    no_duration = "Z1,Z2,Z3,Z4,Z5,Z6,Z7,Z8,Z9,Z10"  # 2017-19: ten columns, no Duration and no RPE
    export, sets = sets_of(
        csv_bytes(no_duration, '2019-02-14 07:33:40,"Wed","Row",1,60,5,0,0,"",""'), unit="kg"
    )
    assert export.detected.shape == "2017@xx"
    assert sets.select("exercise_name", "weight_kg", "reps").rows() == [("Row", 60.0, 5.0)]


def test_header_words_alone_confirm_a_known_translation_but_unknown_words_need_rows() -> None:
    assert detect_format(Sample(GERMAN.split(",")), "t.csv").display == "Strong (German)"
    with pytest.raises(InputError, match="this is not a Strong or Hevy export"):
        detect_format(Sample(UNKNOWN.split(",")), "t.csv")


@pytest.mark.parametrize(
    "row",
    [
        '2018-07-17,"Push",42min,"Bench",1,50.0,8,0,0,"","",',  # a date without a time is not Strong's stamp
        '2018-07-17 01:23:40,"Push",42min,"Bench",1,fifty,8,0,0,"","",',  # a load that is no number
        '2018-07-17 01:23:40,"Push","Bench",42min,1,50.0,8,0,0,"","",',  # columns in another order
    ],
)
def test_a_header_in_unknown_words_with_values_of_another_shape_is_not_strong(row: str) -> None:
    with pytest.raises(InputError, match="this is not a Strong or Hevy export"):
        parse_export(read_export(csv_bytes(UNKNOWN, row), "t.csv", unit="kg"))


def test_strong_2016_columns_named_by_unit_and_set_order_from_zero() -> None:
    data = csv_bytes(
        "Date,Workout Name,Exercise Name,Set Order,lbs,Reps,mi,Seconds,Notes",
        '2016-05-01 10:00:00,"A","Squat (Barbell)",0,135,5,0,0,""',
        '2016-05-01 10:00:00,"A","Squat (Barbell)",1,225,5,0,0,""',
        '2016-05-01 10:00:00,"A","Running",0,0,0,2,600,""',
    )
    export, sets = sets_of(data)
    assert (export.detected.display, export.parsed.unit) == ("Strong (2016-17)", "lb")
    assert not export.detected.reader.needs_unit(export.detected.shape)
    assert sets.select("exercise_name", "set_kind", "reps").rows() == [
        ("Squat (Barbell)", "working", 5.0),
        ("Squat (Barbell)", "working", 5.0),
        ("Running", "working", 0.0),
    ]
    assert sets.get_column("weight_kg").to_list()[:2] == pytest.approx([135 * KG_PER_LB, 225 * KG_PER_LB])
    assert sets.get_column("distance_m").to_list()[2] == pytest.approx(2 * M_PER_MILE)
    kg = data.replace(b",lbs,", b",kg,").replace(b",mi,", b",km,")
    assert sets_of(kg)[1].get_column("weight_kg").to_list()[:2] == [135.0, 225.0]


def test_strong_v6_semicolons_with_units_workout_duration_and_decimal_commas() -> None:
    data = csv_bytes(
        "Date;Workout Name;Workout Duration;Exercise Name;Set Order;Weight;Weight Unit;Reps;Distance;Distance Unit;"
        "Seconds;Notes;Workout Notes;RPE",
        '2026-09-17 08:00;Push;30m;Bench;1;"62,5";kg;8;;;;;;"8,5"',
        "2026-09-17 08:00;Push;30m;Bench;2;135;lbs;8;;;;;;",
    )
    export, sets = sets_of(data)
    assert export.detected.display == "Strong (semicolon export with units)"
    assert sets.select("workout_duration_s", "reps", "rpe").rows() == [
        (1800.0, 8.0, 8.5),
        (1800.0, 8.0, None),
    ]
    assert sets.get_column("weight_kg").to_list() == pytest.approx([62.5, 135 * KG_PER_LB])


def test_other_apps_with_as_many_columns_are_not_taken_for_strong() -> None:
    fitnotes = csv_bytes(
        "Datum,Übung,Kategorie,Gewicht,Einheit,Wdh,Entfernung,Einheit2,Zeit,Kommentar",
        "2025-04-29,Squat,Legs,100.0,kgs,5,,,,",
    )
    with pytest.raises(InputError, match="this is not a Strong or Hevy export"):
        parse_export(read_export(fitnotes, "t.csv"))


GERMAN_FILE = CORPUS / "incoming" / "strong_de_patrickzim.csv"


@pytest.mark.skipif(not GERMAN_FILE.exists(), reason="the corpus folder ../shared/corpus is absent")
def test_real_german_export_loads_every_row_and_reimports_by_fingerprint(con) -> None:
    data = GERMAN_FILE.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]
    assert len(rows) == 14_965  # the MANIFEST's count, by the stdlib csv module
    first = ingest(con, data, GERMAN_FILE.name, tz="UTC")
    assert first.quarantined == [] and sum(first.skipped.values()) + first.sets_added == len(rows)
    assert (first.format, first.unit) == ("strong (A@German)", "kg")
    again = ingest(con, data, GERMAN_FILE.name, tz="UTC")
    assert (again.sets_added, again.sets_unchanged) == (0, first.sets_added)


def test_a_bad_value_in_a_translated_file_is_named_by_the_files_own_column() -> None:
    rows = (*ROWS_A, '2018-07-19 18:00:00,"Pull Tag",1h 5m,"Deadlift (Barbell)",2,100,fünf,0,0,"","",')
    bad = parse_export(
        read_export(csv_bytes(GERMAN, *rows), "de.csv", tz="UTC", unit="kg")
    ).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [(6, "Wiederh.", "fünf")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.text(max_size=12), min_size=1, max_size=14),
    rows=st.lists(st.lists(st.text(max_size=20), max_size=14), max_size=6),
)
def test_shape_matching_never_crashes_on_any_header_and_rows(
    header: list[str], rows: list[list[str]]
) -> None:
    found = strong_shapes.match(header, rows)
    assert found is None or len(header) == len(strong_shapes.LAYOUTS[found.layout])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_sampling_any_bytes_never_crashes(data: bytes) -> None:
    sample = Sample.of(data, ["a", "b"], ",")
    assert len(sample.rows) <= 8 and all(isinstance(v, str) for row in sample.rows for v in row)
