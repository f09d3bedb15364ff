"""Small hand-written exports for exact expectations, built as text so every byte is visible in the test."""

from __future__ import annotations

STRONG_A_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)
STRONG_B_HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"
STRONG_NODUR_HEADER = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)
STRONG_C_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";'
    '"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)
STRONG_D_HEADER = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes"
HEVY_KG_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
    '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)
HEVY_LBS_HEADER = HEVY_KG_HEADER.replace("weight_kg", "weight_lbs").replace("distance_km", "distance_miles")


def csv_bytes(header: str, *rows: str, newline: str = "\n") -> bytes:
    return (newline.join([header, *rows]) + newline).encode("utf-8")
