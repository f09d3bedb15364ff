"""Every status and gap role has words a lifter reads, and a colour; no snake_case id reaches a page."""

from __future__ import annotations

import pytest

from dashboard.status_words import (
    GAP_WORDS,
    STATUS_COLORS,
    STATUS_WORDS,
    alert_color,
    gaps_text,
    status_hex,
    status_text,
    verdict_status_text,
)
from schemas.weekly import GAP_ROLES, STATUSES


def test_every_status_and_gap_role_has_words_and_a_colour() -> None:
    assert tuple(STATUS_WORDS) == STATUSES  # same order: the order of precedence
    assert set(STATUS_COLORS) == set(STATUSES) and set(GAP_WORDS) == set(GAP_ROLES)
    for status in STATUSES:
        words = status_text(status)
        assert "_" not in words and words[0].isupper()
        assert alert_color(status) in {"success", "danger", "warning", "secondary"}
        assert status_hex(status).startswith("#")


@pytest.mark.parametrize(
    ("status", "hip", "knee", "words"),
    [
        ("glute_leaning", 1.0, 1.0, "Glute-leaning"),
        ("hamstring_dominant", 4.0, 4.0, "Hamstring-dominant"),
        ("no_lower_body", None, None, "No leg training"),
        ("missing_knee_flexion", 3.0, 0.0, "No knee-flexion work"),
        ("missing_knee_flexion", 3.0, 1.0, "Too little knee-flexion work"),
        ("missing_hip_extension", 0.0, 3.0, "No hip-extension work"),
        ("missing_hip_extension", 1.5, 3.0, "Too little hip-extension work"),
    ],
)
def test_status_words_say_no_when_a_role_has_no_sets(
    status: str, hip: float | None, knee: float | None, words: str
) -> None:
    assert verdict_status_text(status, hip_sets=hip, knee_sets=knee) == words


def test_colours_follow_how_urgent_the_status_is() -> None:
    assert [
        alert_color(s)
        for s in ("balanced", "glute_dominant", "glute_leaning", "missing_knee_flexion", "no_training")
    ] == [
        "success",
        "danger",
        "warning",
        "warning",
        "secondary",
    ]


def test_gaps_are_listed_in_words() -> None:
    assert gaps_text(()) == ""
    assert gaps_text(("nordic",)) == "Nordic curls"
    assert gaps_text(("hip_extension", "knee_flexion", "nordic")) == (
        "hip-extension hamstring work (Romanian deadlifts, back extensions, good mornings), "
        "knee-flexion hamstring work (leg curls, Nordic curls) and Nordic curls"
    )
