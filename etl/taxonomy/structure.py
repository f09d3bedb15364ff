"""Recognise an exercise the taxonomy has never seen by its movement words.

Custom names (``Low Bar Squat (Barbel)``, ``Cable Pull-Through (Rope)``, ``Seated Super-
Bayesian High Cable Curl``) will never all be listed as aliases, so the last matching
step reads the movement words the way a coach would. The rules are ordered: the first
that fits wins, and their order encodes the traps found in real logs:

* a body part the product does not track, named outright, wins over every leg word
  (``Calf Extension``, ``Lying Neck Curls``, ``Shin Curls``, ``Wrist Curl``);
* arm words win over glute words (``Triceps Kickback``), a shrug is never a deadlift,
  a lat pull-through is not a cable pull-through;
* a lunge is a lunge even when it walks; a sit-up is not a wall sit; adduction and
  abduction are separate words and never stand in for one another;
* an upper-body movement word (``UPPER_BODY``: raise, press, push-up, row, pulldown, fly...) decides
  over a word that only says where the body is (``between`` the legs, ``Bulgarian``): a
  ``Between The Leg Single Lateral Raise`` is a shoulder raise, a ``Bulgarian Pushup`` a push-up.

Equipment words never decide a match: every rule needs a movement word, and the few
that look at equipment only choose between variants of a movement already named (a
cable or dumbbell kickback is the triceps one). A rule whose target is ``None`` marks a
name as recognised but ambiguous (``Kickbacks``, ``Hip Extension``): it stays unmapped,
so the lifter is asked rather than silently credited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """Match when every ``all_of`` word, one word of each ``any_of`` group, no ``none_of``
    word, and (if given) one ``equipment_any`` item are present."""

    exercise_id: str | None
    all_of: frozenset[str] = frozenset()
    any_of: tuple[frozenset[str], ...] = ()
    none_of: frozenset[str] = frozenset()
    equipment_any: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.all_of and not self.any_of:
            raise ValueError("a structure rule needs at least one movement word")

    def matches(self, words: frozenset[str], equipment: frozenset[str]) -> bool:
        return (
            self.all_of <= words
            and all(group & words for group in self.any_of)
            and not (self.none_of & words)
            and (not self.equipment_any or bool(self.equipment_any & equipment))
        )

    @property
    def words(self) -> frozenset[str]:
        out = set(self.all_of) | set(self.none_of)
        for group in self.any_of:
            out |= group
        return frozenset(out)


def rule(
    exercise_id: str | None,
    all_of: str = "",
    *any_of: str,
    none_of: str = "",
    equipment: str = "",
) -> Rule:
    """Compact constructor: word lists are space-separated strings."""
    return Rule(
        exercise_id,
        frozenset(all_of.split()),
        tuple(frozenset(group.split()) for group in any_of),
        frozenset(none_of.split()),
        frozenset(equipment.split()),
    )


LEG_CURL = "leg hamstring ham knee"
# Upper-body movement words: beside one of these, a body-position word ("between" the legs, "Bulgarian")
# says where the body is, never which leg exercise it is.
UPPER_BODY = "raise press pushup row pulldown fly pullup chinup pushdown curl extension swing"
SINGLE = "single bstance kickstand staggered"

STRUCTURE_RULES: tuple[Rule, ...] = (
    # --- Not training, or a body part the product does not track, named outright.
    rule("mobility", "", "stretch stretching mobility foam yoga pilates jefferson"),
    rule("warm_up", "", "warmup cooldown"),
    rule("seated_calf_raise", "calf", "seated"),
    rule("calf_raise", "calf"),
    rule("tibialis_raise", "", "tibialis shin"),
    rule("neck_work", "neck", none_of="behind press pulldown"),
    rule("wrist_curl", "", "wrist forearm"),
    rule("high_pull", "jump shrug"),
    rule("shrug", "shrug"),
    rule("straight_arm_pulldown", "straight arm", "pulldown pushdown lat pull"),
    rule("pullover", "lat pullthrough"),
    # --- Arms named outright: an arm word beats a glute word.
    rule("triceps_kickback", "kickback", "triceps arm elbow"),
    rule("triceps_pushdown", "", "pushdown pressdown"),
    rule("skullcrusher", "skullcrusher"),
    rule("jm_press", "jm"),
    rule("dip", "dip"),
    rule("triceps_extension", "", "triceps katana french"),
    rule("hammer_curl", "hammer curl"),
    rule("preacher_curl", "preacher"),
    rule("concentration_curl", "concentration"),
    rule("spider_curl", "spider"),
    rule("bayesian_curl", "bayesian"),
    rule("biceps_curl", "", "biceps zottman"),
    # --- Hamstrings as knee flexors (before any other curl).
    rule("reverse_nordic", "reverse nordic"),
    rule("nordic_curl", "nordic"),
    rule("glute_ham_raise", "", "gluteham razor"),
    rule("glute_ham_raise", "ghd raise"),
    rule("eccentric_leg_curl", "curl", LEG_CURL, "eccentric negative slow"),
    rule("slider_leg_curl", "curl", "slider sliding ball swiss stability towel valslide physioball"),
    rule("seated_leg_curl", "curl", LEG_CURL, "seated"),
    rule("lying_leg_curl", "curl", LEG_CURL, "lying prone"),
    rule("standing_leg_curl", "curl", LEG_CURL, "standing single kneeling"),
    rule("leg_curl", "curl", LEG_CURL),
    rule(None, "curl", "lying prone"),  # "Lying Curl": a leg curl or a lying cable curl? Ask.
    # --- Olympic and full-body lifts (a squat clean is a clean, a snatch-grip deadlift a deadlift).
    rule("deadlift", "deadlift", "snatch clean", none_of="romanian stiff"),
    rule("high_pull", "pull", "high snatch clean"),
    rule("clean_and_jerk", "jerk"),
    rule("clean_and_press", "clean press"),
    rule("clean", "clean", none_of="deadlift"),
    rule("snatch", "snatch", none_of="deadlift"),
    rule("hip_thrust", "hip thruster"),
    rule("thruster", "", "thruster wallball"),
    rule("thruster", "squat press"),
    rule("turkish_get_up", "", "turkish getup"),
    # --- Jumps are power work, whatever they jump into.
    rule("jumping_lunge", "", "jump jumping", "lunge"),
    rule("jump_squat", "", "jump jumping", "squat"),
    rule("box_jump", "jump"),
    # --- Squats: quads and glutes.
    rule("sissy_squat", "sissy"),
    rule("hack_squat", "", "hack pendulum"),
    rule("belt_squat", "belt squat"),
    rule("pistol_squat", "", "pistol skater"),
    rule("pistol_squat", "single leg squat", none_of="split"),
    rule("bulgarian_split_squat", "bulgarian", "squat split lunge ss", none_of=UPPER_BODY),
    rule("split_squat", "split squat"),
    rule("wall_sit", "wall sit"),
    rule("row", "squat row"),
    rule("sumo_squat", "plie"),
    rule("sumo_squat", "sumo squat"),
    rule("goblet_squat", "goblet"),
    rule("front_squat", "front squat"),
    rule("overhead_squat", "overhead squat"),
    rule("lateral_lunge", "cossack"),
    rule("lateral_lunge", "squat", "lateral side"),
    rule("squat", "squat"),
    # --- Lunges and step-ups (a walking lunge is a lunge, not a walk).
    rule("curtsy_lunge", "curtsy"),
    rule("lateral_lunge", "lunge", "lateral side"),
    rule("walking_lunge", "lunge", "walking walk"),
    rule("reverse_lunge", "lunge", "reverse backward back"),
    rule("lunge", "lunge"),
    rule("step_up", "stepup"),
    rule("step_up", "step down"),
    # --- Leg press and knee extension.
    rule("leg_press", "leg press", none_of="shoulder overhead bench chest"),
    rule("leg_extension", "extension", "leg knee quad", none_of="hip back hyperextension"),
    # --- Hinges and hip extension: hamstrings as hip extensors.
    rule("single_leg_rdl", "", SINGLE, "romanian deadlift stiff"),
    rule("romanian_deadlift", "romanian"),
    rule("stiff_leg_deadlift", "deadlift", "stiff straight"),
    rule("sumo_deadlift", "sumo deadlift"),
    rule("trap_bar_deadlift", "trapbar"),
    rule("deadlift", "deadlift"),
    rule("deadlift", "pull", "rack block"),
    rule("good_morning", "goodmorning"),
    rule("reverse_hyperextension", "reverse hyperextension"),
    rule("glute_kickback", "hip extension", "standing quadruped kneeling"),
    rule("glute_kickback", "hip extension", equipment="cable band machine smith"),
    rule(None, "hip extension", none_of="45 roman"),  # 45-degree bench or kickback? Ask.
    rule("back_extension", "hyperextension"),
    rule("back_extension", "extension", "back hip 45 roman"),
    rule("cable_pull_through", "pullthrough"),
    rule("mobility", "swing", "leg arm"),
    rule("kettlebell_swing", "swing", none_of="bulgarian"),  # a Bulgarian bag swing is not a hinge
    # --- Thrusts, bridges, kickbacks: glute-first hip extension.
    rule("single_leg_hip_thrust", "thrust", SINGLE),
    rule("hip_thrust", "thrust"),
    rule("frog_pump", "frog pump"),
    rule("hamstring_bridge", "bridge", "hamstring ham lever"),
    rule("single_leg_glute_bridge", "bridge", "single"),
    rule("glute_bridge", "bridge"),
    rule("glute_kickback", "kickback", "glute donkey hip leg rear"),
    rule("glute_kickback", "kick", "glute donkey rear"),
    rule("glute_kickback", "kickback", equipment="machine band smith"),
    rule("triceps_kickback", "kickback", equipment="cable dumbbell"),
    rule(None, "kickback"),  # a bare "Kickbacks": glutes or triceps? Ask.
    # --- Abduction and adduction: opposite movements, separate words.
    rule("hip_adduction", "", "adduction copenhagen"),
    rule("clamshell", "clamshell"),
    rule("fire_hydrant", "hydrant"),
    rule("lateral_band_walk", "bandwalk"),
    rule("lateral_band_walk", "walk", "lateral monster crab side xband"),
    rule(
        "lateral_raise", "raise between", "lateral side y"
    ),  # "Between The Leg(s) Lateral Raise": a shoulder raise
    rule("side_lying_leg_raise", "leg raise", "lateral side", none_of="between"),
    rule("hip_abduction", "abduction"),
    rule("sled_push", "", "sled prowler"),
    # --- Upper body: pressing.
    rule("close_grip_bench_press", "bench press", "close narrow"),
    rule("chest_press", "press", "chest pec svend hex squeeze"),
    rule("incline_bench_press", "incline press"),
    rule("decline_bench_press", "decline press"),
    rule("bench_press", "bench press"),
    rule("bench_press", "floor press"),
    rule("bench_press", "flat press"),
    rule(
        "overhead_press",
        "",
        "overhead shoulder military arnold push handstand log behind seated standing",
        "press pushup",
    ),
    rule("push_up", "pushup"),
    rule("rear_delt_fly", "", "reverse rear", "fly delt pecdeck"),
    rule("rear_delt_fly", "pullapart"),
    rule("chest_fly", "", "fly pecdeck butterfly crossover"),
    rule("chest_fly", "around world"),
    rule("face_pull", "face pull"),
    rule("lateral_raise", "raise", "lateral lat side y", none_of="leg knee"),
    rule("front_raise", "front raise"),
    # --- Upper body: pulling.
    rule("upright_row", "upright row"),
    rule("inverted_row", "row", "inverted australian ring"),
    rule("row", "row"),
    rule("lat_pulldown", "pulldown"),
    rule("chin_up", "chinup"),
    rule("pull_up", "", "pullup muscleup"),
    rule("pullover", "pullover"),
    rule("kettlebell_halo", "halo"),
    # --- Curls and extensions left over are arm work.
    rule("incline_curl", "incline curl"),
    rule("reverse_curl", "reverse curl"),
    rule("biceps_curl", "curl"),
    rule("triceps_extension", "extension", "overhead cross skull lying arm elbow rope"),
    rule("triceps_extension", "extension", equipment="cable dumbbell ezbar barbell"),
    rule(None, "extension"),
    rule(None, "press"),  # a bare "Press": bench, shoulder or leg? Ask.
    # --- Core.
    rule("crunch", "", "crunch oblique"),
    rule("sit_up", "", "situp vup jackknife"),
    rule("sit_up", "toe touch"),
    rule("leg_raise", "raise", "leg knee"),
    rule("leg_raise", "", "flutter lsit hollow scissor dragonfly"),
    rule("leg_raise", "dragon flag"),
    rule("leg_raise", "toe bar"),
    rule("plank", "plank"),
    rule("plank", "shoulder tap"),
    rule("ab_wheel", "", "rollout roller"),
    rule("ab_wheel", "ab wheel"),
    rule("trunk_rotation", "", "twist rotation woodchop chop pallof windmill 180"),
    rule("side_bend", "side bend"),
    rule("dead_bug", "dead bug"),
    rule("bird_dog", "bird dog"),
    rule("superman", "superman"),
    rule("crunch", "", "ab abs core"),
    # --- Carries, cardio.
    rule("carry", "", "carry farmer suitcase yoke"),
    rule("dead_hang", "dead hang"),
    rule("running", "", "running run jog jogging treadmill sprint"),
    rule("cycling", "", "cycling cycle bike biking spinning spin peloton"),
    rule("rowing_machine", "", "rowing rower erg"),
    rule("elliptical", "", "elliptical crosstrainer"),
    rule("stair_machine", "", "stair stairmaster stepper stepmill"),
    rule("walking", "", "walking walk hike hiking"),
    rule("swimming", "", "swim swimming"),
    rule("jump_rope", "", "jumprope skipping"),
    rule("conditioning", "high knee"),
    rule(
        "conditioning",
        "",
        "hiit aerobics boxing kickboxing battle burpee jumpingjack climber climbing skiing skating "
        "snowboarding slam cardio",
    ),
    rule("bench_press", "bench"),  # "DB Bench": after every rule where a bench is only furniture
)


def match_structure(
    words: frozenset[str], equipment: frozenset[str], rules: Iterable[Rule] = STRUCTURE_RULES
) -> Rule | None:
    """The first rule the movement words fit, or None when none does."""
    for candidate in rules:
        if candidate.matches(words, equipment):
            return candidate
    return None


def rule_words(rules: Iterable[Rule] = STRUCTURE_RULES) -> frozenset[str]:
    """Every word some rule looks for: part of the vocabulary typos are corrected towards."""
    out: set[str] = set()
    for candidate in rules:
        out |= candidate.words
    return frozenset(out)
