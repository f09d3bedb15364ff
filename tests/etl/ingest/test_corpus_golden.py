"""The weekly export and the verdict of every corpus file, pinned byte for byte.

Refactors (moving modules, merging code paths, a second store) must not change a single number or word a
lifter sees. Each real export in the corpus is imported alone into a fresh store; its weekly CSV export and
its verdict (as JSON) are hashed and compared with ``tests/golden/corpus_outputs.json``, which was written
from the code before the refactor. Digests, not copies: the corpus stays outside the project.

When a change is meant to move a number, rewrite the digests with ``LIFTBALANCE_WRITE_GOLDEN=1`` and say
why in the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.corpus_outputs import FILES, GOLDEN, outputs, pinned_form, relative


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=relative)
def test_weekly_export_and_verdict_are_byte_identical_to_the_pinned_digests(corpus: Path, path: Path) -> None:
    got = pinned_form(outputs(":memory:", path))
    pinned = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if os.environ.get("LIFTBALANCE_WRITE_GOLDEN") == "1":
        pinned[relative(path)] = got
        GOLDEN.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n")
        return
    assert relative(path) in pinned, (
        f"no pinned digests for {relative(path)}: run with LIFTBALANCE_WRITE_GOLDEN=1"
    )
    assert got == pinned[relative(path)]
