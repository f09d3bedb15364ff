"""Exercise name → canonical exercise → fractional sets for glutes, hamstrings and quads.

liftbalance's every chart is a sum of what this package credits per logged set, so it
is its own package: the reviewed data file (``exercises.csv``, versioned by its first
line), its loader, the name normalizer, the ordered structure rules, the matcher, and
the per-athlete overrides store. Other code uses only the names re-exported here.
"""

from etl.taxonomy.catalogue import TAXONOMY_VERSION, load_taxonomy
from etl.taxonomy.errors import TaxonomyError, UnknownExerciseError
from etl.taxonomy.match import NameMatch, credit_names, match_name
from etl.taxonomy.overrides import get_overrides, remove_override, set_override

__all__ = [
    "TAXONOMY_VERSION",
    "NameMatch",
    "TaxonomyError",
    "UnknownExerciseError",
    "credit_names",
    "get_overrides",
    "load_taxonomy",
    "match_name",
    "remove_override",
    "set_override",
]
