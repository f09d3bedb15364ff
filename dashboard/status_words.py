"""A verdict's status and gaps in a lifter's words, with the colour each is shown in.

The weekly frame's ``status`` and ``gaps`` hold snake_case ids (``schemas.weekly.STATUSES``,
``GAP_ROLES``); no id ever reaches a page or the report. The Balance page, its cards, the report's
verdict and its weekly table all name a status through ``status_text`` and colour it through
``STATUS_COLORS``, so the four places cannot disagree. A test walks every status and gap role, so a
new id without words fails there rather than showing raw on a page.
"""

from __future__ import annotations

from collections.abc import Iterable

# Words for each status, in schemas.weekly.STATUSES' order of precedence.
STATUS_WORDS = {
    "no_training": "No training",
    "no_lower_body": "No leg training",
    "low_volume": "Low volume",
    "glute_dominant": "Glute-dominant",
    "hamstring_dominant": "Hamstring-dominant",
    "glute_leaning": "Glute-leaning",
    "hamstring_leaning": "Hamstring-leaning",
    "missing_hip_extension": "Too little hip-extension work",
    "missing_knee_flexion": "Too little knee-flexion work",
    "balanced": "Balanced",
}
# A missing role with no sets at all in the window says so plainly.
ABSENT_WORDS = {
    "missing_hip_extension": "No hip-extension work",
    "missing_knee_flexion": "No knee-flexion work",
}
# Bootstrap colour names: red for a sustained imbalance, amber for one to watch (a lean, a role under its
# minimum, low volume), green for balanced, grey when there is nothing to judge. "amber" is liftbalance.css's
# darker yellow for text (Bootstrap's text-warning is 1.6:1 on white); alerts use Bootstrap's "warning".
STATUS_COLORS = {
    "no_training": "secondary",
    "no_lower_body": "secondary",
    "low_volume": "amber",
    "glute_dominant": "danger",
    "hamstring_dominant": "danger",
    "glute_leaning": "amber",
    "hamstring_leaning": "amber",
    "missing_hip_extension": "amber",
    "missing_knee_flexion": "amber",
    "balanced": "success",
}
# What each gap role (schemas.weekly.GAP_ROLES) means, as a lifter would say it.
GAP_WORDS = {
    "hip_extension": "hip-extension hamstring work (Romanian deadlifts, back extensions, good mornings)",
    "knee_flexion": "knee-flexion hamstring work (leg curls, Nordic curls)",
    "nordic": "Nordic curls",
}
# Colours as the hex values the report's CSS uses (Bootstrap 5's, with the darker amber).
HEX = {"success": "#198754", "danger": "#dc3545", "amber": "#8a5300", "secondary": "#6c757d"}


def status_text(status: str, role_sets: float | None = None) -> str:
    """``glute_leaning`` -> ``Glute-leaning``; a missing role with ``role_sets`` 0 -> ``No knee-flexion work``.

    An id without words (never expected) is shown capitalised with spaces rather than as the raw id.
    """
    if status in ABSENT_WORDS and role_sets is not None and role_sets <= 0:
        return ABSENT_WORDS[status]
    return STATUS_WORDS.get(status) or status.replace("_", " ").capitalize()


def alert_color(status: str) -> str:
    """The Bootstrap alert colour for a status (alerts have "warning", not the text-only "amber")."""
    color = STATUS_COLORS.get(status, "secondary")
    return "warning" if color == "amber" else color


def status_hex(status: str) -> str:
    return HEX[STATUS_COLORS.get(status, "secondary")]


def gaps_text(gaps: Iterable[str]) -> str:
    """``("knee_flexion", "nordic")`` -> ``knee-flexion hamstring work (...) and Nordic curls``; "" for none."""
    words = [GAP_WORDS.get(g, g.replace("_", " ")) for g in gaps]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def verdict_status_text(status: str, *, hip_sets: float | None, knee_sets: float | None) -> str:
    """The status words for a verdict or a weekly row, given its window's hip- and knee-flexion sets a week."""
    role_sets = {"missing_hip_extension": hip_sets, "missing_knee_flexion": knee_sets}.get(status)
    return status_text(status, role_sets)
