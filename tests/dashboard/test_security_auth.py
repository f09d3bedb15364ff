"""The server's own defences: login with CSRF, cookie flags, safe redirects, headers, request size,
quiet errors and logs, and ``liftbalance serve`` refusing to expose an unprotected dashboard."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import flask
import pytest
from click.testing import CliRunner

from dashboard.app import create_app
from dashboard.auth import max_request_bytes
from dashboard.dbpath import LoginRequiredError, db_path
from etl.limits import Limits
from etl.store import accounts
from etl.store import database as store
from liftbalance.cli import cli
from liftbalance.commands import serve as serve_module
from liftbalance.commands.serve import is_loopback
from tests.components import csrf_token, data_url
from tests.helpers.accounts import B_FILE, login
from tests.helpers.dash_requests import callback_body, find_callback, post_callback

PASSWORD = "a long enough password"


@pytest.fixture
def app_with_account(tmp_path: Path) -> dash.Dash:
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        accounts.add_account(con, "ana", PASSWORD)
    return create_app(main)


def csrf(client) -> str:
    return csrf_token(client.get("/login").text)


def test_login_sets_a_hardened_session_cookie_and_wrong_passwords_fail(app_with_account):
    client = app_with_account.server.test_client()
    token = csrf(client)
    wrong = client.post("/login", data={"csrf": token, "name": "ana", "password": "not the password"})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    unknown = client.post("/login", data={"csrf": token, "name": "nobody", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.text == wrong.text  # no hint which of the two was wrong
    right = client.post("/login", data={"csrf": token, "name": "Ana", "password": PASSWORD})
    assert right.status_code == 302
    cookie = right.headers["Set-Cookie"]
    assert cookie.startswith("liftbalance_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    assert PASSWORD not in cookie
    assert client.get("/_dash-layout").status_code == 200


def test_session_cookie_is_secure_over_https_and_when_serving_beyond_loopback(app_with_account):
    client = app_with_account.server.test_client()
    token = csrf(client)
    over_https = client.post(
        "/login", base_url="https://localhost", data={"csrf": token, "name": "ana", "password": PASSWORD}
    )
    assert "Secure" in over_https.headers["Set-Cookie"]
    app_with_account.server.config["SESSION_COOKIE_SECURE"] = True  # what `serve --host 0.0.0.0` sets
    client = app_with_account.server.test_client()
    token = csrf(client)
    response = client.post("/login", data={"csrf": token, "name": "ana", "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]


def test_login_and_logout_forms_need_the_csrf_token(app_with_account):
    client = app_with_account.server.test_client()
    csrf(client)
    forged = client.post("/login", data={"csrf": "guess", "name": "ana", "password": PASSWORD})
    assert forged.status_code == 400 and "Set-Cookie" not in forged.headers
    assert client.get("/_dash-layout").status_code == 401
    login(client, "ana", PASSWORD)
    assert client.post("/logout", data={"csrf": "guess"}).status_code == 400
    assert client.get("/_dash-layout").status_code == 200  # a forged logout did nothing
    logout_page = client.get("/logout")
    assert client.post("/logout", data={"csrf": csrf_token(logout_page.text)}).status_code == 302
    assert client.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/export", "/export"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_redirects_only_to_this_site(app_with_account, next_path, expected):
    client = app_with_account.server.test_client()
    response = client.post(
        "/login", data={"csrf": csrf(client), "name": "ana", "password": PASSWORD, "next": next_path}
    )
    assert response.headers["Location"] == expected


def test_the_login_page_escapes_what_it_echoes(app_with_account):
    page = app_with_account.server.test_client().get('/login?next=/"><script>alert(1)</script>')
    assert "<script>alert(1)" not in page.text


def test_dash_posts_must_be_json_so_a_cross_site_form_cannot_drive_a_callback(app_with_account):
    client = app_with_account.server.test_client()
    login(client, "ana", PASSWORD)
    response = client.post(
        "/_dash-update-component", data={"output": "x"}, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_every_response_carries_the_security_headers(app_with_account):
    for path in ("/login", "/_dash-layout", "/"):
        headers = app_with_account.server.test_client().get(path).headers
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"


def test_max_content_length_is_the_upload_limit_plus_encoding(monkeypatch, tmp_path):
    assert max_request_bytes(Limits(max_upload_bytes=3 * 2**20)) == 4 * 2**20 + 2**20
    monkeypatch.setenv("LIFTBALANCE_MAX_UPLOAD_MB", "1")
    db = tmp_path / "lb.duckdb"
    app = create_app(db)
    assert app.server.config["MAX_CONTENT_LENGTH"] == max_request_bytes(Limits.from_env())
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    start = find_callback(deps, "import-job.data")
    big = B_FILE * (3 * 2**20 // len(B_FILE))  # 3 MB: over the 1 MB limit even before base64
    body = callback_body(
        start,
        {("upload", "contents"): [data_url(big)], ("upload", "filename"): ["big.csv"]},
        "upload.contents",
    )
    response = post_callback(client, body)
    assert response.status_code == 413
    small = callback_body(
        start,
        {
            ("upload", "contents"): [data_url(B_FILE)],
            ("upload", "filename"): ["b.csv"],
            ("skip-invalid", "value"): False,
        },
        "upload.contents",
    )
    assert post_callback(client, small).status_code == 200  # the same callback takes a normal file
    with store.opened(db) as con:
        assert con.execute("SELECT filename FROM uploads").fetchall() in ([], [("b.csv",)])
        assert ("big.csv",) not in con.execute("SELECT filename FROM uploads").fetchall()


def test_errors_show_no_traceback_and_logs_withhold_exception_text(app_with_account, caplog):
    server = app_with_account.server
    server._got_first_request = False  # create_app already served a request; allow one more test route

    @server.route("/boom")
    def boom() -> str:
        raise ValueError(flask.request.args["line"])  # as if an error quoted a line of an uploaded file

    client = server.test_client()
    login(client, "ana", PASSWORD)
    with caplog.at_level(logging.ERROR):
        response = client.get("/boom?line=SECRET-FILE-CONTENT")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "SECRET-FILE-CONTENT" not in response.text
    assert "ValueError" in caplog.text and "SECRET-FILE-CONTENT" not in caplog.text
    assert server.debug is False


def test_logins_never_log_the_password(app_with_account, caplog):
    client = app_with_account.server.test_client()
    with caplog.at_level(logging.DEBUG):
        client.post("/login", data={"csrf": csrf(client), "name": "ana", "password": PASSWORD})
        client.post("/login", data={"csrf": csrf(client), "name": "ana", "password": "wrong-and-secret"})
    assert PASSWORD not in caplog.text and "wrong-and-secret" not in caplog.text


def test_db_path_refuses_outside_a_logged_in_request_when_accounts_exist(app_with_account, tmp_path):
    with app_with_account.server.app_context(), pytest.raises(LoginRequiredError):
        db_path()
    open_app = create_app(tmp_path / "open.duckdb")
    with open_app.server.app_context():
        assert db_path() == tmp_path / "open.duckdb"
    with app_with_account.server.test_request_context("/"):
        flask.session.clear()
        with pytest.raises(LoginRequiredError):
            db_path()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host, expected):
    assert is_loopback(host) is expected


def test_serve_refuses_a_public_host_without_accounts_and_debug_anywhere_public(tmp_path, monkeypatch):
    ran: list[dict] = []
    monkeypatch.setattr(
        serve_module,
        "run_server",
        lambda app, **kw: ran.append({**kw, "secure": app.server.config["SESSION_COOKIE_SECURE"]}),
    )
    db = tmp_path / "lb.duckdb"
    runner = CliRunner()
    refused = runner.invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert (
        refused.exit_code == 1
        and "liftbalance user add" in refused.output
        and "Traceback" not in refused.output
    )
    assert ran == []
    added = runner.invoke(
        cli, ["user", "add", "ana", "--db", str(db), "--password-stdin"], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    debug = runner.invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--debug"])
    assert debug.exit_code == 1 and "--debug" in debug.output and ran == []
    served = runner.invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "8123"])
    assert served.exit_code == 0, served.output
    assert ran == [{"host": "0.0.0.0", "port": 8123, "debug": False, "trusted_proxy": None, "secure": True}]
    local = runner.invoke(cli, ["serve", "--db", str(tmp_path / "other.duckdb")])
    assert local.exit_code == 0 and ran[-1]["debug"] is False and ran[-1]["secure"] is False
