"""Taxonomy coverage on the real exports in ../shared/corpus, against hand labels.

The figures the product promises: at least 97% of lower-body working sets credited to the right
pattern, no upper-body set crediting glutes or hamstrings, under 3% of all sets unmapped. The hand
labels and the measurement are in tests/helpers/taxonomy_coverage.py, which ``bench/taxonomy_coverage.py``
prints the same figures from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.corpus import CORPUS
from tests.helpers.taxonomy_coverage import (
    GOAL_LOWER_BODY_RIGHT_PATTERN,
    GOAL_UNMAPPED_SHARE,
    LABELS,
    Coverage,
    LoggedSet,
    corpus_sets,
    measure,
    read_logged_sets,
)


@pytest.fixture(scope="module")
def coverage() -> Coverage:
    if not CORPUS.is_dir():
        pytest.skip(
            f"the real-export corpus is not here ({CORPUS}); it lives beside the repo in ../shared/corpus"
        )
    return measure(corpus_sets(CORPUS))


@pytest.mark.corpus
def test_lower_body_working_sets_are_credited_to_the_right_pattern(coverage: Coverage) -> None:
    assert coverage.lower_working_sets > 1000
    assert coverage.lower_right_share >= GOAL_LOWER_BODY_RIGHT_PATTERN, coverage.wrong_pattern


@pytest.mark.corpus
def test_no_upper_body_set_credits_glutes_or_hamstrings(coverage: Coverage) -> None:
    assert coverage.other_sets > 1000
    assert coverage.other_crediting_glutes_or_hamstrings == 0, sorted(set(coverage.crediting_but_not_lower))


@pytest.mark.corpus
def test_few_sets_are_left_unmapped(coverage: Coverage) -> None:
    assert coverage.unmapped_share < GOAL_UNMAPPED_SHARE, coverage.unmapped_names.most_common(20)


@pytest.mark.corpus
def test_every_name_credited_as_lower_body_is_hand_labelled(coverage: Coverage) -> None:
    assert coverage.unlabelled_lower_body == []


@pytest.mark.corpus
def test_every_label_names_a_name_that_is_in_the_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-export corpus is not here ({CORPUS})")
    names = {s.name for s in corpus_sets(CORPUS)}
    assert sorted(set(LABELS) - names) == []


def test_fitnotes_names_with_unquoted_commas_are_rebuilt(tmp_path: Path) -> None:
    export = tmp_path / "fitnotes.csv"
    export.write_text(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2025-05-07,Overhead Press (Each Side, Dumbbells),Shoulders,10.0,kgs,8,,,\n"
        "2025-05-07,Leg Press,Legs,100.0,kgs,10,,,\n",
        encoding="utf-8",
    )
    assert [s.name for s in read_logged_sets(export)] == [
        "Overhead Press (Each Side, Dumbbells)",
        "Leg Press",
    ]


def test_measure_counts_on_a_hand_written_log() -> None:
    sets = [
        LoggedSet("t", "Squat (Barbell)", warmup=True),
        LoggedSet("t", "Squat (Barbell)", warmup=False),
        LoggedSet("t", "Leg Press", warmup=False),
        LoggedSet("t", "Bench Press (Barbell)", warmup=False),
        LoggedSet("t", "Mystery Move", warmup=False),
    ]
    result = measure(sets, {"Squat (Barbell)": "squat", "Leg Press": "squat"})
    assert (result.lower_working_sets, result.lower_right_pattern) == (2, 1)
    assert result.wrong_pattern == {"Leg Press": ("squat", "leg_press")}
    assert (result.other_sets, result.other_crediting_glutes_or_hamstrings) == (2, 0)
    assert (result.all_sets, result.unmapped_sets) == (5, 1)


def test_strong_warm_ups_are_flagged_and_rest_timers_are_not_sets(tmp_path: Path) -> None:
    export = tmp_path / "strong.csv"
    export.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
        '2024-11-28 17:36:08,"B",35m,"Squat (Barbell)",W,40.0,5,0,0,\n'
        '2024-11-28 17:36:08,"B",35m,"Squat (Barbell)",1,100.0,5,0,0,\n'
        '2024-11-28 17:36:08,"B",35m,"Squat (Barbell)",Rest Timer,0,0,0,120,\n',
        encoding="utf-8",
    )
    assert read_logged_sets(export) == [
        LoggedSet("strong.csv", "Squat (Barbell)", warmup=True),
        LoggedSet("strong.csv", "Squat (Barbell)", warmup=False),
    ]
