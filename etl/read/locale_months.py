"""Month names in every language, from CLDR through Babel, for dates an app writes in its own language.

Hevy writes ``17 may 2024, 13:05`` with the month in the app's language (Turkish ``Nis``, Polish
``maj``, Russian ``мая``, Japanese ``5月``). No hand-written table keeps up with the languages apps
ship, so the names come from CLDR: every locale Babel knows, the abbreviated and wide forms, in both
the format (genitive: ``мая``) and stand-alone (``май``) contexts. Names are compared in lower case
with dots and repeated blanks removed, so ``févr.``, ``Sept.`` and ``พ.ค.`` match as written.

One token can be different months in different languages (``lis`` is November in Polish and October in
Croatian; ``may`` is May in Spanish and November in Basaa). A clash is settled by the file: the first
language, the most widespread first, that knows every month name of the file reads them all; failing
one (a name only a regional variant knows, or a typo), the locales that know the most of the file's
names win, and among them the month most of them give (heuristics both: a file of one month's
workouts may not say more). Babel is imported only when a file has
month names that a fast English parse did not read, and the table is built once per process (the
330 base languages: about a second on an idle machine, several on a busy one; the ~1,150 regional
locales are added only when a token is unknown to every base language).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

_BLANKS = re.compile(r"\s+")

# token -> month -> locales giving that month for that token.
Table = dict[str, dict[int, frozenset[str]]]


def normalize(name: str) -> str:
    """The form names are compared in: lower case, no dots, single spaces (``Sept.`` → ``sept``)."""
    return (
        _BLANKS.sub(" ", name.replace("\u00a0", " ").replace("\u202f", " ").replace(".", "")).strip().lower()
    )


@functools.cache
def widespread_languages() -> tuple[str, ...]:
    """CLDR's base languages, the most widespread first (a heuristic: the most regional variants, so
    ``en``, ``fr``, ``es``, ``de``, ``it`` come early), for lookups that stop at the first language that fits."""
    from babel import localedata  # noqa: PLC0415 (CLDR data is loaded only where a name needs it)

    identifiers = localedata.locale_identifiers()
    variants = Counter(i.split("_")[0] for i in identifiers)
    return tuple(sorted((i for i in identifiers if "_" not in i), key=lambda i: (-variants[i], i)))


@functools.cache
def months_of(identifier: str) -> dict[str, int]:
    """One locale's month names (abbreviated and wide, format and stand-alone, ``normalize``d) -> month."""
    from babel import Locale  # noqa: PLC0415

    months = Locale.parse(identifier).months
    return {
        normalize(name): int(month)
        for context in ("format", "stand-alone")
        for width in ("abbreviated", "wide")
        for month, name in months.get(context, {}).get(width, {}).items()
    }


def _build(identifiers: Iterable[str]) -> Table:
    found: dict[str, dict[int, set[str]]] = {}
    for identifier in identifiers:
        for token, month in months_of(identifier).items():
            found.setdefault(token, {}).setdefault(month, set()).add(identifier)
    return {
        token: {month: frozenset(ids) for month, ids in by_month.items()} for token, by_month in found.items()
    }


@functools.cache
def base_table() -> Table:
    """Month names of every base language (``tr``, ``pl``, ``sr_Latn``; no regional variants)."""
    from babel import localedata  # noqa: PLC0415

    return _build(
        i for i in localedata.locale_identifiers() if "_" not in i or re.fullmatch(r"[a-z]+_[A-Z][a-z]{3}", i)
    )


@functools.cache
def full_table() -> Table:
    """Month names of every CLDR locale, regional variants included (``es_419``, ``en_GB``)."""
    from babel import localedata  # noqa: PLC0415

    return _build(localedata.locale_identifiers())


def months_for(tokens: Iterable[str]) -> dict[str, int]:
    """The month of each of a file's month names (``normalize``d), settled by the locales the file agrees
    with; a token no locale knows, or whose month the file cannot settle, is left out."""
    wanted = {normalize(t) for t in tokens if t and t.strip()}
    if not wanted:
        return {}
    # The common case: a language that knows every name settles them all; the most widespread is tried
    # first, and the search stops there (a Turkish file loads ~100 languages' data, not ~1,150).
    for language in widespread_languages():
        months = months_of(language)
        if wanted <= months.keys():
            return {token: months[token] for token in wanted}
    table = base_table()
    if any(token not in table for token in wanted):
        table = full_table()
    known = {token: table[token] for token in wanted if token in table}
    coverage: Counter[str] = Counter()
    for by_month in known.values():
        for locale in set().union(*by_month.values()):
            coverage[locale] += 1
    resolved: dict[str, int] = {}
    for token, by_month in known.items():
        if len(by_month) == 1:
            resolved[token] = next(iter(by_month))
            continue
        best = max(coverage[i] for ids in by_month.values() for i in ids)
        votes = {month: sum(coverage[i] == best for i in ids) for month, ids in by_month.items()}
        top = max(votes.values())
        winners = [month for month, n in votes.items() if n == top]
        if len(winners) == 1:
            resolved[token] = winners[0]
    return resolved
