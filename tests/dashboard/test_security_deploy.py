"""docs/deploy.md's nginx block works: nginx with that exact block, a self-signed certificate and a real
``liftbalance serve --trusted-proxy`` behind it; a login over HTTPS gets a Secure cookie and the dashboard.
Skipped where nginx or openssl is not installed (``apt-get install nginx``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from etl.store import accounts
from tests.components import csrf_token
from tests.helpers.corpus import REPO
from tests.helpers.loopback import free_port, wait_until_up

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(
        not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="nginx is not installed"
    ),
    pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is not installed"),
]
DEPLOY = REPO / "docs" / "deploy.md"
PASSWORD = "a long enough password"


def nginx_block() -> str:
    found = re.search(r"```nginx\n(.*?)```", DEPLOY.read_text(encoding="utf-8"), re.S)
    assert found, "docs/deploy.md has no nginx block"
    return found.group(1)


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def test_the_documented_nginx_configuration_serves_the_dashboard_over_tls(tmp_path: Path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    cert, key = self_signed(tmp_path)
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    block = (
        nginx_block()
        .replace("127.0.0.1:8050", f"127.0.0.1:{app_port}")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("/etc/ssl/liftbalance/fullchain.pem", str(cert))
        .replace("/etc/ssl/liftbalance/privkey.pem", str(key))
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path}/body;\nproxy_temp_path {tmp_path}/proxy;\n"
        f"fastcgi_temp_path {tmp_path}/fastcgi;\nuwsgi_temp_path {tmp_path}/uwsgi;\nscgi_temp_path {tmp_path}/scgi;\n"
        f"{block}\n}}\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr

    main = tmp_path / "lb.duckdb"
    with accounts.opened(main) as con:
        accounts.add_account(con, "ana", PASSWORD)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liftbalance",
            "serve",
            "--db",
            str(main),
            "--port",
            str(app_port),
            "--trusted-proxy",
            "127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{app_port}", server, time.monotonic() + 60)
        base = f"https://127.0.0.1:{https_port}"
        browser = requests.Session()
        browser.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would replace our certificate
        browser.verify = str(cert)
        page, last = None, None
        for _ in range(100):
            assert proxy.poll() is None, (
                proxy.communicate(timeout=10)[1] + (tmp_path / "error.log").read_text()
            )
            try:
                page = browser.get(base + "/login", timeout=10)
                break
            except requests.ConnectionError as exc:
                last = exc
                time.sleep(0.1)
        assert page is not None and page.status_code == 200, (
            last,
            (tmp_path / "error.log").read_text()[-2000:],
        )
        assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
        redirect = requests.get(f"http://127.0.0.1:{http_port}/", allow_redirects=False, timeout=10)
        assert redirect.status_code == 301 and redirect.headers["Location"].startswith("https://")
        response = browser.post(
            base + "/login",
            data={"csrf": csrf_token(page.text), "name": "ana", "password": PASSWORD},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302
        assert "Secure" in response.headers["Set-Cookie"]  # the server saw https through X-Forwarded-Proto
        assert browser.get(base + "/_dash-layout", timeout=10).status_code == 200
        stranger = requests.Session()
        stranger.trust_env = False
        refused = stranger.post(
            base + "/_dash-update-component",
            data=b"x" * (2 * 2**20),
            verify=str(cert),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        # Streamed through nginx and refused after the headers: nginx passes the 413 on, or says 502 when the
        # server closed the connection while nginx was still sending the body. Either way nothing was stored.
        assert refused.status_code in (413, 502)
        assert browser.get(base + "/_dash-layout", timeout=10).status_code == 200  # and the server is fine
    finally:
        proxy.terminate()
        server.terminate()
        proxy.communicate(timeout=30)
        server.communicate(timeout=30)
