"""Print how well the taxonomy covers the real exports: ``python -m bench.taxonomy_coverage``.

The three figures the taxonomy promises (lower-body working sets credited to the right
pattern >= 97%, upper-body sets crediting glutes or hamstrings = 0, sets left unmapped
< 3%), measured against the hand labels in tests/helpers/taxonomy_coverage.py, then where
the matches came from and every miss by name. Exits 1 when a goal is missed, 2 when the
corpus (../shared/corpus) is absent.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from etl.taxonomy import TAXONOMY_VERSION, credit_names, load_taxonomy  # noqa: E402
from tests.helpers.corpus import CORPUS  # noqa: E402
from tests.helpers.taxonomy_coverage import (  # noqa: E402
    GOAL_LOWER_BODY_RIGHT_PATTERN,
    GOAL_UNMAPPED_SHARE,
    corpus_sets,
    measure,
)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"No corpus at {CORPUS}: nothing to measure.")
        return 2
    sets = corpus_sets(CORPUS)
    coverage = measure(sets)
    print(f"taxonomy {TAXONOMY_VERSION}: {load_taxonomy().height} exercises; corpus {CORPUS}")
    by_file = Counter((s.file, s.warmup) for s in sets)
    for file in sorted({s.file for s in sets}):
        print(f"  {file:32} {by_file[(file, False)]:6} working sets, {by_file[(file, True)]:5} warm-ups")
    print(f"  {'all files':32} {len(sets):6} sets, {len({s.name for s in sets})} distinct names")
    print()
    lower_ok = coverage.lower_right_share >= GOAL_LOWER_BODY_RIGHT_PATTERN
    upper_ok = coverage.other_crediting_glutes_or_hamstrings == 0
    unmapped_ok = coverage.unmapped_share < GOAL_UNMAPPED_SHARE
    print(
        f"lower-body working sets credited to the right pattern: {coverage.lower_right_share:.1%} "
        f"({coverage.lower_right_pattern}/{coverage.lower_working_sets}; goal >= {GOAL_LOWER_BODY_RIGHT_PATTERN:.0%})"
        f" {'ok' if lower_ok else 'MISSED'}"
    )
    print(
        f"upper-body sets credited to glutes or hamstrings: {coverage.other_crediting_glutes_or_hamstrings} "
        f"of {coverage.other_sets} (goal 0) {'ok' if upper_ok else 'MISSED'}"
    )
    print(
        f"sets left unmapped: {coverage.unmapped_share:.2%} ({coverage.unmapped_sets}/{coverage.all_sets}; "
        f"goal < {GOAL_UNMAPPED_SHARE:.0%}) {'ok' if unmapped_ok else 'MISSED'}"
    )
    kinds = dict(credit_names(s.name for s in sets).select("name", "match").iter_rows())
    sets_by_kind = Counter(kinds[s.name] for s in sets)
    print("sets by match step: " + ", ".join(f"{kind} {n}" for kind, n in sets_by_kind.most_common()))
    for name, (label, got) in sorted(coverage.wrong_pattern.items()):
        print(f"  wrong pattern: {name!r}: labelled {label}, credited {got}")
    for name in sorted(set(coverage.crediting_but_not_lower)):
        print(f"  not lower body but credits glutes/hamstrings: {name!r}")
    for name, n in coverage.unmapped_names.most_common():
        print(f"  unmapped: {name!r} ({n} sets)")
    for name in coverage.unlabelled_lower_body:
        print(f"  credited as lower body but not hand-labelled: {name!r}")
    return 0 if lower_ok and upper_ok and unmapped_ok else 1


if __name__ == "__main__":
    sys.exit(main())
