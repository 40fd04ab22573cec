"""Small things of a deployment: the store is private, secrets stay out of git, the server
watches no files, and the shipped reverse-proxy config forbids framing and passes the page
and its websocket through (checked with Debian's nginx when it is installed)."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_browser import ARGS, CHROMIUM, Server, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def test_a_new_store_and_its_journal_files_are_readable_by_their_owner_only(db, campaign):
    old = os.umask(0o022)  # the usual umask, under which files are made 0644
    try:
        Store(db, campaign)
        con = sqlite3.connect(db)  # SQLite makes -wal and -shm like the store file
        try:
            con.execute("CREATE TABLE probe (x)")
            files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
            assert {path.name: oct(path.stat().st_mode & 0o777) for path in files} == {
                path.name: "0o600" for path in files
            }
        finally:
            con.close()
    finally:
        os.umask(old)


def test_accounts_and_stores_are_ignored_by_git():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["editors.json", "data/editors.json", "editors.toml", "data/dtts.sqlite", "data/dtts.sqlite-wal"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == paths, result.stderr


def test_the_server_watches_no_files():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"


# --- the reverse proxy -------------------------------------------------------------------


def _nginx_config(folder: Path, app_port: int, proxy_port: int) -> Path:
    """deploy/nginx.conf as shipped, listening on ``proxy_port`` in front of ``app_port``,
    inside a main configuration whose files all live in ``folder``."""
    shipped = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site = shipped.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    assert site.count(str(app_port)) == 1 and site.count(str(proxy_port)) == 1, "the shipped ports changed"
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the test's folder
    path = folder / "nginx.conf"
    path.write_text(
        f"{user}\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}\n{site}\n}}\n",
        encoding="utf-8",
    )
    return path


def _websocket_handshake(port: int, path: str) -> str:
    key = base64.b64encode(os.urandom(16)).decode()
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        "Origin": f"http://127.0.0.1:{port}",
    }
    request = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode("latin-1").split("\r\n")[0]


@pytest.fixture
def proxy(tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (./dev test installs it as root)")
    env = {"DTTS_DB": str(tmp_path / "store.sqlite"), "DTTS_EDITORS": str(tmp_path / "editors.json")}
    app_port, proxy_port = free_port(), free_port()
    config = _nginx_config(tmp_path, app_port, proxy_port)  # before anything starts: a failure leaves nothing running
    log = str(tmp_path / "error.log")
    checked = subprocess.run([NGINX, "-t", "-e", log, "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    app = Server(env, port=app_port)
    try:
        nginx = subprocess.Popen([NGINX, "-e", log, "-c", str(config), "-g", "daemon off;"])
        try:
            url = f"http://127.0.0.1:{proxy_port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or nginx.poll() is not None:
                        raise
                    time.sleep(0.2)
            yield url
        finally:
            nginx.terminate()
            nginx.wait(10)
    finally:
        app.stop()


def test_the_proxy_forbids_framing_and_passes_the_page_and_its_websocket(proxy):
    with urllib.request.urlopen(f"{proxy}/", timeout=10) as response:
        assert response.status == 200
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert b'<div id="root">' in response.read()
    with urllib.request.urlopen(f"{proxy}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok" and response.headers["X-Frame-Options"] == "DENY"
    port = int(proxy.rsplit(":", 1)[1])
    assert _websocket_handshake(port, "/_stcore/stream") == "HTTP/1.1 101 Switching Protocols"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)")
def test_the_dashboard_loads_through_the_proxy(proxy):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{proxy}/?lang=English")
            page.get_by_role("heading", name="Congress preparation at a glance").wait_for(timeout=30_000)
            page.locator('[data-testid="stMetric"]').nth(3).wait_for(timeout=30_000)  # drawn over the websocket
            assert "Units reporting" in page.locator('[data-testid="stMetric"]').first.inner_text()
            assert not page.locator('[data-testid="stException"]').count()
        finally:
            browser.close()
