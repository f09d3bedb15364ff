"""Turn a logged exercise name into the words that say what movement it is.

Lifters and apps write one exercise many ways: ``Romanian Deadlift (Dumbbell)``,
``Dumbbell Romanian Deadlift``, ``DB RDL`` and ``romanian deadlifts`` are one exercise.
This module reduces a name to two parts the matcher compares: the *movement words*
(what is done) and the *equipment* (what it is done with). Equipment is kept apart on
purpose: it may refine a match but must never decide one (a barbell shrug is not a
barbell deadlift). Everything here is a pure function of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Words that name equipment (after the substitutions below). ``trapbar`` and ``tbar``
# are deliberately absent: a trap-bar deadlift is its own exercise, not a deadlift held
# differently.
EQUIPMENT: frozenset[str] = frozenset(
    {
        "barbell",
        "dumbbell",
        "kettlebell",
        "cable",
        "machine",
        "smith",
        "band",
        "bodyweight",
        "weighted",
        "assisted",
        "plate",
        "landmine",
        "suspension",
        "trx",
        "ezbar",
        "hammerstrength",
        "isolateral",
        "lever",
        "leverage",
        "selectorized",
        "vbar",
        "sandbag",
        "loaded",
    }
)

# Words that say nothing about the movement.
FILLER: frozenset[str] = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "on",
        "in",
        "with",
        "to",
        "and",
        "for",
        "at",
        "each",
        "per",
        "exercise",
        "variation",
        "custom",
        "my",
        "new",
        "degree",
        "deg",
        "grip",
    }
)

# Numbers that are part of an exercise's name; other bare numbers (``Squat 2``) are noise.
KEPT_NUMBERS: frozenset[str] = frozenset({"45", "180", "21"})

# Plural forms the suffix rules below would get wrong, and words that only look plural.
_IRREGULAR_SINGULAR: dict[str, str] = {
    "calves": "calf",
    "feet": "foot",
    "flyes": "fly",
    "flies": "fly",
    "ups": "up",
}
_NOT_PLURAL: frozenset[str] = frozenset({"biceps", "triceps", "abs", "press", "cross", "pilates", "series"})

# One token in, zero or more tokens out: abbreviations, synonyms and common typos.
# Keys are singular (singularisation runs first).
_SUBSTITUTIONS: dict[str, tuple[str, ...]] = {
    # equipment spellings
    "barbel": ("barbell",),
    "bb": ("barbell",),
    "dumbell": ("dumbbell",),
    "dumbel": ("dumbbell",),
    "db": ("dumbbell",),
    "kb": ("kettlebell",),
    "kettlebel": ("kettlebell",),
    "sm": ("smith",),
    "bw": ("bodyweight",),
    "banded": ("band",),
    "ez": ("ezbar",),
    "weight": ("weighted",),
    # abbreviations of whole exercises
    "rdl": ("romanian", "deadlift"),
    "sldl": ("stiff", "leg", "deadlift"),
    "ohp": ("overhead", "press"),
    "bss": ("bulgarian", "split", "squat"),
    "rfess": ("bulgarian", "split", "squat"),
    "ghr": ("glute", "ham", "raise"),
    "dl": ("deadlift",),
    "hipthrust": ("hip", "thrust"),
    "legpress": ("leg", "press"),
    "legcurl": ("leg", "curl"),
    "legextension": ("leg", "extension"),
    "sl": ("single", "leg"),
    "unilateral": ("single",),
    "one": ("single",),
    "1": ("single",),
    # body parts and movements
    "tricep": ("triceps",),
    "tri": ("triceps",),
    "bicep": ("biceps",),
    "glutes": ("glute",),
    "gluteus": ("glute",),
    "booty": ("glute",),
    "butt": ("glute",),
    "hamstrings": ("hamstring",),
    "hammy": ("hamstring",),
    "quadricep": ("quad",),
    "quadriceps": ("quad",),
    "calve": ("calf",),
    "tib": ("tibialis",),
    "delts": ("delt",),
    "legged": ("leg",),
    "laying": ("lying",),
    "sitting": ("seated",),
    "abductor": ("abduction",),
    "abduct": ("abduction",),
    "adductor": ("adduction",),
    "adduct": ("adduction",),
    "hyper": ("hyperextension",),
    "extention": ("extension",),
    "ext": ("extension",),
    "flye": ("fly",),
    "thru": ("through",),
    "rev": ("reverse",),
    "clams": ("clamshell",),
    "clam": ("clamshell",),
    "21s": ("21",),
    # typos seen in real logs
    "exercuse": ("exercise",),
    "excercise": ("exercise",),
    "excercize": ("exercise",),
    "eliptical": ("elliptical",),
    "treadmil": ("treadmill",),
    "peck": ("pec",),
}

# Multi-word phrases rewritten after substitution, longest first. Joining the halves of
# compound movement names makes ``pull-up``, ``pull up`` and ``pullup`` one word.
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("rear", "foot", "elevated"): ("bulgarian",),
    ("inner", "thigh"): ("adduction",),
    ("outer", "thigh"): ("abduction",),
    ("each", "side"): (),
    ("per", "side"): (),
    ("each", "leg"): (),
    ("per", "leg"): (),
    ("each", "arm"): (),
    ("per", "arm"): (),
    ("both", "side"): (),
    ("each", "hand"): (),
    ("pull", "up"): ("pullup",),
    ("push", "up"): ("pushup",),
    ("chin", "up"): ("chinup",),
    ("sit", "up"): ("situp",),
    ("step", "up"): ("stepup",),
    ("muscle", "up"): ("muscleup",),
    ("get", "up"): ("getup",),
    ("warm", "up"): ("warmup",),
    ("cool", "down"): ("cooldown",),
    ("pull", "down"): ("pulldown",),
    ("push", "down"): ("pushdown",),
    ("press", "down"): ("pressdown",),
    ("pull", "through"): ("pullthrough",),
    ("pull", "over"): ("pullover",),
    ("pull", "apart"): ("pullapart",),
    ("kick", "back"): ("kickback",),
    ("dead", "lift"): ("deadlift",),
    ("skull", "crusher"): ("skullcrusher",),
    ("hyperextension", "extension"): ("hyperextension",),
    ("good", "morning"): ("goodmorning",),
    ("glute", "ham"): ("gluteham",),
    ("glute", "drive"): ("hip", "thrust"),
    ("pec", "deck"): ("pecdeck",),
    ("band", "walk"): ("bandwalk",),
    ("jump", "rope"): ("jumprope",),
    ("jumping", "jack"): ("jumpingjack",),
    ("wall", "ball"): ("wallball",),
    ("stair", "master"): ("stairmaster",),
    ("l", "sit"): ("lsit",),
    ("v", "up"): ("vup",),
    ("b", "stance"): ("bstance",),
    ("x", "band"): ("xband",),
    ("t", "bar"): ("tbar",),
    ("trap", "bar"): ("trapbar",),
    ("hex", "bar"): ("trapbar",),
    ("ezbar", "bar"): ("ezbar",),
    ("v", "bar"): ("vbar",),
    ("smith", "machine"): ("smith",),
    ("hammer", "strength"): ("hammerstrength",),
    ("iso", "lateral"): ("isolateral",),
    ("resistance", "band"): ("band",),
    ("body", "weighted"): ("bodyweight",),
    ("kettle", "bell"): ("kettlebell",),
    ("dumb", "bell"): ("dumbbell",),
    ("bar", "bell"): ("barbell",),
    ("single", "single"): ("single",),
}
_MAX_PHRASE = max(len(p) for p in _PHRASES)

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class NormalizedName:
    """A name reduced to its movement words (in order) and its equipment (a set)."""

    movement: tuple[str, ...]
    equipment: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self.movement)

    @property
    def movement_key(self) -> str:
        """The movement alone: ``Squat (Barbell)`` and ``Dumbbell Squat`` share it."""
        return " ".join(self.movement)

    @property
    def full_key(self) -> str:
        """Movement and equipment: ``Back Extension (Machine)`` differs from ``Back Extension``."""
        return self.movement_key + "|" + ",".join(sorted(self.equipment))


def singular(word: str) -> str:
    """``lunges`` → ``lunge``, ``presses`` → ``press``, ``calves`` → ``calf``; ``biceps`` stays."""
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if len(word) <= 3 or word in _NOT_PLURAL or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def raw_tokens(name: str) -> list[str]:
    """Lower-case alphanumeric runs with accents and apostrophes removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    return _TOKEN.findall(text)


def _rewrite_phrases(tokens: Sequence[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(_MAX_PHRASE, len(tokens) - i), 1, -1):
            replacement = _PHRASES.get(tuple(tokens[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def canonical_tokens(name: str) -> list[str]:
    """All words of ``name`` after singularisation, substitution and phrase joining."""
    tokens: list[str] = []
    for token in raw_tokens(name):
        word = singular(token)
        tokens.extend(_SUBSTITUTIONS.get(word, (word,)))
    return _rewrite_phrases(tokens)


def normalize(name: str) -> NormalizedName:
    """Split ``name`` into movement words (ordered, filler dropped) and equipment."""
    movement: list[str] = []
    equipment: set[str] = set()
    for token in canonical_tokens(name):
        if token in EQUIPMENT:
            equipment.add(token)
        elif token in FILLER or (token.isdigit() and token not in KEPT_NUMBERS):
            continue
        else:
            movement.append(token)
    return NormalizedName(tuple(movement), frozenset(equipment))


# Pairs of movements that are opposites: a typo fix or a suggestion never crosses them.
OPPOSITES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("abduction", "adduction"),
        ("flexion", "extension"),
        ("pulldown", "pushdown"),
        ("incline", "decline"),
        ("internal", "external"),
        ("pronated", "supinated"),
    )
)


def opposite_of(word: str) -> str | None:
    for pair in OPPOSITES:
        if word in pair:
            (other,) = pair - {word}
            return other
    return None


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def crosses_opposite(word: str, reading: str) -> bool:
    """True when reading ``word`` as ``reading`` could be the opposite movement's typo too:
    ``abduction`` is one letter from ``adduction``, ``abdution`` is not."""
    other = opposite_of(reading)
    return other is not None and _within_one_edit(word, other)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


MIN_TYPO_LENGTH = 5
MIN_SIMILAR_LENGTH = 4


class NearWords:
    """Find the known words one edit away from a word, without scanning the vocabulary.

    Each known word is filed under itself and every string one deletion away from it;
    two words within one edit always share such a string (a swap of neighbours included).
    """

    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = frozenset(vocabulary)
        self._by_deletion: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= MIN_SIMILAR_LENGTH and word.isalpha():
                for variant in _deletions(word):
                    self._by_deletion.setdefault(variant, set()).add(word)

    def near(self, word: str) -> list[str]:
        """Known words (at least ``MIN_SIMILAR_LENGTH`` letters) within one edit, sorted."""
        found: set[str] = set()
        for variant in _deletions(word):
            found |= self._by_deletion.get(variant, set())
        return sorted(known for known in found if _within_one_edit(word, known))

    def correct(self, words: Iterable[str]) -> tuple[str, ...]:
        """Replace each unknown word by the one known word it is a single edit away from.

        A word is only corrected when exactly one known word is that close, both are at
        least ``MIN_TYPO_LENGTH`` letters long, and the word is not also one edit from that
        word's opposite (``abdution`` becomes ``abduction``; ``abduction`` never ``adduction``).
        """
        out: list[str] = []
        for word in words:
            if word in self.vocabulary or len(word) < MIN_TYPO_LENGTH or not word.isalpha():
                out.append(word)
                continue
            near = [known for known in self.near(word) if len(known) >= MIN_TYPO_LENGTH]
            if len(near) == 1 and not crosses_opposite(word, near[0]):
                out.append(near[0])
            else:
                out.append(word)
        return tuple(out)
