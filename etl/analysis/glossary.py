"""What each weekly number counts and what each threshold rests on, worded once.

The dashboard tooltips, the HTML report and the CLI all read ``GLOSSARY`` so a lifter
sees the same sentence everywhere, and so every threshold is labelled as cited (with its
citation), a heuristic, an analogy or the lifter's own choice (the project's research notes: a
threshold that is not cited must say so wherever it is shown). Every sentence here reaches a lifter,
so none names a column, a setting's key or a file. Keys are the weekly column names and
the ``BalanceSettings`` field names; a test keeps both lists complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Basis = Literal["measure", "cited", "heuristic", "analogy", "choice"]

SCHOENFELD_2017 = "Schoenfeld, Ogborn & Krieger 2017 (weekly set bands <5, 5-9, 10+)"


@dataclass(frozen=True)
class Entry:
    """One glossary term: a short label, a plain-language sentence, and its basis."""

    label: str
    meaning: str
    basis: Basis
    citation: str = ""

    def basis_text(self) -> str:
        """ "cited: ...", "heuristic, ...", "analogy: ..." or "your choice" to show next to a threshold."""
        if self.basis == "measure":
            return ""
        if self.basis == "heuristic":
            return "heuristic, no published norm" + (f"; {self.citation}" if self.citation else "")
        if self.basis == "choice":
            return "your choice" + (f"; {self.citation}" if self.citation else "")
        return f"{self.basis}: {self.citation}"


_ROLLING = (
    "per training week over the rolling window (the last 4 weeks unless you change it in Settings; weeks with "
    "no training are gaps, not zeros)"
)

_ENTRIES: dict[str, Entry] = {
    # --- weekly columns -------------------------------------------------------------------------
    "athlete": Entry("Athlete", "Whose training this row is.", "measure"),
    "week_start": Entry("Week", "The Monday that starts the ISO week, in local time as logged.", "measure"),
    "workouts": Entry("Workouts", "How many separate workouts were logged that week.", "measure"),
    "glute_max_sets": Entry(
        "Glute max sets",
        "Hard sets for the gluteus maximus: 1 for a direct exercise, 0.5 for indirect work (Pelland 2024).",
        "measure",
    ),
    "glute_med_sets": Entry(
        "Glute med sets",
        "Hard sets for the gluteus medius, mostly hip abduction work, counted fractionally (Pelland 2024).",
        "measure",
    ),
    "glute_sets": Entry("Glute sets", "All glute hard sets that week: glute max plus glute med.", "measure"),
    "hamstring_hip_sets": Entry(
        "Hamstring hip-extension sets",
        "Hamstring hard sets from hip-extension work (RDLs, back extensions, good mornings).",
        "measure",
    ),
    "hamstring_knee_sets": Entry(
        "Hamstring knee-flexion sets",
        "Hamstring hard sets from knee-flexion work (leg curls, Nordics).",
        "measure",
    ),
    "hamstring_sets": Entry(
        "Hamstring sets", "All hamstring hard sets that week: hip-extension plus knee-flexion.", "measure"
    ),
    "quad_sets": Entry(
        "Quad sets", "Quadriceps hard sets that week (squats, leg press, lunges, leg extensions).", "measure"
    ),
    "eccentric_sets": Entry(
        "Eccentric sets",
        "Sets of eccentric-emphasis hamstring exercises (Nordic curls, slow-eccentric leg curls, glute-ham raises) "
        "that week: the eccentric-emphasis series. Nordic curls alone are counted in Nordic sets.",
        "measure",
    ),
    "unmapped_sets": Entry(
        "Unrecognised sets",
        "Working sets whose exercise name is not recognised yet, so they count for no muscle.",
        "measure",
    ),
    "glute_tonnage_kg": Entry(
        "Glute tonnage (kg)",
        "Weight x reps credited to the glutes like the sets; 0 for bodyweight work, so secondary to sets.",
        "measure",
    ),
    "hamstring_tonnage_kg": Entry(
        "Hamstring tonnage (kg)",
        "Weight x reps credited to the hamstrings like the sets; 0 for bodyweight work such as Nordics.",
        "measure",
    ),
    "quad_tonnage_kg": Entry(
        "Quad tonnage (kg)",
        "Weight x reps credited to the quads like the sets; 0 for bodyweight work.",
        "measure",
    ),
    "glute_ham_ratio": Entry(
        "Glute:ham ratio",
        "Glute sets divided by hamstring sets that week; empty when there were no hamstring sets.",
        "measure",
    ),
    "ham_quad_ratio": Entry(
        "Ham:quad ratio",
        "Hamstring sets divided by quad sets that week; empty when there were no quad sets.",
        "measure",
    ),
    "knee_flexion_share": Entry(
        "Knee-flexion share",
        "The part of that week's hamstring sets that came from knee-flexion work (0 to 1); empty without any.",
        "measure",
    ),
    "training_weeks_4w": Entry(
        "Training weeks in window",
        "How many weeks of the rolling window had at least one workout.",
        "measure",
    ),
    "glute_sets_4w": Entry("Glute sets / wk (rolling)", "Glute sets " + _ROLLING + ".", "measure"),
    "hamstring_sets_4w": Entry(
        "Hamstring sets / wk (rolling)", "Hamstring sets " + _ROLLING + ".", "measure"
    ),
    "hamstring_hip_sets_4w": Entry(
        "Hip-extension sets / wk (rolling)", "Hamstring hip-extension sets " + _ROLLING + ".", "measure"
    ),
    "hamstring_knee_sets_4w": Entry(
        "Knee-flexion sets / wk (rolling)", "Hamstring knee-flexion sets " + _ROLLING + ".", "measure"
    ),
    "quad_sets_4w": Entry("Quad sets / wk (rolling)", "Quad sets " + _ROLLING + ".", "measure"),
    "eccentric_sets_4w": Entry(
        "Eccentric sets / wk (rolling)", "Eccentric sets " + _ROLLING + ".", "measure"
    ),
    "glute_ham_ratio_4w": Entry(
        "Glute:ham ratio (rolling)",
        "All glute sets in the rolling window divided by all hamstring sets in it (not an average of weekly "
        "ratios); empty when the window has no hamstring sets.",
        "measure",
    ),
    "ham_quad_ratio_4w": Entry(
        "Ham:quad ratio (rolling)",
        "All hamstring sets in the rolling window divided by all quad sets in it. A volume ratio, not the "
        "strength ratio the ~0.6 norm is about.",
        "measure",
    ),
    "knee_flexion_share_4w": Entry(
        "Knee-flexion share (rolling)",
        "Knee-flexion sets in the rolling window divided by all hamstring sets in it (0 to 1).",
        "measure",
    ),
    "weeks_since_eccentric": Entry(
        "Weeks since eccentric work",
        "Weeks since the last week with Nordic curls or glute-ham raises (0 = this week); empty if never.",
        "measure",
    ),
    "status": Entry(
        "Status",
        "The verdict from the rolling window, the first that applies: no training that week; no leg training; "
        "low volume; glute- or hamstring-dominant (outside the balanced band for the sustained weeks); "
        "leaning glute- or hamstring-heavy (outside the band, not yet sustained); balanced ratio but a hamstring "
        "role under its minimum; balanced.",
        "measure",
    ),
    # --- thresholds (BalanceSettings fields) ----------------------------------------------------
    # Both a setting and a column (the window that produced the rolling ``_4w`` columns).
    "window_weeks": Entry(
        "Rolling window (weeks)",
        "How many weeks, this one included, the rolling numbers and the verdict look back over, so one "
        "odd week does not flip the verdict.",
        "heuristic",
        "liftbalance's research notes suggest 4 weeks",
    ),
    "dominance_ratio": Entry(
        "Dominance ratio",
        "Glute-dominant when rolling glute sets exceed this many times the hamstring sets; "
        "hamstring-dominant the other way round.",
        "heuristic",
    ),
    "dominance_floor_sets": Entry(
        "Neglected-side floor",
        "When one side gets the high-volume number of sets or more, the verdict brings the other side up to at "
        "least this many sets a week.",
        "heuristic",
        "liftbalance's research notes: ~4-6 sets a week",
    ),
    "dominance_high_sets": Entry(
        "High volume",
        "Sets a week that count as high volume for a muscle (the top band).",
        "cited",
        SCHOENFELD_2017,
    ),
    "low_volume_sets": Entry(
        "Low volume",
        "Low volume when both glutes and hamstrings get fewer than this many sets a week (the lowest band).",
        "cited",
        SCHOENFELD_2017,
    ),
    "sustained_weeks": Entry(
        "Sustained weeks",
        "A dominance condition must hold this many weeks in a row (or every week so far in a shorter log) "
        "before the status says so.",
        "heuristic",
        "liftbalance's research notes: 3+ weeks",
    ),
    "knee_flexion_share_min": Entry(
        "Knee-flexion share, lower bound",
        "Below this share of hamstring sets from knee-flexion work, curls or Nordics are missing.",
        "heuristic",
    ),
    "knee_flexion_share_max": Entry(
        "Knee-flexion share, upper bound",
        "Above this share, hip-extension hamstring work (RDLs, back extensions) is missing.",
        "heuristic",
    ),
    "hq_reference": Entry(
        "H:Q reference",
        "Shown next to the hamstring:quad volume ratio only for orientation: ~0.6 is a classic STRENGTH "
        "ratio norm, not a volume norm, and not an independent injury predictor.",
        "analogy",
        "concentric H:Q strength norm; Kellis 2023",
    ),
    "min_rpe": Entry(
        "Minimum RPE",
        "Sets logged below this RPE are not counted; sets without an RPE always count. Off unless you set it.",
        "choice",
        "Refalo et al. 2023: failure is not required; ~6-7 is a sensible cut",
    ),
    "eccentric_gap_weeks": Entry(
        "Eccentric gap",
        "Weeks without eccentric-emphasis work after which the eccentric chart marks it as missing (the verdict's "
        "Nordic advice uses the Nordic gap).",
        "heuristic",
        "Nordic programmes halve hamstring strains: van Dyk, Behan & Whiteley 2019; consistency matters: Ripley 2021",
    ),
    # --- the verdict engine (issue 19): columns ---------------------------------------------------------
    "nordic_sets": Entry(
        "Nordic sets",
        "Sets of Nordic hamstring curls that week (the exercise the injury trials used).",
        "measure",
    ),
    "lower_body_sets": Entry(
        "Leg sets",
        "Hard sets that week of any exercise that trains the glutes, hamstrings or quads.",
        "measure",
    ),
    "warmup_sets_by_load": Entry(
        "Warm-ups read from loads",
        "Unmarked sets that week read as warm-ups and not counted: before a session's heaviest set of an exercise "
        "and under the warm-up load share of it.",
        "measure",
    ),
    "nordic_sets_4w": Entry("Nordic sets / wk (rolling)", "Nordic sets " + _ROLLING + ".", "measure"),
    "lower_body_sets_4w": Entry("Leg sets / wk (rolling)", "Leg sets " + _ROLLING + ".", "measure"),
    "weeks_since_nordic": Entry(
        "Weeks since Nordics",
        "Weeks since the last week with Nordic hamstring curls (0 = this week); empty if never.",
        "measure",
    ),
    "gaps": Entry(
        "Missing roles",
        "What the rolling window lacks: hip-extension or knee-flexion hamstring work under its minimum, or no "
        "Nordic curls for the Nordic gap; only judged in windows with leg training.",
        "measure",
    ),
    # --- the verdict engine (issue 19): thresholds --------------------------------------------------------
    "warmup_load_share": Entry(
        "Warm-up load share",
        "In a session's sets of one loaded exercise with no warm-up marks, a set before the heaviest one and "
        "under this share of its load is read as a warm-up. Marks from your app always win. Empty switches it off.",
        "heuristic",
        "liftbalance's research notes: unmarked ramp sets under 60% were 24% of one real log's squat and deadlift sets",
    ),
    "max_added_sets": Entry(
        "Most sets to add",
        "The verdict adds at most this many sets a week in total, and never more than your current weekly leg sets.",
        "heuristic",
        "liftbalance's research notes: add 2-4 sets a week, not double the volume",
    ),
    "hip_extension_min_sets": Entry(
        "Hip-extension minimum",
        "Fewer hip-extension hamstring sets a week than this (RDLs, back extensions) is a missing role, even "
        "when the ratio looks balanced.",
        "heuristic",
        "liftbalance's research notes: each hamstring role present every week",
    ),
    "knee_flexion_min_sets": Entry(
        "Knee-flexion minimum",
        "Fewer knee-flexion hamstring sets a week than this (leg curls, Nordics) is a missing role, even when "
        "the ratio looks balanced.",
        "heuristic",
        "liftbalance's research notes: each hamstring role present every week",
    ),
    "nordic_gap_weeks": Entry(
        "Nordic gap",
        "Weeks without Nordic curls after which a lifter who trains legs is advised to start them, at a "
        "starting dose.",
        "heuristic",
        "Nordic programmes halve hamstring strains: van Dyk, Behan & Whiteley 2019; starting dose: Mjølsnes 2004",
    ),
    "stall_weeks": Entry(
        "Stall after",
        "Weeks without a new best estimated one-rep max (best reps for bodyweight lifts) after which a "
        "posterior-chain lift is marked as stalled on the strength chart.",
        "heuristic",
        "no published norm; Epley's formula estimates the one-rep max",
    ),
}

GLOSSARY: Mapping[str, Entry] = MappingProxyType(_ENTRIES)
