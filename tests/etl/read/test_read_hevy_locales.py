"""Hevy exports written in other app languages: every month name in de, fr, es, pt, it and nl, and decimal commas.

No non-English Hevy export is in ../shared/corpus, so these stamps are written from the documented
shape (``8 Apr 2026, 16:50``, formats.md) with each language's month abbreviations as the common
date libraries write them (CLDR / date-fns / moment: ``März``, ``févr.``, ``sept``, ``mrt.``, ``giu``...),
and the long forms, read through the Hevy reader end to end.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.read.export_file import parse_export, read_export
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes

MONTHS = {
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    "de-short": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
    "es-dot": [
        "ene.",
        "feb.",
        "mar.",
        "abr.",
        "may.",
        "jun.",
        "jul.",
        "ago.",
        "sep.",
        "oct.",
        "nov.",
        "dic.",
    ],
    "pt": ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
    "pt-dot": [
        "jan.",
        "fev.",
        "mar.",
        "abr.",
        "mai.",
        "jun.",
        "jul.",
        "ago.",
        "set.",
        "out.",
        "nov.",
        "dez.",
    ],
    "it": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    "nl": ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."],
    "de-long": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr-long": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es-long": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "pt-long": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    "it-long": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "nl-long": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}


def rows_for(months: list[str]) -> list[str]:
    return [
        f'"A","{day} {m} 2025, 7:{day:02d}","","","Squat (Barbell)",,"",0,"normal",100,5,,,'
        for day, m in enumerate(months, start=1)
    ]


@pytest.mark.parametrize("language", sorted(MONTHS))
def test_every_month_name_of_the_language(language: str):
    export = parse_export(
        read_export(csv_bytes(HEVY_KG_HEADER, *rows_for(MONTHS[language])), "hevy.csv", tz="UTC")
    )
    assert export.normalized.bad_rows == []
    starts = export.normalized.sets.sort("source_line")["workout_start"].to_list()
    assert starts == [datetime(2025, month, month, 7, month) for month in range(1, 13)]


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("8. Apr. 2026, 16:50", datetime(2026, 4, 8, 16, 50)),  # German, with the day's dot
        ("8 de abr. de 2026, 16:50", datetime(2026, 4, 8, 16, 50)),  # Spanish / Portuguese long form
        ("8 avr. 2026 à 16:50", datetime(2026, 4, 8, 16, 50)),
        ("8 apr 2026, 4:50 PM", datetime(2026, 4, 8, 16, 50)),
        ("31 dic 2025, 23:59", datetime(2025, 12, 31, 23, 59)),
    ],
)
def test_language_specific_separators(stamp: str, expected: datetime):
    row = f'"A","{stamp}","","","Squat (Barbell)",,"",0,"normal",100,5,,,'
    export = parse_export(read_export(csv_bytes(HEVY_KG_HEADER, row), "hevy.csv", tz="UTC"))
    assert export.normalized.bad_rows == []
    assert export.normalized.sets["workout_start"].to_list() == [expected]


def test_decimal_commas_in_weights_rpe_and_distance():
    w = '"Beine","3 März 2025, 18:00","3 März 2025, 19:00","",'
    data = csv_bytes(
        HEVY_KG_HEADER,
        w + '"Hip Thrust (Barbell)",,"",0,"normal","102,5",8,,,"8,5"',
        w + '"Laufen",,"",0,"normal",,,"2,25",600,',
    )
    export = parse_export(read_export(data, "hevy.csv", tz="UTC"))
    assert export.normalized.bad_rows == []
    rows = export.normalized.sets.sort("source_line").to_dicts()
    assert (rows[0]["weight_kg"], rows[0]["rpe"]) == (102.5, 8.5)
    assert rows[1]["distance_m"] == 2250
    assert rows[0]["workout_duration_s"] == 3600


def test_an_unknown_month_name_is_a_located_bad_value():
    row = '"A","8 Foo 2026, 16:50","","","Squat (Barbell)",,"",0,"normal",100,5,,,'
    bad = parse_export(read_export(csv_bytes(HEVY_KG_HEADER, row), "hevy.csv", tz="UTC")).normalized.bad_rows
    assert [(b.line, b.column, b.value) for b in bad] == [(2, "start_time", "8 Foo 2026, 16:50")]
