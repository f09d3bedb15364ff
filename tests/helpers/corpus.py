"""Where the repository and the real-export corpus are. The corpus lives beside the repo in
../shared/corpus and is never copied into it; tests that read it skip with a reason where it is absent
(the ``corpus`` fixture in tests/conftest.py) or parametrize over ``corpus_files`` (empty there)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_files(pattern: str) -> list[Path]:
    """For parametrize: the corpus files matching ``pattern`` (empty where the corpus is absent)."""
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []
