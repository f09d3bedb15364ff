"""Unit words in every language, from CLDR through Babel, for cells that write a number with its unit.

GymBook writes a set's time and load as words in the app's language: ``60 secondi``, ``6 minuti``,
``0,00 kg``, ``0,55 km``. Which word is a second, a minute, a kilogram or a kilometre comes from CLDR's
unit patterns (long, short and narrow, every plural form: ``secondo``/``secondi``, ``Sek.``, ``s``),
never from a hand-written list. A file's words are looked up together: the first language that knows
all of them decides (``m`` is a minute in one table and a metre in another, so callers ask only for the
kinds of unit a column can hold). Babel is imported and its locales loaded only on a first lookup,
one base language at a time (the most widespread first) until one knows every word.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from etl.read.locale_months import normalize, widespread_languages

# CLDR unit id -> (what it measures, factor to liftbalance's unit: seconds, kilograms, metres).
UNITS: dict[str, tuple[str, float]] = {
    "duration-second": ("time", 1.0),
    "duration-minute": ("time", 60.0),
    "duration-hour": ("time", 3600.0),
    "mass-kilogram": ("mass", 1.0),
    "mass-pound": ("mass", 0.45359237),
    "length-meter": ("length", 1.0),
    "length-kilometer": ("length", 1000.0),
    "length-mile": ("length", 1609.344),
    "length-yard": ("length", 0.9144),
    "length-foot": ("length", 0.3048),
}


@functools.cache
def _words_of(locale: str, kinds: tuple[str, ...]) -> dict[str, str]:
    """Every word ``locale`` writes for the units measuring one of ``kinds`` -> the CLDR unit id."""
    from babel import Locale  # noqa: PLC0415

    patterns = Locale.parse(locale)._data["unit_patterns"]  # noqa: SLF001 (Babel keeps plural forms only here)
    words: dict[str, str] = {}
    for unit, (measures, _) in UNITS.items():
        if measures not in kinds or unit not in patterns:
            continue
        for length in ("long", "short", "narrow"):
            forms = patterns[unit].get(length) or {}
            for form, pattern in forms.items():
                if form != "per" and isinstance(pattern, str) and "{0}" in pattern:
                    words.setdefault(normalize(pattern.replace("{0}", "")), unit)
    return words


def units_of(words: Iterable[str], *kinds: str) -> dict[str, str]:
    """Each of a file's ``words`` (as written) that names a unit measuring one of ``kinds`` (``time``,
    ``mass``, ``length``: a column's possible kinds, asked together) -> the CLDR unit id, keyed by the ``normalize``d word. The first language (most widespread
    first) knowing every word decides; failing one, each word is read in the first language that knows it."""
    wanted = {normalize(w) for w in words if w and w.strip()}
    found: dict[str, str] = {}
    if not wanted:
        return found
    for locale in widespread_languages():
        table = _words_of(locale, kinds)
        hits = {w: table[w] for w in wanted if w in table}
        if len(hits) == len(wanted):
            return hits
        for word, unit in hits.items():
            found.setdefault(word, unit)
    return found
