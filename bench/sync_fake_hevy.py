"""A fake Hevy account served on loopback, shaped like Hevy's documented API (v1), and its CSV export.

Used by the sync tests (``tests/test_sync_*``) and the sync benchmark (``bench/sync_hevy.py``); never
touches the network. ``FakeHevy`` keeps workouts and change events and answers ``GET /v1/workouts`` and
``GET /v1/workouts/events`` page by page (at most 10 per page, with ``page`` and ``page_count``), and a
401 for any other key, on a ``pytest_httpserver.HTTPServer``. ``account`` generates a plausible account;
``hevy_csv`` writes the same workouts the way Hevy's export does (written here independently of
``etl.sync.hevy_reader``, so a test comparing the two is a real comparison).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

KEY = "5c1d0a52-0000-4000-8000-7e57c0ffee00"
PAGE_MAX = 10

EXERCISES = (
    ("Hip Thrust (Barbell)", 60.0, 140.0),
    ("Romanian Deadlift (Barbell)", 50.0, 120.0),
    ("Squat (Barbell)", 50.0, 130.0),
    ("Lying Leg Curl (Machine)", 20.0, 60.0),
    ("Bench Press (Barbell)", 40.0, 100.0),
    ("Lat Pulldown (Cable)", 30.0, 80.0),
    ("Bulgarian Split Squat", 10.0, 30.0),
    ("Seated Leg Curl (Machine)", 20.0, 60.0),
)


def workout(
    start: datetime,
    exercises: list[tuple[str, list[tuple[str, float | None, int | None]]]],
    *,
    title: str = "Lower",
    minutes: int = 55,
    workout_id: str | None = None,
    description: str = "",
) -> dict[str, Any]:
    """One workout as the API returns it; ``exercises`` = [(title, [(set type, kg, reps), ...]), ...]."""
    end = start + timedelta(minutes=minutes)
    stamp = "%Y-%m-%dT%H:%M:%S+00:00"
    return {
        "id": workout_id or str(uuid.uuid4()),
        "title": title,
        "routine_id": None,
        "description": description,
        "start_time": start.astimezone(UTC).strftime(stamp),
        "end_time": end.astimezone(UTC).strftime(stamp),
        "updated_at": end.astimezone(UTC).strftime(stamp),
        "created_at": end.astimezone(UTC).strftime(stamp),
        "exercises": [
            {
                "index": e,
                "title": name,
                "notes": "",
                "exercise_template_id": f"{e:08X}",
                "superset_id": None,
                "sets": [
                    {
                        "index": i,
                        "type": kind,
                        "weight_kg": kg,
                        "reps": reps,
                        "distance_meters": None,
                        "duration_seconds": None,
                        "rpe": None,
                        "custom_metric": None,
                    }
                    for i, (kind, kg, reps) in enumerate(sets)
                ],
            }
            for e, (name, sets) in enumerate(exercises)
        ],
    }


def account(
    n: int, *, seed: int = 23, first: datetime = datetime(2023, 1, 2, 17, 0, 12, tzinfo=UTC)
) -> list[dict[str, Any]]:
    """``n`` workouts about every other day from ``first``, newest first (as the API lists them)."""
    rng = random.Random(seed)
    out = []
    start = first
    for k in range(n):
        chosen = rng.sample(EXERCISES, 4)
        exercises = []
        for name, low, high in chosen:
            kg = round(rng.uniform(low, high) / 2.5) * 2.5
            sets: list[tuple[str, float | None, int | None]] = (
                [("warmup", round(kg / 2 / 2.5) * 2.5, 10)] if rng.random() < 0.4 else []
            )
            sets += [
                (rng.choice(("normal", "normal", "normal", "failure")), kg, rng.randint(5, 12))
                for _ in range(3)
            ]
            exercises.append((name, sets))
        out.append(
            workout(
                start,
                exercises,
                title=f"Session {k + 1}",
                minutes=rng.randint(40, 80),
                workout_id=str(uuid.UUID(int=rng.getrandbits(128))),
            )
        )
        start += timedelta(
            days=rng.choice((1, 2, 2, 3)), minutes=rng.randint(-90, 90), seconds=rng.randint(0, 59)
        )
    return out[::-1]


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:.10g}"


def hevy_csv(workouts: list[dict[str, Any]], tz: str) -> bytes:
    """The metric Hevy CSV export of ``workouts`` (newest first, as listed): local minute stamps, quoted text."""
    zone = ZoneInfo(tz)

    def when(stamp: str) -> str:
        local = datetime.fromisoformat(stamp).astimezone(zone)
        return local.strftime("%d %b %Y, %H:%M").lstrip("0")

    def quoted(text: str | None) -> str:
        return '"' + (text or "").replace('"', '""') + '"'

    lines = [
        '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
    ]
    for w in workouts:
        head = [
            quoted(w["title"]),
            quoted(when(w["start_time"])),
            quoted(when(w["end_time"])),
            quoted(w.get("description")),
        ]
        for e in w["exercises"]:
            for s in e["sets"]:
                meters = s.get("distance_meters")
                lines.append(
                    ",".join(
                        [
                            *head,
                            quoted(e["title"]),
                            _number(e.get("superset_id")),
                            quoted(e.get("notes")),
                            _number(s["index"]),
                            quoted(s["type"]),
                            _number(s.get("weight_kg")),
                            _number(s.get("reps")),
                            _number(meters / 1000 if meters is not None else None),
                            _number(s.get("duration_seconds")),
                            _number(s.get("rpe")),
                        ]
                    )
                )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


@dataclass
class FakeHevy:
    """One account behind the API: workouts newest first, and the events (newest first) of changes to them."""

    workouts: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    key: str = KEY
    requests: list[str] = field(default_factory=list)

    def add(self, new: dict[str, Any], at: datetime | None = None) -> None:
        """A workout logged (or edited: same id) at ``at``: listed first, and an ``updated`` event."""
        self.workouts = [new, *(w for w in self.workouts if w["id"] != new["id"])]
        self.workouts.sort(key=lambda w: w["start_time"], reverse=True)
        self.events.insert(0, (at or datetime.now(UTC), {"type": "updated", "workout": new}))

    def delete(self, workout_id: str, at: datetime | None = None) -> None:
        moment = at or datetime.now(UTC)
        self.workouts = [w for w in self.workouts if w["id"] != workout_id]
        self.events.insert(
            0,
            (
                moment,
                {
                    "type": "deleted",
                    "id": workout_id,
                    "deleted_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                },
            ),
        )

    def _refused(self, request: Request) -> Response | None:
        self.requests.append(f"{request.path}?{unquote(request.query_string.decode())}")
        if request.headers.get("api-key") != self.key:
            return Response("Unauthorized", status=401, content_type="text/html")
        return None

    @staticmethod
    def _page(request: Request, items: list[Any], name: str) -> Response:
        page = int(request.args.get("page", "1"))
        size = int(request.args.get("pageSize", "5"))
        if size < 1 or size > PAGE_MAX or page < 1:
            return _json({"error": "Invalid page size"}, 400)
        count = (len(items) + size - 1) // size
        return _json({"page": page, "page_count": count, name: items[(page - 1) * size : page * size]})

    def workouts_answer(self, request: Request) -> Response:
        return self._refused(request) or self._page(request, self.workouts, "workouts")

    def events_answer(self, request: Request) -> Response:
        refused = self._refused(request)
        if refused is not None:
            return refused
        since = datetime.fromisoformat(
            request.args.get("since", "1970-01-01T00:00:00Z").replace("Z", "+00:00")
        )
        return self._page(request, [event for at, event in self.events if at > since], "events")

    def serve(self, server: HTTPServer) -> None:
        """Answer the two endpoints on ``server`` (permanent handlers: one-shot ones registered first win)."""
        server.expect_request("/v1/workouts").respond_with_handler(self.workouts_answer)
        server.expect_request("/v1/workouts/events").respond_with_handler(self.events_answer)


def dropped_connection(request: Request) -> Response:
    """An answer cut short: headers promise more body than is sent, as when the connection drops mid-page."""
    response = Response(
        b'{"page": 3, "page_count": 5, "workouts": [', status=200, content_type="application/json"
    )
    response.headers["Content-Length"] = "4096"
    return response
