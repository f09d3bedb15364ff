"""Every response carries the browser-side defences; data responses are never cached."""

from __future__ import annotations

from pathlib import Path

from dashboard.app import create_app
from dashboard.security_headers import STATIC_HEADERS
from etl.store import accounts
from tests.helpers.accounts import login

PASSWORD = "a long enough password"


def test_headers_on_pages_data_and_static_bundles(tmp_path: Path):
    main = tmp_path / "main.duckdb"
    with accounts.opened(main) as con:
        accounts.add_account(con, "ana", PASSWORD)
    app = create_app(main)
    client = app.server.test_client()
    login_page = client.get("/login")
    login(client, "ana", PASSWORD)
    layout = client.get("/_dash-layout")
    page = client.get("/")
    bundle_path = next(p for p in page.text.split('"') if p.startswith("/_dash-component-suites/"))
    bundle = client.get(bundle_path)
    assert bundle.status_code == 200
    for response in (login_page, layout, page, bundle):
        for header, value in STATIC_HEADERS.items():
            assert response.headers[header] == value
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self' 'sha256-" in csp and "'unsafe-eval'" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in page.headers["Permissions-Policy"]
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    for logged_in in (layout, page, login_page):
        assert logged_in.headers["Cache-Control"] == "no-store"
    assert bundle.headers.get("Cache-Control") != "no-store"  # static bundles stay cacheable
