"""`liftbalance serve --workers N`: gunicorn's settings, the body guard in front of the app, and the refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from werkzeug.test import Client
from werkzeug.wrappers import Response

from dashboard import prefork_server
from dashboard.production_server import UNAUTHENTICATED_BODY_BYTES
from liftbalance.cli import cli


def _echo_length(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The app behind the guard: reads the whole body and says how long it was."""
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(len(body)).encode()]


def _guarded(allowed: bool, seen: list[dict[str, str]]) -> Client:
    def accepts_body(headers: Any) -> bool:
        seen.append(dict(headers))
        return allowed

    return Client(
        prefork_server.refuse_unauthenticated_bodies(_echo_length, accepts_body), Response, use_cookies=False
    )


def test_a_big_body_without_a_live_login_is_refused_before_the_app_reads_it() -> None:
    seen: list[dict[str, str]] = []
    client = _guarded(False, seen)
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (UNAUTHENTICATED_BODY_BYTES + 1),
        headers={"Cookie": "liftbalance_session=abc", "Authorization": "Bearer lbp_x"},
    )
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    assert "log in first" in response.get_data(as_text=True)
    # The check is asked with the headers named as waitress's parser names them (dashboard.auth.accepts_body).
    assert seen[0]["COOKIE"] == "liftbalance_session=abc"
    assert seen[0]["AUTHORIZATION"] == "Bearer lbp_x"


def test_a_big_body_with_a_live_login_reaches_the_app() -> None:
    client = _guarded(True, [])
    response = client.post("/x", data=b"x" * (UNAUTHENTICATED_BODY_BYTES + 1))
    assert (response.status_code, response.get_data(as_text=True)) == (
        200,
        str(UNAUTHENTICATED_BODY_BYTES + 1),
    )


def test_a_small_body_is_not_checked() -> None:
    seen: list[dict[str, str]] = []
    response = _guarded(False, seen).post("/login", data=b"name=a&password=b")
    assert response.status_code == 200
    assert seen == []


def test_a_failing_check_refuses_rather_than_failing_the_request() -> None:
    def broken(headers: Any) -> bool:
        raise RuntimeError("database down")

    client = Client(prefork_server.refuse_unauthenticated_bodies(_echo_length, broken), Response)
    assert client.post("/x", data=b"x" * (UNAUTHENTICATED_BODY_BYTES + 1)).status_code == 413


def test_gunicorn_settings_keep_files_private_and_trust_no_proxy_by_default() -> None:
    chosen = prefork_server.settings(host="::1", port=8050, workers=3)
    assert chosen["bind"] == ["[::1]:8050"]
    assert chosen["workers"] == 3
    assert chosen["worker_class"] == "gthread"
    assert chosen["umask"] == 0o077
    assert chosen["forwarded_allow_ips"] == ""
    assert chosen["control_socket_disable"] is True
    assert chosen["preload_app"] is False
    server = prefork_server.PreforkServer(lambda: _echo_length, chosen)
    assert server.cfg.forwarded_allow_ips == []  # gunicorn read the settings as meant
    assert server.cfg.umask == 0o077
    assert (
        prefork_server.settings(host="127.0.0.1", port=1, workers=1, trusted_proxy="10.0.0.2")[
            "forwarded_allow_ips"
        ]
        == "10.0.0.2"
    )


def test_forwarded_client_address_is_taken_only_from_the_trusted_proxy() -> None:
    def remote(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [environ["REMOTE_ADDR"].encode()]

    fixed = prefork_server._FromTrustedProxy(remote, "10.0.0.2")
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    via_proxy = Client(fixed, Response).get("/", headers=forwarded, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    direct = Client(fixed, Response).get("/", headers=forwarded, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert via_proxy.get_data(as_text=True) == "203.0.113.9"
    assert direct.get_data(as_text=True) == "198.51.100.7"


def test_several_workers_on_a_database_file_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "one.duckdb"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1
    assert "--workers 2 needs a PostgreSQL database" in result.output
    assert not db.exists()  # refused before anything was opened


def test_workers_with_debug_or_the_hevy_schedule_are_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "one.duckdb")
    debug = CliRunner().invoke(cli, ["serve", "--db", db, "--workers", "1", "--debug"])
    hevy = CliRunner().invoke(cli, ["serve", "--db", db, "--workers", "1", "--hevy-sync-hours", "6"])
    assert debug.exit_code == 1 and "cannot be combined with --workers" in debug.output
    assert hevy.exit_code == 1 and "once per process" in hevy.output
