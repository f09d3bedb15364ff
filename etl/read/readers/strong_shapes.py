"""Strong's export recognised by its shape, whatever language the app wrote its header in.

Strong translates only its header words; the column order, the ISO stamps, the ``42min`` /
``1h 5m`` durations, the set numbers with W/F/D and the ``.`` decimals stay those of the English
export. So a header in words we do not know is matched against Strong's column layouts (by count
and order) and the first rows' values must have the shape each column holds there. Header words
are only used afterwards, to name the language for the lifter ("Strong (German)"); a file in a
language not listed here still loads, as "Strong (another language)".

A matched file's columns are renamed to the English names (``english_header``), so the rest of
the Strong reader, the raw schema and re-import fingerprints see one layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Strong's column layouts, in English (formats.md): the file's columns map to these by position.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "A": (
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "Workout Notes",
        "RPE",
    ),
    "B": (
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "RPE",
    ),
    "A-no-duration": (
        "Date",
        "Workout Name",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "Workout Notes",
        "RPE",
    ),
    # 2017-19: no Duration and no RPE.
    "2017": (
        "Date",
        "Workout Name",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
        "Workout Notes",
    ),
    "D": (
        "Date",
        "Workout Name",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Weight Unit",
        "Reps",
        "RPE",
        "Distance",
        "Distance Unit",
        "Seconds",
        "Notes",
        "Workout Notes",
    ),
}

_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?")
_DURATION = re.compile(r"^(?=\d)(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*(\d+\s*s)?$|^\d+$")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_SET_ORDER = re.compile(r"^(\d+|[WFD])$", re.IGNORECASE)
_UNIT = re.compile(r"^(kg|kgs|lb|lbs|km|mi\.?|m|miles|meters)?$", re.IGNORECASE)


def _stamp(value: str) -> bool:
    return bool(_STAMP.match(value))


def _duration(value: str) -> bool:
    return bool(_DURATION.match(value))


def _number_or_blank(value: str) -> bool:
    return value == "" or bool(_NUMBER.match(value))


def _unit(value: str) -> bool:
    return bool(_UNIT.match(value))


def _text(value: str) -> bool:
    return True


def _named(value: str) -> bool:
    """An exercise name: text, not a number and not a stamp (it tells the layouts with and without Duration apart)."""
    return value != "" and not _NUMBER.match(value) and not _duration(value) and not _stamp(value)


# What each English column's values look like in every row (a set order may also be a rest timer's
# word, in the app's language: checked on most rows, not all).
_SHAPES: dict[str, Callable[[str], bool]] = {
    "Date": _stamp,
    "Duration": _duration,
    "Exercise Name": _named,
    "Weight": _number_or_blank,
    "Reps": _number_or_blank,
    "Distance": _number_or_blank,
    "Seconds": _number_or_blank,
    "RPE": _number_or_blank,
    "Weight Unit": _unit,
    "Distance Unit": _unit,
}

# Header words per language, used only to name the language (detection never depends on them). The
# key is the exercise-name column, the most distinctive word of the header; German and French as in
# real exports (formats.md), the others as those translations write the same column.
LANGUAGES: dict[str, str] = {
    "exercise name": "English",
    "name der übung": "German",
    "nom de l'exercice": "French",
    "nombre del ejercicio": "Spanish",
    "nome dell'esercizio": "Italian",
    "nome esercizio": "Italian",
    "nome do exercício": "Portuguese",
    "naam oefening": "Dutch",
    "oefeningnaam": "Dutch",
    "nazwa ćwiczenia": "Polish",
    "название упражнения": "Russian",
    "egzersiz adı": "Turkish",
    "övningens namn": "Swedish",
    "øvelsesnavn": "Danish",
    "種目名": "Japanese",
    "운동 이름": "Korean",
    "练习名称": "Chinese",
}
UNKNOWN_LANGUAGE = "xx"


@dataclass(frozen=True)
class Match:
    layout: str
    language: str  # a name from LANGUAGES' values, or UNKNOWN_LANGUAGE


def _rows_fit(layout: tuple[str, ...], rows: Sequence[Sequence[str]]) -> bool:
    rows = [row for row in rows if len(row) == len(layout)]
    if not rows:
        return False
    for index, column in enumerate(layout):
        values = [row[index].strip() for row in rows]
        if column == "Set Order":
            if sum(bool(_SET_ORDER.match(v)) for v in values) * 2 < len(values):
                return False
            continue
        fits = _SHAPES.get(column, _text)
        if column == "Exercise Name":
            # A rest timer's row may carry its own word here; most rows name an exercise.
            if sum(fits(v) for v in values) * 2 < len(values):
                return False
        elif not all(fits(v) for v in values):
            return False
    return True


def language_of(header: Sequence[str], layout: str) -> str:
    """The header's language from its exercise-name column's words, or ``UNKNOWN_LANGUAGE``."""
    index = LAYOUTS[layout].index("Exercise Name")
    word = header[index].strip().lower() if len(header) > index else ""
    return LANGUAGES.get(word, UNKNOWN_LANGUAGE)


def match(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Match | None:
    """Strong's layout this header and these first rows have, by shape; None when no layout fits.

    Without rows (a header alone), only a header whose words are a known translation is matched."""
    for layout, columns in LAYOUTS.items():
        if len(header) != len(columns):
            continue
        language = language_of(header, layout)
        if rows:
            if _rows_fit(columns, rows):
                return Match(layout, language)
        elif language != UNKNOWN_LANGUAGE:
            return Match(layout, language)
    return None


def english_header(layout: str) -> list[str]:
    return list(LAYOUTS[layout])
