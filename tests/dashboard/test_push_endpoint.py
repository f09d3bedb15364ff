"""``POST /api/ingest`` through the server ``liftbalance serve`` runs (waitress with its guarded parser), on loopback.

Each test talks HTTP to a real server in this process; tokens are made with ``liftbalance token create``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from dashboard import auth, production_server
from dashboard.app import create_app
from dashboard.push import BAD_TOKEN_LIMIT
from etl.store import database as store
from liftbalance.cli import cli as cli_main
from tests.helpers.corpus import REPO

SAMPLES = REPO / "sample_logs"
HEVY = SAMPLES / "hevy_sample.csv"  # 175 KB: over the 64 KB a request without a login may send
STRONG = SAMPLES / "strong_sample.csv"  # unit-less: pushed with ?unit=kg


@dataclass
class Pushing:
    main: Path
    base: str

    def post(self, token: str | None, *, content_type: str | None = None, **kwargs: object) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        return httpx.post(self.base + "/api/ingest", headers=headers, timeout=60, **kwargs)  # type: ignore[arg-type]


def run_cli(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli_main, list(args), input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def make_token(main: Path, *args: str) -> str:
    return run_cli("token", "create", "--db", str(main), *args).strip()


@pytest.fixture
def pushing(tmp_path: Path) -> Iterator[Pushing]:
    main = tmp_path / "main.duckdb"
    yield from serve(main)


def serve(main: Path) -> Iterator[Pushing]:
    app = create_app(main)
    server = production_server.make_server(
        app.server,
        host="127.0.0.1",
        port=0,
        accepts_body=lambda headers: auth.accepts_body(app.server, headers),
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Pushing(main, f"http://127.0.0.1:{server.effective_port}")
    finally:
        server.close()
        thread.join(timeout=10)


def stored_sets(db: Path, athlete: str) -> int:
    with store.opened(db) as con:
        row = con.execute("SELECT count(*) FROM sets WHERE athlete = ?", [athlete]).fetchone()
    return int(row[0]) if row else 0


def test_a_raw_body_is_imported_and_answered_with_the_import_report(pushing: Pushing) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    # curl --data-binary labels the body as a form (application/x-www-form-urlencoded): it is still the file.
    response = pushing.post(
        token,
        content=STRONG.read_bytes(),
        params={"filename": "strong.csv", "unit": "kg"},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["file"] == "strong.csv"
    assert report["athlete"] == "ana"
    assert report["unit"] == "kg"
    assert report["sets_added"] > 0 and report["sets_unchanged"] == 0
    assert stored_sets(pushing.main, "ana") == report["sets_added"]
    # Every response keeps the security headers, though the path skips the login.
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_multipart_form_with_one_file_is_imported_and_a_second_push_changes_nothing(
    pushing: Pushing,
) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    first = pushing.post(token, files={"file": ("hevy.csv", HEVY.read_bytes(), "text/csv")})
    assert first.status_code == 200, first.text
    added = first.json()["sets_added"]
    assert first.json()["file"] == "hevy.csv" and added > 0
    again = pushing.post(token, files={"file": ("hevy.csv", HEVY.read_bytes(), "text/csv")})
    assert again.status_code == 200, again.text
    assert again.json()["sets_added"] == 0
    assert again.json()["sets_unchanged"] == added
    assert stored_sets(pushing.main, "ana") == added


def test_the_report_has_the_same_keys_as_ingest_json(pushing: Pushing, tmp_path: Path) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    pushed = pushing.post(token, content=HEVY.read_bytes(), params={"filename": "hevy.csv"}).json()
    cli_json = json.loads(
        run_cli("ingest", str(HEVY), "--db", str(tmp_path / "other.duckdb"), "--athlete", "ana", "--json")
    )
    assert set(pushed) == set(cli_json)
    for key in (
        "format",
        "athlete",
        "sha256",
        "workouts",
        "sets_added",
        "unit",
        "first_workout",
        "last_workout",
    ):
        assert pushed[key] == cli_json[key], key


def test_a_missing_bad_or_revoked_token_is_401_and_nothing_is_written(pushing: Pushing) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    body = {"content": HEVY.read_bytes(), "params": {"filename": "hevy.csv"}}
    missing = pushing.post(None, **body)
    assert missing.status_code == 401
    assert "Authorization: Bearer" in missing.json()["error"]
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = pushing.post(token[:-4] + "AAAA", **body)
    assert wrong.status_code == 401
    assert "not known here" in wrong.json()["error"]
    token_id = re.search(r"^(\w+)\s", run_cli("token", "list", "--db", str(pushing.main))).group(1)  # type: ignore[union-attr]
    run_cli("token", "revoke", token_id, "--db", str(pushing.main))
    revoked = pushing.post(token, **body)
    assert revoked.status_code == 401
    assert stored_sets(pushing.main, "ana") == 0


def test_a_file_over_the_upload_limit_is_413(pushing: Pushing, monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    monkeypatch.setenv("LIFTBALANCE_MAX_UPLOAD_MB", "1")
    big = HEVY.read_bytes() * 7  # 1.2 MB
    raw = pushing.post(token, content=big, params={"filename": "big.csv"})
    assert raw.status_code == 413
    assert "larger than 1 MB" in raw.json()["error"]
    form = pushing.post(token, files={"file": ("big.csv", big, "text/csv")})
    assert form.status_code == 413
    assert stored_sets(pushing.main, "ana") == 0


def test_a_refused_file_is_422_with_the_import_message(pushing: Pushing) -> None:
    token = make_token(pushing.main, "--athlete", "ana")
    response = pushing.post(token, content=b"name,colour\nbench,red\n", params={"filename": "notes.csv"})
    assert response.status_code == 422
    assert response.json()["error"].startswith("notes.csv")
    two = pushing.post(token, files=[("a", ("a.csv", b"x", "text/csv")), ("b", ("b.csv", b"y", "text/csv"))])
    assert two.status_code == 422
    assert "exactly one file" in two.json()["error"]
    bad_unit = pushing.post(token, content=STRONG.read_bytes(), params={"filename": "s.csv", "unit": "stone"})
    assert bad_unit.status_code == 422
    assert stored_sets(pushing.main, "ana") == 0


def test_bad_tokens_are_rate_limited_per_address(pushing: Pushing) -> None:
    per_minute = int(BAD_TOKEN_LIMIT.split()[0])
    statuses = [pushing.post("lbp_wrong", content=b"x").status_code for _ in range(per_minute + 1)]
    assert statuses == [401] * per_minute + [429]


def test_with_accounts_a_token_writes_only_its_own_account(tmp_path: Path) -> None:
    main = tmp_path / "main.duckdb"
    before_accounts = make_token(main, "--athlete", "ana")
    dbs = {}
    for name in ("alice", "bruno"):
        out = run_cli("user", "add", name, "--db", str(main), "--password-stdin", stdin="correct horse 1\n")
        dbs[name] = Path(re.search(r"will live in (\S+\.duckdb)", out).group(1))  # type: ignore[union-attr]
    alice = make_token(main, "--athlete", "ana", "--user", "alice")
    for pushing in serve(main):
        pushed = pushing.post(alice, content=HEVY.read_bytes(), params={"filename": "hevy.csv"})
        assert pushed.status_code == 200, pushed.text
        assert stored_sets(dbs["alice"], "ana") == pushed.json()["sets_added"] > 0
        assert not dbs["bruno"].exists() or stored_sets(dbs["bruno"], "ana") == 0
        old = pushing.post(before_accounts, content=b"x", params={"filename": "x.csv"})
        assert old.status_code == 401
        assert "before the server had accounts" in old.json()["error"]
        assert stored_sets(main, "ana") == 0
        # With accounts, the server's parser refuses a big body without a live token before reading it.
        unread = pushing.post("lbp_" + "x" * 43, content=HEVY.read_bytes(), params={"filename": "hevy.csv"})
        assert unread.status_code == 413 and "log in first" in unread.text
        # The token opens no page: the login guard still asks for a session everywhere else.
        page = httpx.get(pushing.base + "/upload", headers={"Authorization": f"Bearer {alice}"})
        assert page.status_code == 302 and "/login" in page.headers["location"]
