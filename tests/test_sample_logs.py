"""The bundled sample logs and the synthetic benchmark exports.

The demo database is loaded from ``sample_logs/``, so these tests pin three things: the committed files are
exactly what the generator writes (they cannot drift), they have the apps' real shapes, and the story the
dashboard is meant to show (glute dominance, then a hamstring correction) is really in the data, counted
here independently with the csv module and a small name -> role table.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sample_logs.generate import synthetic_export, synthetic_exports, write_samples

SAMPLES = Path(__file__).resolve().parents[1] / "sample_logs"

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)
HEVY_LB_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"'
)
HEVY_KG_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)

# What each exercise trains, for counting the story: glute work, hamstring hip-extension, knee-flexion.
ROLE = {
    "Hip Thrust (Barbell)": "glute",
    "Glute Bridge": "glute",
    "Glute Kickback (Machine)": "glute",
    "Hip Abductor (Machine)": "glute",
    "Hip Abduction (Machine)": "glute",
    "Romanian Deadlift (Barbell)": "ham_hip",
    "Lying Leg Curl (Machine)": "ham_knee",
    "Seated Leg Curl (Machine)": "ham_knee",
    "Nordic Hamstring Curl": "ham_knee",
}
# Built-in library names of each app (plus the one custom exercise), as real exports write them.
STRONG_NAMES = {
    "Hip Thrust (Barbell)", "Glute Bridge", "Glute Kickback (Machine)", "Hip Abductor (Machine)",
    "Squat (Barbell)", "Bulgarian Split Squat", "Leg Press", "Lying Leg Curl (Machine)",
    "Bench Press (Barbell)", "Bent Over Row (Barbell)", "Lat Pulldown (Cable)", "Seated Row (Cable)",
    "Bicep Curl (Dumbbell)", "Triceps Kickback (Dumbbell)", "Plank", "Running",
}  # fmt: skip
HEVY_NAMES = {
    "Hip Thrust (Barbell)", "Glute Bridge", "Glute Kickback (Machine)", "Hip Abduction (Machine)",
    "Squat (Barbell)", "Bulgarian Split Squat", "Leg Press (Machine)", "Romanian Deadlift (Barbell)",
    "Seated Leg Curl (Machine)", "Nordic Hamstring Curl", "Bench Press (Barbell)", "Bent Over Row (Barbell)",
    "Lat Pulldown (Cable)", "Seated Cable Row - V Grip (Cable)", "Bicep Curl (Dumbbell)",
    "Triceps Kickback (Dumbbell)", "Plank", "Running",
}  # fmt: skip
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}
# One record of each app, quoting included (a quoted field may hold "" and newlines).
_QUOTED = r'"(?:[^"]|"")*"'
STRONG_RECORD = (
    rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,{_QUOTED},(?:\d+h )?\d+m,{_QUOTED},(?:\d+|W|F|D),\d+\.\d+,\d+,"
    rf"(?:0|\d+\.\d+),\d+,(?:{_QUOTED})?,(?:{_QUOTED})?,(?:\d+\.[05])?"
)
_HEVY_TIME = r'"\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d\d:\d\d"'
HEVY_RECORD = (
    rf'{_QUOTED},{_HEVY_TIME},{_HEVY_TIME},{_QUOTED},{_QUOTED},,{_QUOTED},\d+,"(?:normal|warmup|failure|dropset)",'
    r"(?:\d+(?:\.\d+)?)?,\d*,(?:\d+(?:\.\d+)?)?,\d*,(?:\d+(?:\.5)?)?"
)
RPE_VALUES = {str(x / 2) for x in range(12, 21)} | {str(x) for x in range(6, 11)}


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def dict_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def first_line(data: bytes) -> str:
    return data.split(b"\n", 1)[0].decode("utf-8")


def strong_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def hevy_time(text: str) -> datetime:
    """``8 Apr 2026, 16:50`` without strptime's locale-dependent %b."""
    day, month, year, clock = text.replace(",", "").split()
    hour, minute = clock.split(":")
    return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute))


def monday(moment: datetime) -> date:
    return moment.date() - timedelta(days=moment.weekday())


@pytest.fixture(scope="module")
def strong() -> list[dict[str, str]]:
    return dict_rows((SAMPLES / "strong_sample.csv").read_bytes())


@pytest.fixture(scope="module")
def hevy() -> list[dict[str, str]]:
    return dict_rows((SAMPLES / "hevy_sample.csv").read_bytes())


@pytest.fixture(scope="module")
def sets(strong: list[dict[str, str]], hevy: list[dict[str, str]]) -> list[tuple[datetime, str, bool, str]]:
    """Both files as (start, exercise, is_warmup, weight) rows."""
    out = [(strong_time(r["Date"]), r["Exercise Name"], r["Set Order"] == "W", r["Weight"]) for r in strong]
    out += [
        (hevy_time(r["start_time"]), r["exercise_title"], r["set_type"] == "warmup", r["weight_lbs"])
        for r in hevy
    ]
    return out


@pytest.fixture(scope="module")
def weekly(sets: list[tuple[datetime, str, bool, str]]) -> dict[date, Counter[str]]:
    """Working sets per role for every week from the first to the last (empty weeks included)."""
    weeks: dict[date, Counter[str]] = defaultdict(Counter)
    for start, exercise, warmup, _ in sets:
        weeks[monday(start)]["rows"] += 1
        if not warmup and exercise in ROLE:
            weeks[monday(start)][ROLE[exercise]] += 1
    every_week = [min(weeks) + timedelta(weeks=i) for i in range((max(weeks) - min(weeks)).days // 7 + 1)]
    return {week: weeks.get(week, Counter()) for week in every_week}


# --- the committed files -------------------------------------------------------------------------------


def test_committed_samples_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_samples(tmp_path)
    assert sorted(p.name for p in written) == ["hevy_sample.csv", "strong_sample.csv"]
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), f"{path.name} drifted: regenerate it"


def test_sample_files_are_commit_sized() -> None:
    for name in ("strong_sample.csv", "hevy_sample.csv"):
        assert (SAMPLES / name).stat().st_size < 300_000


def test_exact_headers_and_field_counts() -> None:
    strong_bytes = (SAMPLES / "strong_sample.csv").read_bytes()
    hevy_bytes = (SAMPLES / "hevy_sample.csv").read_bytes()
    assert first_line(strong_bytes) == STRONG_HEADER
    assert first_line(hevy_bytes) == HEVY_LB_HEADER
    strong_rows, hevy_rows = rows(strong_bytes), rows(hevy_bytes)
    assert len(strong_rows) > 1000 and len(hevy_rows) > 1000
    assert {len(r) for r in strong_rows} == {12}
    assert {len(r) for r in hevy_rows} == {14}


# --- the apps' shapes ----------------------------------------------------------------------------------


def test_files_do_not_overlap_and_switch_apps_in_august(
    strong: list[dict[str, str]], hevy: list[dict[str, str]]
) -> None:
    strong_starts = [strong_time(r["Date"]) for r in strong]
    hevy_starts = [hevy_time(r["start_time"]) for r in hevy]
    assert max(strong_starts) < datetime(2025, 8, 1) <= min(hevy_starts)
    assert min(strong_starts).date() == date(2025, 1, 6)
    assert date(2026, 2, 23) <= max(hevy_starts).date() <= date(2026, 2, 28)
    assert strong_starts == sorted(strong_starts), "Strong lists workouts oldest first"
    assert hevy_starts == sorted(hevy_starts, reverse=True), "Hevy lists workouts newest first"


def test_exercise_names_are_the_apps_own(strong: list[dict[str, str]], hevy: list[dict[str, str]]) -> None:
    assert {r["Exercise Name"] for r in strong} == STRONG_NAMES
    assert {r["exercise_title"] for r in hevy} == HEVY_NAMES


def test_strong_set_order_numbers_working_sets_and_letters_the_rest(strong: list[dict[str, str]]) -> None:
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in strong:
        blocks[(r["Date"], r["Exercise Name"])].append(r["Set Order"])
    for orders in blocks.values():
        numbers = [int(o) for o in orders if o.isdigit()]
        assert numbers == list(range(1, len(numbers) + 1))
        assert set(orders) - {str(n) for n in numbers} <= {"W", "F", "D"}
    counts = Counter(r["Set Order"] for r in strong)
    assert counts["W"] > 0 and counts["F"] > 0 and counts["D"] > 0


def test_strong_values_follow_shape_a(strong: list[dict[str, str]]) -> None:
    assert all(r["Date"] == strong_time(r["Date"]).strftime("%Y-%m-%d %H:%M:%S") for r in strong)
    assert all(r["Duration"].endswith("m") for r in strong)
    assert any(r["Duration"].startswith("1h ") for r in strong)
    assert all("." in r["Weight"] and float(r["Weight"]) >= 0 for r in strong)
    assert {r["RPE"] for r in strong} - {""} <= {str(float(x)) for x in RPE_VALUES}
    runs = [r for r in strong if r["Exercise Name"] == "Running"]
    assert runs and all(
        r["Weight"] == "0.0" and float(r["Distance"]) > 0 and int(r["Seconds"]) > 0 for r in runs
    )
    planks = [r for r in strong if r["Exercise Name"] == "Plank"]
    assert planks and all(r["Weight"] == "0.0" and r["Reps"] == "0" and int(r["Seconds"]) > 0 for r in planks)
    bridges = [r for r in strong if r["Exercise Name"] == "Glute Bridge"]
    assert bridges and all(r["Weight"] == "0.0" and int(r["Reps"]) > 0 for r in bridges)


def test_strong_quotes_only_names_and_notes() -> None:
    text = (SAMPLES / "strong_sample.csv").read_text(encoding="utf-8")
    assert re.fullmatch(rf"{re.escape(STRONG_HEADER)}\n(?:{STRONG_RECORD}\n)+", text)
    # notes are quoted ("" when empty) on the first row they belong to and left empty after it
    lines = text.split("\n")
    assert lines[1].endswith(',"Pad on the bar, squeeze 2s","New program: glutes 3x a week, let\'s go",')
    assert lines[2].endswith(",0,0,,,")


def test_hevy_values_follow_an_imperial_export(hevy: list[dict[str, str]]) -> None:
    assert {r["superset_id"] for r in hevy} == {""}
    assert Counter(r["set_type"] for r in hevy).keys() == {"normal", "warmup", "failure", "dropset"}
    loads = {r["weight_lbs"] for r in hevy} - {""}
    assert loads and all(w.isdigit() and int(w) % 5 == 0 for w in loads), "pound loads are round numbers"
    assert {"45", "95", "135", "185", "225"} <= loads
    assert {r["rpe"] for r in hevy} - {""} <= RPE_VALUES
    strength = [r for r in hevy if r["reps"]]
    assert strength and all(r["duration_seconds"] == "" and r["distance_miles"] == "" for r in strength)
    for name in ("Nordic Hamstring Curl", "Glute Bridge", "Plank", "Running"):
        assert {r["weight_lbs"] for r in hevy if r["exercise_title"] == name} == {""}, name
    runs = [r for r in hevy if r["exercise_title"] == "Running"]
    assert runs and all(float(r["distance_miles"]) > 0 and int(r["duration_seconds"]) > 0 for r in runs)


def test_hevy_set_index_counts_from_zero_per_exercise(hevy: list[dict[str, str]]) -> None:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in hevy:
        blocks[(r["start_time"], r["exercise_title"])].append(int(r["set_index"]))
    assert all(indexes == list(range(len(indexes))) for indexes in blocks.values())


def test_hevy_quotes_every_string_field() -> None:
    text = (SAMPLES / "hevy_sample.csv").read_text(encoding="utf-8")
    assert re.fullmatch(rf"{re.escape(HEVY_LB_HEADER)}\n(?:{HEVY_RECORD}\n)+", text)


def test_notes_with_comma_newline_and_quote(strong: list[dict[str, str]], hevy: list[dict[str, str]]) -> None:
    strong_notes = {r["Notes"] for r in strong} | {r["Workout Notes"] for r in strong}
    hevy_notes = {r["description"] for r in hevy} | {r["exercise_notes"] for r in hevy}
    assert any("\n" in n for n in strong_notes)
    assert any("," in n for n in strong_notes) and any("," in n for n in hevy_notes)
    assert any('"' in n for n in hevy_notes)
    assert "Back, Core, Biceps" in {r["Workout Name"] for r in strong}
    assert "Back, Core, Biceps" in {r["title"] for r in hevy}


# --- the story -----------------------------------------------------------------------------------------


def test_a_year_of_training_with_one_two_week_holiday(weekly: dict[date, Counter[str]]) -> None:
    assert len(weekly) >= 52
    empty = [week for week, counts in weekly.items() if not counts]
    assert len(empty) == 2 and empty[1] - empty[0] == timedelta(weeks=1)


def test_glute_dominance_first_then_hamstrings_restored(weekly: dict[date, Counter[str]]) -> None:
    weeks = list(weekly.values())
    first, last = weeks[:8], weeks[-8:]

    def mean(period: list[Counter[str]], *roles: str) -> float:
        return sum(week[role] for week in period for role in roles) / len(period)

    ham_first, ham_last = mean(first, "ham_hip", "ham_knee"), mean(last, "ham_hip", "ham_knee")
    assert ham_last >= 3 * ham_first
    assert mean(first, "glute") >= 14 and ham_first <= 4
    assert 6 <= ham_last <= 12  # direct sets; the glute work's fractional credit adds ~2.5 a week
    assert mean(first, "glute") / ham_first >= 3 > mean(last, "glute") / ham_last
    assert mean(last, "ham_hip") >= 2 and mean(last, "ham_knee") >= 4, "both hamstring jobs are trained"
    # the middle of the Strong months: no direct hamstring work at all
    assert all(week["ham_hip"] + week["ham_knee"] == 0 for week in weeks[14:26])


def test_nordics_two_to_three_sets_in_most_late_weeks(sets: list[tuple[datetime, str, bool, str]]) -> None:
    nordics = Counter(
        monday(start) for start, exercise, warmup, _ in sets if exercise == "Nordic Hamstring Curl"
    )
    late = [date(2026, 2, 23) - timedelta(weeks=i) for i in range(8)]
    assert sum(1 for week in late if 2 <= nordics[week] <= 3) >= 6
    assert set(nordics.values()) <= {1, 2, 3}


def test_a_deload_week_drops_the_loads(sets: list[tuple[datetime, str, bool, str]]) -> None:
    thrust: dict[date, float] = {}
    for start, exercise, warmup, weight in sets:
        if exercise == "Hip Thrust (Barbell)" and not warmup and start >= datetime(2025, 8, 1):
            thrust[monday(start)] = max(thrust.get(monday(start), 0.0), float(weight))
    weeks = sorted(thrust)
    deloads = [b for a, b, c in zip(weeks, weeks[1:], weeks[2:], strict=False)
               if thrust[b] <= 0.7 * thrust[a] and thrust[b] <= 0.7 * thrust[c]]  # fmt: skip
    assert deloads == [date(2025, 12, 1)]


def test_warmups_in_both_files(strong: list[dict[str, str]], hevy: list[dict[str, str]]) -> None:
    assert any(r["Set Order"] == "W" for r in strong)
    assert any(r["set_type"] == "warmup" for r in hevy)


# --- synthetic exports ---------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=0, max_value=2500), fmt=st.sampled_from(["strong", "hevy"]))
def test_synthetic_export_has_exactly_n_set_rows(n: int, fmt: str) -> None:
    data = synthetic_export(n, fmt)  # type: ignore[arg-type]
    parsed = rows(data)
    assert parsed[0] == rows((STRONG_HEADER if fmt == "strong" else HEVY_KG_HEADER).encode())[0]
    assert len(parsed) - 1 == n
    assert {len(r) for r in parsed[1:]} <= {12 if fmt == "strong" else 14}


def test_synthetic_headers() -> None:
    assert first_line(synthetic_export(5, "strong")) == STRONG_HEADER
    assert first_line(synthetic_export(5, "hevy")) == HEVY_KG_HEADER


def _new_rows_are_one_later_week(new: list[dict[str, str]], old: list[dict[str, str]], fmt: str) -> None:
    parse, column = (strong_time, "Date") if fmt == "strong" else (hevy_time, "start_time")
    new_starts = [parse(r[column]) for r in new]
    assert new_starts and min(new_starts) > max(parse(r[column]) for r in old)
    assert len({monday(s) for s in new_starts}) == 1
    assert 3 <= len(set(new_starts)) <= 5, "a week holds 3 to 5 workouts"


@settings(max_examples=10, deadline=None)
@given(n=st.integers(min_value=1, max_value=2000), seed=st.integers(min_value=0, max_value=3))
def test_strong_weeks_extra_appends_a_week_after_identical_rows(n: int, seed: int) -> None:
    base = synthetic_export(n, "strong", seed=seed)
    longer = synthetic_export(n, "strong", seed=seed, weeks_extra=1)
    assert longer.startswith(base)
    _new_rows_are_one_later_week(
        dict_rows(first_line(base).encode() + b"\n" + longer[len(base) :]), dict_rows(base), "strong"
    )


@settings(max_examples=10, deadline=None)
@given(n=st.integers(min_value=1, max_value=2000), seed=st.integers(min_value=0, max_value=3))
def test_hevy_weeks_extra_puts_a_new_week_before_identical_rows(n: int, seed: int) -> None:
    base = synthetic_export(n, "hevy", seed=seed)
    longer = synthetic_export(n, "hevy", seed=seed, weeks_extra=1)
    header, body = base.split(b"\n", 1)
    assert longer.startswith(header + b"\n") and longer.endswith(body)
    new = longer[: len(longer) - len(body)]
    _new_rows_are_one_later_week(dict_rows(new), dict_rows(base), "hevy")


def test_weeks_extra_adds_whole_weeks() -> None:
    base = dict_rows(synthetic_export(500, "strong"))
    longer = dict_rows(synthetic_export(500, "strong", weeks_extra=3))
    new_weeks = {monday(strong_time(r["Date"])) for r in longer[len(base) :]}
    last_week = monday(strong_time(base[-1]["Date"]))
    assert sorted(new_weeks) == [last_week + timedelta(weeks=i) for i in (1, 2, 3)]


def test_synthetic_history_has_a_realistic_shape() -> None:
    data = dict_rows(synthetic_export(20_000, "strong"))
    starts = [strong_time(r["Date"]) for r in data]
    workouts = Counter(starts)
    per_week = Counter(monday(start) for start in workouts)
    full_weeks = sorted(per_week)[1:]  # the oldest week may have been cut to hit n exactly
    assert all(3 <= per_week[w] <= 5 for w in full_weeks)
    assert 12 <= len(data) / len(workouts) <= 22
    assert len(per_week) == (max(per_week) - min(per_week)).days // 7 + 1, "no empty weeks"
    names = {r["Exercise Name"] for r in data}
    assert {
        "Hip Thrust (Barbell)",
        "Romanian Deadlift (Barbell)",
        "Nordic Hamstring Curl",
        "Running",
    } <= names
    assert {r["Set Order"] for r in data} >= {"W", "F", "D", "1"}


def test_synthetic_files_have_the_apps_quoting() -> None:
    strong_text = synthetic_export(3000, "strong").decode("utf-8")
    hevy_text = synthetic_export(3000, "hevy").decode("utf-8")
    assert re.fullmatch(rf"{re.escape(STRONG_HEADER)}\n(?:{STRONG_RECORD}\n)+", strong_text)
    assert re.fullmatch(rf"{re.escape(HEVY_KG_HEADER)}\n(?:{HEVY_RECORD}\n)+", hevy_text)


def test_synthetic_is_seeded() -> None:
    assert synthetic_export(300, "hevy", seed=4) == synthetic_export(300, "hevy", seed=4)
    assert synthetic_export(300, "hevy", seed=4) != synthetic_export(300, "hevy", seed=5)


def test_synthetic_exports_split_sets_between_distinct_athletes() -> None:
    files = synthetic_exports(1001, "strong", 4, seed=1)
    assert list(files) == ["Athlete 001", "Athlete 002", "Athlete 003", "Athlete 004"]
    assert [len(rows(data)) - 1 for data in files.values()] == [251, 250, 250, 250]
    assert len(set(files.values())) == 4


def test_synthetic_export_rejects_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="synthetic_exports"):
        synthetic_export(10, "strong", athletes=3)
    with pytest.raises(ValueError, match="fmt"):
        synthetic_export(10, "fitnotes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_sets"):
        synthetic_export(-1, "hevy")


def test_the_demo_ends_on_the_correction_achieved() -> None:
    """Loaded as the demo loads them, the sample logs end balanced under the verdict's rules (issue 19):
    glute-dominant through the spring and still after the first correction, balanced after the second."""
    from etl.analysis.settings import BalanceSettings
    from etl.analysis.verdict import verdict
    from etl.analysis.weekly import load_weekly
    from etl.store import database as store
    from liftbalance.commands.serve import DEMO_ATHLETE, load_demo

    con = store.connect(":memory:")
    try:
        load_demo(con, SAMPLES)
        weekly = load_weekly(con, DEMO_ATHLETE)
    finally:
        con.close()
    latest = verdict(weekly, BalanceSettings(), athlete=DEMO_ATHLETE)
    assert (latest.status, latest.gaps, latest.actions) == ("balanced", (), ())
    assert latest.week_start == date(2026, 2, 23)
    status = dict(weekly.select("week_start", "status").iter_rows())
    assert status[date(2025, 6, 2)] == "glute_dominant"  # spring: no direct hamstring work
    assert status[date(2025, 11, 3)] == "glute_dominant"  # after the first correction: still ~2.5 to 1
    assert all(status[date(2026, 1, 5) + timedelta(weeks=i)] == "balanced" for i in range(8))
