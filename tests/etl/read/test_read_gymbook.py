"""GymBook in any app language, with exact expectations.

The Italian rows are the real file's shape (incoming/gymbook_it_gb1609.csv); the English and German
files are the same shape with the header and cell words in those languages (no such export is in the
corpus): they show detection goes by shape and the words come from the header and CLDR.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.errors import InputError
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import csv_bytes
from tests.helpers.sample_exports import GYMBOOK_IT as IT

EN = (
    "Date,Workout,Time,Exercise,Region,Muscle Groups (Primary),Muscle Groups (Secondary),"
    "Set / Warm-up Set / Cool-down Set,Reps / Time,Weight / Distance,Notes,Skipped"
)
DE = (
    "Datum,Programm,Uhrzeit,Übung,Bereich,Muskelgruppen (Primär),Muskelgruppen (Sekundär),"
    "Satz / Aufwärmsatz / Cool-down-Satz,Wiederholungen / Zeit,Gewicht / Distanz,Notizen,Übersprungen"
)


def test_italian_sets_kinds_times_distances_and_skipped_sets():
    day = '09/01/25,"AltoScheda Giorno 4"'
    data = csv_bytes(
        IT,
        f'{day},19:30,"Panca Piana",Torace,"Pettorali","",Set di riscaldamento,"12 ripetizioni","20,00 kg",,No',
        f'{day},19:33,"Panca Piana",Torace,"Pettorali","",Set,"1 ripetizione","62,50 kg",pesante,No',
        f'{day},19:36,"Planks",Addome,"Addominali","",Set,"60 secondi","0,00 kg",,Sì',
        f'{day},19:40,"Walking su Tapis Roulant",Cardio,"","",Set di defaticamento,"6 minuti","0,55 km",,No',
        '07/01/25,"",18:05,"Curl",Braccia,"Bicipiti","",Set,"10 ripetizioni","12,50 kg",,No',
        '13/01/25,"",18:05,"Curl",Braccia,"Bicipiti","",Set,"10 ripetizioni","12,50 kg",,No',
    )
    export = parse_export(read_export(data, "gymbook.csv", tz="UTC"))
    assert export.detected.app == "gymbook" and export.normalized.bad_rows == []
    assert export.normalized.skipped == {"marked_skipped_in_app": 1}
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert [r["set_kind"] for r in rows] == ["warmup", "working", "warmup", "working", "working"]
    assert [r["reps"] for r in rows] == [12, 1, None, 10, 10]
    assert [r["weight_kg"] for r in rows] == [20, 62.5, None, 12.5, 12.5]
    assert (rows[2]["duration_s"], rows[2]["distance_m"]) == (360, pytest.approx(550))
    assert [r["notes"] for r in rows[:3]] == [None, "pesante", "cool-down set"]
    # A workout is one date and program, starting at its first set; dates are day-first (13/01 settles it).
    assert [r["workout_start"] for r in rows] == [datetime(2025, 1, 9, 19, 30)] * 3 + [
        datetime(2025, 1, 7, 18, 5),
        datetime(2025, 1, 13, 18, 5),
    ]
    assert rows[0]["workout_name"] == "AltoScheda Giorno 4"


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (
            EN,
            (
                "Set",
                "Warm-up Set",
                "10 reps",
                "1 rep",
                "45 seconds",
                "2 minutes",
                "135.00 lb",
                "1.5 mi",
                "No",
                "Yes",
            ),
        ),
        (
            DE,
            (
                "Satz",
                "Aufwärmsatz",
                "10 Wiederholungen",
                "1 Wiederholung",
                "45 Sekunden",
                "2 Minuten",
                "60,00 kg",
                "1,5 km",
                "Nein",
                "Ja",
            ),
        ),
    ],
)
def test_other_languages_load_by_shape(header: str, words: tuple[str, ...]):
    work, warm, reps, rep, secs, mins, load, far, no, yes = words
    data = csv_bytes(
        header,
        f'05/14/24,"",07:00,"Bench",Chest,"","",{warm},"{reps}","{load}",,{no}',
        f'05/14/24,"",07:05,"Bench",Chest,"","",{work},"{rep}","{load}",,{no}',
        f'05/14/24,"",07:10,"Plank",Core,"","",{work},"{secs}","0",,{yes}',
        f'05/14/24,"",07:15,"Run",Cardio,"","",{work},"{mins}","{far}",,{no}',
    )
    export = parse_export(read_export(data, "gymbook.csv", tz="UTC"))
    assert export.detected.app == "gymbook" and export.normalized.bad_rows == []
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert export.normalized.skipped == {"marked_skipped_in_app": 1}
    assert [r["reps"] for r in rows] == [10, 1, None]
    assert rows[2]["duration_s"] == 120 and rows[2]["distance_m"] > 1400
    assert rows[0]["set_kind"] == "warmup" and rows[0]["weight_kg"] == pytest.approx(
        135 * 0.45359237 if "lb" in load else 60
    )
    assert rows[0]["workout_start"] == datetime(2024, 5, 14, 7, 0)  # 14 > 12: month-first


def test_dates_the_file_cannot_settle_ask_for_the_order():
    data = csv_bytes(IT, '09/01/25,"",19:30,"Curl",Braccia,"","",Set,"10 ripetizioni","12,50 kg",,No')
    with pytest.raises(InputError, match="--date-order"):
        parse_export(read_export(data, "gymbook.csv", tz="UTC"))
    sets = parse_export(read_export(data, "gymbook.csv", tz="UTC", date_order="mdy")).normalized.sets
    assert sets["workout_start"].to_list() == [datetime(2025, 9, 1, 19, 30)]


def test_bad_cells_are_located():
    day = '09/01/25,""'
    data = csv_bytes(
        IT,
        f'{day},19:30,"Curl",Braccia,"","",Set,"dieci ripetizioni","12,50 kg",,No',
        f'{day},19:31,"Curl",Braccia,"","",Set,"10 ripetizioni","12,50 stone",,No',
        f'{day},19:32,"Curl",Braccia,"","",Superserie,"10 ripetizioni","12,50 kg",,No',
        '13/01/25,"",19:30,"Curl",Braccia,"","",Set,"10 ripetizioni","12,50 kg",,No',
    )
    bad = parse_export(read_export(data, "gymbook.csv", tz="UTC")).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [
        (2, "Ripetizioni / Tempo", "dieci ripetizioni"),
        (3, "Peso / Distanza", "12,50 stone"),
        (4, "Set / Set di riscaldamento / Set di defaticamento", "Superserie"),
    ]
