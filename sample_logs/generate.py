"""Rewrite the bundled sample logs; the front door for the demo files and the benchmark exports.

``python -m sample_logs.generate`` (from the repository root) writes ``strong_sample.csv``
and ``hevy_sample.csv`` beside this file. Everything is seeded, so re-running gives byte-identical files,
and the test suite regenerates them to prove the committed copies have not drifted. The benchmarks
import :func:`synthetic_export` / :func:`synthetic_exports` from here.
"""

from __future__ import annotations

from pathlib import Path

from sample_logs.story import story_workouts
from sample_logs.synthetic import synthetic_export, synthetic_exports
from sample_logs.writers import hevy_csv, strong_csv

__all__ = ["SAMPLE_DIR", "sample_exports", "synthetic_export", "synthetic_exports", "write_samples"]

SAMPLE_DIR = Path(__file__).resolve().parent
STRONG_SAMPLE = "strong_sample.csv"
HEVY_SAMPLE = "hevy_sample.csv"


def sample_exports() -> dict[str, bytes]:
    """The two sample files, by file name: Strong shape A in kg, then Hevy in lb."""
    strong, hevy = story_workouts()
    return {
        STRONG_SAMPLE: strong_csv(strong).encode("utf-8"),
        HEVY_SAMPLE: hevy_csv(hevy, "lb").encode("utf-8"),
    }


def write_samples(directory: Path = SAMPLE_DIR) -> list[Path]:
    """Write the sample files into ``directory``; returns their paths."""
    paths = []
    for name, content in sample_exports().items():
        path = directory / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def main() -> None:
    for path in write_samples():
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
