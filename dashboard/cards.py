"""The summary cards over the verdict's rolling window: defined once, drawn by the page and the report.

The Balance page had five cards and the HTML report six, with their own labels and captions, and they had
drifted apart. ``CARDS`` is the one list now: each card's label, how its value is written, the short line
under the value, and what it counts (the glossary's sentences: the page's tooltip, the report's caption).
``dashboard.components.summary_cards`` draws them as Dash cards, ``dashboard.report`` as HTML; both go
through ``shown_cards``, so they show the same numbers in the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.explain import basis, explained
from dashboard.status_words import verdict_status_text
from etl.analysis.numbers import number
from etl.analysis.settings import BalanceSettings
from etl.analysis.verdict import Verdict

Words = Callable[[Verdict, BalanceSettings], str]


@dataclass(frozen=True)
class Card:
    """One card: ``key`` names it (``card-<key>`` on the page), ``label`` heads it, ``value`` writes its
    number, ``detail`` the short line under it, ``counts`` what the number counts. ``status_colour``:
    the value is drawn in the verdict status's colour."""

    key: str
    label: str
    value: Words
    detail: Words
    counts: Words
    status_colour: bool = False


@dataclass(frozen=True)
class ShownCard:
    """A card's words for one verdict, ready to draw; ``status`` is the verdict's status when the value
    takes its colour."""

    key: str
    label: str
    value: str
    detail: str
    counts: str
    status: str | None


def _window(rec: Verdict, settings: BalanceSettings) -> str:
    return f"per week, last {rec.window_weeks or settings.window_weeks} weeks"


def _hamstring_detail(rec: Verdict, settings: BalanceSettings) -> str:
    hip, knee = rec.hip_extension_sets_per_week, rec.knee_flexion_sets_per_week
    minimums = f"minimum {number(settings.hip_extension_min_sets)} / {number(settings.knee_flexion_min_sets)}"
    return f"hip {number(hip)} · knee {number(knee)} ({minimums}, heuristic)"


def _hamstring_counts(rec: Verdict, settings: BalanceSettings) -> str:
    return (
        explained("hamstring_sets_4w")
        + " Hip: "
        + explained("hamstring_hip_sets_4w")
        + " Knee: "
        + explained("hamstring_knee_sets_4w")
        + " Minimums: "
        + explained("hip_extension_min_sets")
        + " "
        + explained("knee_flexion_min_sets")
    )


def _band(rec: Verdict, settings: BalanceSettings) -> str:
    low, high = 1 / settings.dominance_ratio, settings.dominance_ratio
    return f"balanced {low:.2f}-{high:g} ({basis('dominance_ratio').split(' (')[0]})"


def _status(rec: Verdict, settings: BalanceSettings) -> str:
    return verdict_status_text(
        rec.status, hip_sets=rec.hip_extension_sets_per_week, knee_sets=rec.knee_flexion_sets_per_week
    )


def _since_nordic(rec: Verdict, settings: BalanceSettings) -> str:
    return "never" if rec.weeks_since_nordic is None else f"{rec.weeks_since_nordic} wk"


CARDS: tuple[Card, ...] = (
    Card(
        "glute",
        "Glute sets",
        lambda rec, _: number(rec.glute_sets_per_week),
        _window,
        lambda rec, _: explained("glute_sets_4w"),
    ),
    Card(
        "hamstring",
        "Hamstring sets",
        lambda rec, _: number(rec.hamstring_sets_per_week),
        _hamstring_detail,
        _hamstring_counts,
    ),
    Card(
        "ratio",
        "Glute:ham ratio",
        lambda rec, _: number(rec.glute_ham_ratio, 2),
        _band,
        lambda rec, _: explained("glute_ham_ratio_4w") + " Band: " + explained("dominance_ratio"),
    ),
    Card(
        "status",
        "Status",
        _status,
        lambda rec, _: "early: under 2 training weeks" if rec.early else "from the rolling window",
        lambda rec, _: explained("status"),
        status_colour=True,
    ),
    Card(
        "nordic",
        "Since Nordic curls",
        _since_nordic,
        lambda rec, _: "Nordic hamstring curls only",
        lambda rec, _: explained("weeks_since_nordic") + " Advised after: " + explained("nordic_gap_weeks"),
    ),
)


def shown_cards(rec: Verdict, settings: BalanceSettings) -> list[ShownCard]:
    """Every card's words for this verdict, in ``CARDS`` order."""
    return [
        ShownCard(
            card.key,
            card.label,
            card.value(rec, settings),
            card.detail(rec, settings),
            card.counts(rec, settings),
            rec.status if card.status_colour else None,
        )
        for card in CARDS
    ]
