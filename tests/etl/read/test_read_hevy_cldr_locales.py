"""Hevy exports in further app languages, their stamps written by Babel as the app renders them.

Hevy keeps its stamp layout in every language (``17 may 2024, 13:05``, formats.md) and writes the month
in the app's language. No such export is in ../shared/corpus, so each stamp here is what
``babel.dates.format_datetime(moment, "d MMM y, HH:mm", locale=...)`` gives: the strings CLDR holds for
that language, read back through the Hevy reader end to end. The clash tests pin how a month name that
means different months in different languages is settled by the rest of the file.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
from babel.dates import format_datetime

from etl.read import locale_months
from etl.read.export_file import parse_export, read_export
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes
from tests.helpers.corpus import REPO

# Languages Hevy's app ships beyond the six the old tables knew (English, German, French, Spanish,
# Portuguese, Italian), plus a few more CLDR locales to show nothing is special about these.
LANGUAGES = [
    "tr",
    "pl",
    "ru",
    "uk",
    "ja",
    "ko",
    "zh",
    "zh_Hant",
    "cs",
    "sk",
    "sv",
    "da",
    "nb",
    "fi",
    "id",
    "ms",
    "vi",
    "th",
    "hu",
    "ro",
    "el",
    "hr",
]


def _moments() -> list[datetime]:
    return [datetime(2025, month, month + 10, 7, month) for month in range(1, 13)]


def _rows(stamps: list[str]) -> list[str]:
    return [f'"A","{stamp}","","","Squat (Barbell)",,"",0,"normal",100,5,,,' for stamp in stamps]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_month_as_the_app_writes_it(language: str):
    stamps = [format_datetime(m, "d MMM y, HH:mm", locale=language) for m in _moments()]
    export = parse_export(read_export(csv_bytes(HEVY_KG_HEADER, *_rows(stamps)), "hevy.csv", tz="UTC"))
    assert export.normalized.bad_rows == []
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == _moments()


@pytest.mark.parametrize("language", ["tr", "pl", "ru", "fi", "cs", "uk", "el"])
@pytest.mark.parametrize("pattern", ["d MMMM y, HH:mm", "d LLL y, HH:mm", "d LLLL y, HH:mm"])
def test_wide_and_stand_alone_forms(language: str, pattern: str):
    stamps = [format_datetime(m, pattern, locale=language) for m in _moments()]
    export = parse_export(read_export(csv_bytes(HEVY_KG_HEADER, *_rows(stamps)), "hevy.csv", tz="UTC"))
    assert export.normalized.bad_rows == []
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == _moments()


def test_turkish_as_in_the_issue():
    export = parse_export(
        read_export(
            csv_bytes(HEVY_KG_HEADER, *_rows(["11 Nis 2026, 18:30", "2 Şub 2026, 07:05"])), "h.csv", tz="UTC"
        )
    )
    assert export.normalized.sets.sort("source_line")["workout_start"].to_list() == [
        datetime(2026, 4, 11, 18, 30),
        datetime(2026, 2, 2, 7, 5),
    ]


def test_a_clashing_name_is_settled_by_the_files_language():
    # "lis" is October in Croatian (listopad) and November in Polish (listopad); "lip" June / July.
    croatian = ["sij", "velj", "ožu", "tra", "svi", "lip", "srp", "kol", "ruj", "lis", "stu", "pro"]
    polish = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]
    assert locale_months.months_for(croatian) == {name: month for month, name in enumerate(croatian, start=1)}
    assert locale_months.months_for(polish) == {name: month for month, name in enumerate(polish, start=1)}


def test_a_clash_the_file_cannot_settle_goes_to_the_most_widespread_language():
    # "may" alone: May in English, Spanish and many more; November in Basaa, October in Duala.
    assert locale_months.months_for(["May"]) == {"may": 5}
    # "lis" alone: Croatian (3 CLDR locales) before Czech and Polish (2 each), a heuristic.
    assert locale_months.months_for(["lis"]) == {"lis": 10}


def test_with_a_name_no_language_knows_the_locales_knowing_most_names_vote():
    # No language knows "foo": every locale knowing "lis" knows one name, and most of them say November.
    assert locale_months.months_for(["lis", "foo"]) == {"lis": 11}


def test_names_are_compared_without_case_dots_or_blanks():
    assert locale_months.normalize("Févr.") == "févr"
    assert locale_months.normalize("thg\u00a05") == "thg 5"
    assert locale_months.months_for(["SEPT.", "févr."]) == {"sept": 9, "févr": 2}


def test_an_unknown_name_is_left_out():
    assert locale_months.months_for(["foo", "nis"]) == {"nis": 4}


def test_english_stamps_never_load_babel():
    """The common case stays fast: a file whose months the English parse reads never imports CLDR data."""
    code = (
        "import sys\n"
        "from etl.read.export_file import parse_export, read_export\n"
        "from tests.filebuilders import HEVY_KG_HEADER, csv_bytes\n"
        'row = \'"A","8 Apr 2026, 16:50","8 Apr 2026, 17:50","","Squat",,"",0,"normal",100,5,,,\'\n'
        "parse_export(read_export(csv_bytes(HEVY_KG_HEADER, row), 'h.csv', tz='UTC'))\n"
        "before = 'babel' in sys.modules\n"
        "turkish = row.replace('Apr', 'Nis')\n"
        "parse_export(read_export(csv_bytes(HEVY_KG_HEADER, turkish), 'h.csv', tz='UTC'))\n"
        "print(before, 'babel' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert out.stdout.split() == ["False", "True"]
