"""Every list of apps a lifter reads comes from the reader registry (``etl.read.readers.registry``).

The app list used to live in six places (the pages, the Roster, ``liftbalance athletes``, the CLI's help, the
ingest help, the not-an-export message), and the hand-kept ones had drifted: ``liftbalance athletes`` showed
Lyfta and GymBook sets by their ids, and ``liftbalance --help`` and README listed eight apps of ten. The
one list still kept by hand (``liftbalance --help``, which must not load ``etl``) is held to the registry here.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from dashboard.roster_view import table_rows
from etl.read.readers.registry import APP_LABELS, APPS, APPS_TEXT, CLAIMING, app_label
from liftbalance.cli import cli
from schemas.roster import ROSTER_COLUMNS

README = Path(__file__).resolve().parents[3] / "README.md"


def test_labels_follow_the_registry_in_detection_order() -> None:
    claiming = [reader.app for reader in CLAIMING]
    assert list(APP_LABELS) == [*claiming, "custom"] and set(APP_LABELS) == set(APPS)
    assert [APP_LABELS[app] for app in claiming] == [reader.label for reader in CLAIMING]
    assert APPS_TEXT == (
        "Strong, Hevy, FitNotes, Fitbod, Liftosaur, Lyfta, GymBook, StrongLifts, Alpha Progression or JEFIT"
    )


def test_an_app_id_reads_as_its_label_and_an_unknown_one_as_it_is() -> None:
    assert [app_label("alpha"), app_label("lyfta"), app_label("custom"), app_label("zzz")] == [
        "Alpha Progression",
        "Lyfta",
        "a mapped CSV",
        "zzz",
    ]


def test_the_roster_names_every_app_in_words() -> None:
    row = {
        "athlete": "ana",
        "status": "balanced",
        "status_weeks": 1,
        "status_held_longer": False,
        "glute_ham_ratio": 1.0,
        "ratio_weeks": [1.0],
        "hip_extension_sets": 2.0,
        "hip_extension_min": 2.0,
        "knee_flexion_sets": 2.0,
        "knee_flexion_min": 2.0,
        "weeks_since_nordic": None,
        "last_training_day": None,
        "weeks_without_training": 0,
        "sources": ["gymbook", "lyfta", "custom"],
        "needs_attention": False,
    }
    rows = table_rows(pl.DataFrame([row], schema=ROSTER_COLUMNS))
    assert rows[0]["apps"] == "GymBook, Lyfta, a mapped CSV"


def test_the_cli_help_names_the_registrys_apps_in_its_order() -> None:
    """``liftbalance --help`` keeps its list by hand (it must not load ``etl``): it is the registry's."""
    top = " ".join(CliRunner().invoke(cli, ["--help"]).output.split())
    assert ", ".join(reader.label for reader in CLAIMING) in top
    ingest = " ".join(CliRunner().invoke(cli, ["ingest", "--help"]).output.split())
    assert ", ".join(reader.label for reader in CLAIMING) in ingest


def test_readme_names_every_app_it_reads() -> None:
    section = README.read_text(encoding="utf-8").split("## Apps it reads", 1)[1].split("\n## ", 1)[0]
    text = re.sub(r"\s+", " ", section)
    missing = [reader.label for reader in CLAIMING if reader.label not in text]
    assert missing == [], f"README's 'Apps it reads' lacks {missing}"
