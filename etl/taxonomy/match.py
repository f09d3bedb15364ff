"""Map each logged exercise name to a canonical exercise and its fractional muscle credit.

This is the seam between what lifters type and what the charts count. The steps run in
order and the first hit wins, so a more literal match always beats a looser one:

1. a lifter's override (``match="override"``);
2. the exact display name or exercise id (``"exact"``), or an exact alias (``"alias"``);
3. the normalized form (``"normalized"``): case, spacing, punctuation, plurals, ``(Each
   Side)``, equipment in any position or abbreviated, common typos;
4. the movement words (``"structure"``, see ``structure.py``).

A name nothing fits is never dropped: it comes back ``"unmapped"`` with no exercise, zero
credit and, where one is close, a ``suggestion`` (an exercise id) the lifter may accept
as an override. A suggestion is never applied on its own, and never crosses opposite
movements (an adduction is not a near miss for an abduction).
"""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from etl.taxonomy.catalogue import load_taxonomy
from etl.taxonomy.errors import UnknownExerciseError
from etl.taxonomy.name_words import (
    EQUIPMENT,
    NearWords,
    NormalizedName,
    crosses_opposite,
    normalize,
    opposite_of,
)
from etl.taxonomy.structure import STRUCTURE_RULES, Rule, match_structure, rule_words
from schemas.taxonomy import CREDIT_COLUMNS, WEIGHT_COLUMNS

# Movement keys too vague to be learnt from an alias by dropping its equipment: "Cable
# Kickback" is the triceps one, but a bare "Kickbacks" may be glutes. Such names go on
# to the structure rules, which leave them unmapped unless a body part is named.
AMBIGUOUS_MOVEMENT_KEYS = frozenset({"kickback", "extension", "press", "raise", "hip extension"})

SUGGESTION_CUTOFF = 0.55
MAX_SUGGESTION_CANDIDATES = 12
# Words that qualify a movement without naming one: sharing only these is no resemblance.
QUALIFIER_WORDS = frozenset(
    {
        "bar",
        "single",
        "arm",
        "leg",
        "seated",
        "standing",
        "lying",
        "kneeling",
        "high",
        "low",
        "wide",
        "close",
        "narrow",
        "front",
        "back",
        "side",
        "reverse",
        "incline",
        "decline",
        "flat",
        "hip",
        "knee",
        "glute",
        "hamstring",
        "quad",
        "overhead",
        "lateral",
        "straight",
        "heavy",
        "light",
        "slow",
        "pause",
        "paused",
        "tempo",
        "deficit",
        "floor",
        "box",
        "half",
        "partial",
        "45",
    }
)


@dataclass(frozen=True)
class NameMatch:
    """How one logged name was matched: ``exercise_id`` is None when ``match == "unmapped"``."""

    name: str
    exercise_id: str | None
    match: str
    suggestion: str | None


@dataclass(frozen=True)
class _Credit:
    pattern: str
    weights: tuple[float, ...]
    eccentric: bool
    lower_body: bool


class Matcher:
    """The lookup tables for one taxonomy frame, built once and then only read."""

    def __init__(self, taxonomy: pl.DataFrame, rules: tuple[Rule, ...] = STRUCTURE_RULES):
        self.rules = rules
        self.names: dict[str, str] = {}
        self.credits: dict[str, _Credit] = {}
        self._exact: dict[str, tuple[str, str]] = {}
        full: dict[str, set[str]] = defaultdict(set)
        movement: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in taxonomy.iter_rows(named=True):
            exercise_id = row["exercise_id"]
            self.names[exercise_id] = row["name"]
            self.credits[exercise_id] = _Credit(
                row["pattern"],
                tuple(float(row[c]) for c in WEIGHT_COLUMNS),
                row["eccentric"],
                row["lower_body"],
            )
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            self._exact[exercise_id] = (exercise_id, "exact")
            self._exact[row["name"]] = (exercise_id, "exact")
            for alias in aliases:
                self._exact.setdefault(alias, (exercise_id, "alias"))
            for text in (exercise_id, row["name"], *aliases):
                norm = normalize(text)
                if not norm.movement:
                    continue
                full[norm.full_key].add(exercise_id)
                stripped = bool(norm.equipment)
                if stripped and norm.movement_key in AMBIGUOUS_MOVEMENT_KEYS:
                    continue
                # A name written without equipment claims its movement key before one that
                # only reaches it by dropping equipment ("Back Extension" over "... (Machine)").
                movement[norm.movement_key][int(stripped)].add(exercise_id)
        conflicts: list[str] = []
        self._full: dict[str, str] = {}
        for key, ids in full.items():
            if len(ids) == 1:
                self._full[key] = next(iter(ids))
            else:
                conflicts.append(f"{key}: {sorted(ids)}")
        self._movement: dict[str, str] = {}
        for key, by_priority in movement.items():
            best = by_priority[min(by_priority)]
            if len(best) == 1:
                self._movement[key] = next(iter(best))
            else:
                conflicts.append(f"{key}: {sorted(best)}")
        self.conflicts = tuple(sorted(conflicts))
        self._by_word: dict[str, set[str]] = defaultdict(set)
        for key in self._movement:
            for word in key.split():
                self._by_word[word].add(key)
        # Typos are corrected towards every word a key or a rule uses; suggestions read an
        # unknown word as the nearest word some key uses.
        self.typos = NearWords(set(self._by_word) | rule_words(rules) | EQUIPMENT)
        self._key_words = NearWords(self._by_word)

    def match(self, name: str, overrides: Mapping[str, str] | None = None) -> NameMatch:
        if not isinstance(name, str):
            raise TypeError(f"exercise names are strings, got {type(name).__name__}: {name!r}")
        if overrides and name in overrides:
            exercise_id = overrides[name]
            if exercise_id not in self.credits:
                raise self.unknown(exercise_id)
            return NameMatch(name, exercise_id, "override", None)
        exact = self._exact.get(name)
        if exact is not None:
            return NameMatch(name, exact[0], exact[1], None)
        norm = normalize(name)
        found = self._lookup(norm)
        if found is None:
            fixed = self.typos.correct(norm.movement)
            corrected = NormalizedName(
                tuple(word for word in fixed if word not in EQUIPMENT),
                norm.equipment | {word for word in fixed if word in EQUIPMENT},
            )
            if corrected != norm:
                norm = corrected
                found = self._lookup(norm)
        if found is not None:
            return NameMatch(name, found, "normalized", None)
        hit = match_structure(norm.words, norm.equipment, self.rules)
        if hit is not None and hit.exercise_id in self.credits:
            return NameMatch(name, hit.exercise_id, "structure", None)
        return NameMatch(name, None, "unmapped", self.suggest(norm))

    def _lookup(self, norm: NormalizedName) -> str | None:
        if not norm.movement:
            return None
        return self._full.get(norm.full_key) or self._movement.get(norm.movement_key)

    def suggest(self, norm: NormalizedName) -> str | None:
        """The exercise whose name is closest, if close enough and not an opposite movement.

        Candidates share a movement word with the name (a word the taxonomy does not know is
        read as the one known word a single edit away); words that only qualify a movement
        (``bar``, ``seated``, ``single``...) never make a candidate on their own.
        """
        read = [self._read_word(word) for word in norm.movement]
        words = set(read)
        named = words | set(norm.movement)
        forbidden = {other for word in named if (other := opposite_of(word)) is not None} - named
        reachable = {key for word in words - QUALIFIER_WORDS for key in self._by_word.get(word, ())}
        candidates = sorted(
            (key for key in reachable if not forbidden & set(key.split())),
            key=lambda key: (-len(words & set(key.split())), key),
        )[:MAX_SUGGESTION_CANDIDATES]
        text = " ".join(read)
        best: tuple[float, str] | None = None
        for key in candidates:
            key_words = set(key.split())
            # Half spelling, half shared words: "hip extension" is nearer "standing hip
            # extension" than "leg extension", though the latter is spelt more alike.
            shared = len(words & key_words) / len(words | key_words)
            score = (difflib.SequenceMatcher(None, text, key).ratio() + shared) / 2
            if score >= SUGGESTION_CUTOFF and (best is None or score > best[0]):
                best = (score, key)
        return self._movement[best[1]] if best else None

    def _read_word(self, word: str) -> str:
        if word in self._by_word:
            return word
        near = self._key_words.near(word)
        if len(near) == 1 and not crosses_opposite(word, near[0]):
            return near[0]
        return word

    def unknown(self, exercise_id: str) -> UnknownExerciseError:
        """An error for an id the taxonomy lacks, naming the closest ids."""
        close: list[str] = []
        by_name = self.match(exercise_id)
        if by_name.exercise_id is not None:
            close.append(by_name.exercise_id)
        close += difflib.get_close_matches(exercise_id, list(self.credits), n=3, cutoff=0.5)
        unique = list(dict.fromkeys(close))[:3]
        return UnknownExerciseError(exercise_id, [(cid, self.names[cid]) for cid in unique])

    def credit_row(self, found: NameMatch) -> dict[str, object]:
        credit = self.credits.get(found.exercise_id) if found.exercise_id else None
        row: dict[str, object] = {
            "name": found.name,
            "exercise_id": found.exercise_id,
            "match": found.match,
            "suggestion": found.suggestion,
            "pattern": credit.pattern if credit else None,
        }
        weights = credit.weights if credit else (0.0,) * len(WEIGHT_COLUMNS)
        for column, weight in zip(WEIGHT_COLUMNS, weights, strict=True):
            row[column] = weight
        row["eccentric"] = credit.eccentric if credit else False
        row["lower_body"] = credit.lower_body if credit else False
        row["mapped"] = credit is not None
        return row


@functools.cache
def default_matcher() -> Matcher:
    """The matcher for the shipped taxonomy (built once: the taxonomy is immutable)."""
    return Matcher(load_taxonomy())


def match_name(name: str, overrides: Mapping[str, str] | None = None) -> NameMatch:
    """How ``name`` maps to the taxonomy; ``overrides`` ({name as logged: exercise_id}) win."""
    return default_matcher().match(name, overrides)


def credit_names(names: Iterable[str], overrides: Mapping[str, str] | None = None) -> pl.DataFrame:
    """One row per distinct name (first-seen order): the match and what one working set credits.

    Columns and types are ``schemas.taxonomy.CREDIT_COLUMNS``; unmapped names credit 0.0
    everywhere and have ``mapped == False``. Raises ``UnknownExerciseError`` when an
    override points at an id the taxonomy does not define.
    """
    matcher = default_matcher()
    rows = [matcher.credit_row(matcher.match(name, overrides)) for name in dict.fromkeys(names)]
    return pl.from_dicts(rows, schema=CREDIT_COLUMNS) if rows else pl.DataFrame(schema=CREDIT_COLUMNS)
