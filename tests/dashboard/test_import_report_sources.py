"""The upload card names each app as a lifter knows it ("Hevy"), never by the stored id ("hevy")."""

from __future__ import annotations

from dashboard.import_report import overlaps_view, sources_view


def _text(component: object) -> str:
    children = getattr(component, "children", None)
    if children is None:
        return str(component)
    if isinstance(children, (list, tuple)):
        return " ".join(_text(c) for c in children)
    return _text(children)


def test_sources_and_overlaps_name_apps_in_a_lifters_words():
    sources = [{"source": "hevy", "first": "2025-07-08", "last": "2026-04-08", "workouts": 37, "sets": 567}]
    text = _text(sources_view(sources))
    assert "Hevy: 2025-07-08 to 2026-04-08, 37 workouts, 567 sets" in text
    assert "hevy:" not in text
    overlaps = [
        {
            "dropped_start": "2025-07-08 18:00:00",
            "counted_source": "strong",
            "counted_sets": 12,
            "dropped_source": "fitnotes",
            "dropped_sets": 11,
            "reason": "more_sets",
        }
    ]
    text = _text(overlaps_view(overlaps))
    assert "Strong (12 sets)" in text and "FitNotes (11 sets)" in text
