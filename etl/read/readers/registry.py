"""The registered readers, in detection order: every list of apps is derived from this one.

Detection asks each reader in turn (no two can claim one file: each needs columns, or a first
line, the others lack); ``--format`` choices, raw schemas, the sets schema's ``source`` values,
the not-an-export message, and every list of apps a lifter reads (the pages' "Strong, Hevy, ... or
JEFIT", the Roster's and ``liftbalance athletes``' apps column, ``liftbalance ingest --help``) all read
``READERS``. Adding an app is its module (see ``etl.read.readers.base``) and one line here.
"""

from __future__ import annotations

from etl.read.readers import (
    alpha,
    custom,
    fitbod,
    fitnotes,
    gymbook,
    hevy,
    jefit,
    liftosaur,
    lyfta,
    strong,
    stronglifts,
)
from etl.read.readers.base import Reader

READERS: tuple[Reader, ...] = (
    strong.READER,
    hevy.READER,
    fitnotes.READER,
    fitbod.READER,
    liftosaur.READER,
    lyfta.READER,
    gymbook.READER,
    stronglifts.READER,
    alpha.READER,
    jefit.READER,
    custom.READER,
)

BY_APP: dict[str, Reader] = {reader.app: reader for reader in READERS}
# Every app id (what ``--format`` accepts besides ``auto``, and what the sets table's ``source`` holds).
APPS: tuple[str, ...] = tuple(BY_APP)
# The apps whose exports are recognised as they come (a mapped CSV is offered in words of its own).
CLAIMING: tuple[Reader, ...] = tuple(reader for reader in READERS if reader.claims_files)


def reader_for(app: str) -> Reader:
    """The registered reader of ``app`` (an id from ``APPS``)."""
    return BY_APP[app]


# How a lifter reads where sets came from, by app id: each claiming reader's label in detection order, and
# the words for sets read through a column mapping (the custom reader's label names its columns instead).
APP_LABELS: dict[str, str] = {**{reader.app: reader.label for reader in CLAIMING}, custom.APP: "a mapped CSV"}
# "Strong, Hevy, ... or JEFIT": the apps whose exports are read as they come, for a sentence.
APPS_TEXT = ", ".join(reader.label for reader in CLAIMING[:-1]) + " or " + CLAIMING[-1].label


def app_label(app: str) -> str:
    """An app id (a sets row's ``source``) in a lifter's words; an id no reader registers shows as it is."""
    return APP_LABELS.get(app, app)
