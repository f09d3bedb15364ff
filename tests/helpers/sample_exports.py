"""Small hand-written exports of the apps beyond Strong and Hevy (whose headers are in
tests/filebuilders.py), one minimal file each for the reader contract and the fuzz tests, and a Strong
log with names and rows the import does not count."""

from __future__ import annotations

from tests.filebuilders import STRONG_A_HEADER, csv_bytes

# --- Fitbod, Liftosaur, StrongLifts, Alpha Progression, JEFIT (tests/etl/read/test_read_other_apps.py) ---

FITBOD = "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier"
LIFTOSAUR = (
    "Workout DateTime,Program,Day Name,Exercise,Is Warmup Set?,Required Reps,Completed Reps,Is AMRAP?,Required RPE,"
    "Completed RPE,Log RPE?,Required Weight Value,Required Weight Unit,Completed Weight Value,Completed Weight Unit,"
    "Ask Weight?,Completed Reps Time,Target Muscles,Synergist Muscles,Notes"
)


STRONGLIFTS = (
    "Date (yyyy/mm/dd),Workout,Workout Name,Program Name,Body Weight (KG),Exercise,SetsxReps,SetsxTime,"
    "Top Set Reps x KG,e1RM  (KG),Reps,Volume (KG),Workout Volume (KG),Duration (hours),Start Time (h:mm),"
    "End Time (h:mm),Notes,Set 1 (Reps), Set 1 (KG),Set 2 (Reps), Set 2 (KG),Set 3 (Reps), Set 3 (KG)"
)


ALPHA_SESSION = '"Legs · Day 2 · Week 4 · Push-Pull-Legs";"2026-02-19 4:54 h";"1:02 hr"'
JEFIT_SESSIONS = "### WORKOUT SESSIONS ###\n_id,mydate,starttime,starttimie,total_time"
JEFIT_LOGS = "### EXERCISE LOGS ###\n_id,belongsession,mydate,eid,ename,logs"
DIVIDER = "###########################"
L_START = "2026-03-01T10:00:00.000Z,GZCLP,Day 1"
SL_A = '"2015/05/25","1","Workout A","","87"'
SL_END_A = '"0.5","7:37 PM","8:07 PM","Second week"'


def alpha_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


ALPHA = alpha_bytes(
    ALPHA_SESSION,
    '"1. Hack Squats · Machine · 8 reps";"WU1 · 37,5 kg · 9 reps<br>WU2 · 72,5 kg · 7 reps"',
    "#;KG;REPS;RIR",
    "1;115;8;1",
    "2;102,5;6;0",
    '"2. Dips · Bodyweight · 10 reps"',
    "#;KG;REPS;RIR",
    "1;+35;10;0",
    "2;+0;12;0,5",
    "",
    '"Pull · Day 3";"2026-02-21 18:10 h";"48:30 min"',
    '"1. Pull-ups · Bodyweight · 8 reps · 2 dropsets"',
    "#;KG;REPS;RIR",
    "1;+10;8;2",
)


JEFIT = (
    f"{JEFIT_SESSIONS}\n1,2024-01-15,1705305000,,3600\n2,2024-01-17,,1705480000,0\n{DIVIDER}\n\n"
    f'{JEFIT_LOGS}\n10,1,2024-01-15,5,"Barbell Hip Thrust","60x10,100x8,100x8,"\n11,1,2024-01-15,6,"Pull Up","0x10,0x8"\n'
    f'12,2,2024-01-17,7,"Barbell Squat","100x5"\n13,3,2024-01-19,7,"Barbell Squat",""\n14,4,2024-01-20,7,"Barbell Squat","90x5"\n{DIVIDER}\n'
).encode()


OTHER_APP_SAMPLES = {
    "fitbod": csv_bytes(FITBOD, "2024-03-04 18:02:11 +0000,Squat,5,100,0,0,0,0,false,,1"),
    "liftosaur": csv_bytes(LIFTOSAUR, f"{L_START},Squat,0,5,5,0,,,0,100,kg,100,kg,0,,,,"),
    "stronglifts": csv_bytes(
        STRONGLIFTS, f'{SL_A},"Squat","","","","","","","",{SL_END_A},"5","20","","","",""'
    ),
    "alpha": ALPHA,
    "jefit": JEFIT,
}


# --- Lyfta, GymBook, Alpha Progression with commas, the StrongLifts spreadsheet ---------------------

LYFTA_HEADER = ' Title,Date,Duration,Exercise,"Superset id",Weight,Reps,Distance,Time,"Set Type"'
LYFTA_BACK = 'Back,"2025-12-11 12:41:04",01:07:28'
LYFTA = csv_bytes(LYFTA_HEADER, f"{LYFTA_BACK},Pull-up,,0.000,10,,,NORMAL_SET")
GYMBOOK_IT = (
    "Data,Programma,Orario,Esercizio,Zona,Gruppi muscolari (Primari),Gruppi muscolari (Secondari),"
    "Set / Set di riscaldamento / Set di defaticamento,Ripetizioni / Tempo,Peso / Distanza,Appunti,Saltato"
)


GYMBOOK = csv_bytes(
    GYMBOOK_IT,
    '13/01/25,"AltoScheda Giorno 4",19:30,"Crunches",Addome,"Addominali","Obliqui",Set,'
    '"20 ripetizioni","0,00 kg",,No',
)


NBSP = "\u00a0"
ALPHA_COMMA = "\n".join(
    [
        "\ufeff",
        "",
        "Arms",
        f'"2023-03-24 7:26{NBSP}pm",51{NBSP}min',
        '"Day 3 · Week 1 · Plan_002"',
        '"1. Twist Curls with Rope Cable","Superset 1"',
        '"10 reps"',
        "#,LBS,REPS",
        "1,27.5,20",
        "2,32.5,20",
        '"2. Drag Curls Barbell"',
        '"10 reps"',
        "#,LBS,REPS",
        "1,30,20",
        '"3. Seated Shoulder Press Barbell"',
        '"10 reps"',
        "#,LBS,REPS",
        "",
        "",
        "Legs",
        f'"2023-03-26 9:05{NBSP}am",1:10{NBSP}hr',
        '"Day 1 · Week 2 · Plan_002"',
        '"1. Squats Barbell"',
        '"5 reps"',
        "#,KG,REPS",
        "1,100,5",
        "",
    ]
).encode("utf-8")


STRONGLIFTS_SHEET_BLOCK = "Exercise {n},Weight (KG),Weight (LB),Set 1,Set 2,Set 3,Set 4,Set 5"
STRONGLIFTS_SHEET_HEADER = (
    "Date,Note,Body Weight (KG),Body Weight (LB),"
    + ",".join(STRONGLIFTS_SHEET_BLOCK.format(n=n) for n in (1, 2, 3))
    + ","
)


STRONGLIFTS_SHEET = csv_bytes(STRONGLIFTS_SHEET_HEADER, "19/11/18,,91,,Squat,40,,5,5,5,5,5,,,,,,,,,,,,,,,,,")


# --- a Strong log with names and rows the import does not count ------------------------------------

DAY1 = "2024-03-04 18:02:11"
DAY2 = "2024-03-11 18:02:11"


def row(day: str, name: str, order: str, weight: int = 60, reps: int = 10) -> str:
    return f'{day},"Legs",1h,"{name}",{order},{weight},{reps},0,0,,,'


LOG = csv_bytes(
    STRONG_A_HEADER,
    row(DAY1, "Hip Thrust (Barbell)", "1"),
    row(DAY1, "Zercher Wobble Press", "W"),  # a warm-up: not a working set
    row(DAY1, "Zercher Wobble Press", "1"),
    row(DAY1, "Zercher Wobble Press", "2"),
    row(DAY1, "Zercher Wobble Press", "Rest Timer", 0, 0),
    row(DAY2, "Zercher Wobble Press", "1"),
    row(DAY2, "Qwfp Zxcv", "1"),
    row(DAY2, "Hip Thrust (Barbell)", "1"),
)
