"""deploy/: the nginx site in front of several app servers (TLS, HTTP sent to HTTPS, no framing,
the websocket passed through, every request of a browser on one app server), checked with
Debian's nginx and two Streamlit servers; the systemd unit and the environment file example,
which name only settings that exist, the unit checked by ``systemd-analyze verify``."""

from __future__ import annotations

import base64
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from dtts_dashboard.auth import add_editor
from dtts_dashboard.settings import SETTINGS

from .conftest import DATA, ROOT
from .test_browser import ARGS, CHROMIUM, Server, free_port, settle

DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
UNIT = DEPLOY / "dtts-dashboard@.service"
SHIPPED_PORTS = (8501, 8502)
COOKIE = re.compile(r"dtts_server=([0-9a-f]{32});")


# --- settings named by the unit and the environment file -----------------------------------


def unknown_settings(text: str) -> set[str]:
    """The DTTS_ names in ``text`` that are not settings of ``dtts_dashboard/settings.py``."""
    return set(re.findall(r"\bDTTS_[A-Z0-9_]+\b", text)) - {s.name for s in SETTINGS}


def test_the_unit_and_the_env_example_name_only_settings_that_exist():
    env = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert unknown_settings(env) == set() and unknown_settings(UNIT.read_text(encoding="utf-8")) == set()
    assigned = re.findall(r"^([A-Z0-9_]+)=", env, flags=re.M)
    assert {"DTTS_DB", "DTTS_EDITORS", "DTTS_CAMPAIGN"} <= set(assigned) <= {s.name for s in SETTINGS}
    assert re.search(r"^DTTS_DB=postgresql://", env, flags=re.M)
    assert unknown_settings("DTTS_DB=x\nDTTS_NO_SUCH_SETTING=1") == {"DTTS_NO_SUCH_SETTING"}  # the check can fail


def test_the_unit_runs_one_app_server_per_port_as_an_unprivileged_user():
    unit = UNIT.read_text(encoding="utf-8")
    service = dict(re.findall(r"^(\w+)=(.*)$", unit.split("[Service]")[1].split("[Install]")[0], flags=re.M))
    assert service["EnvironmentFile"] == "/etc/dtts-dashboard/env"
    assert service["User"] not in ("root", "0") and service["Restart"] == "on-failure"
    assert "--server.port %i" in service["ExecStart"] and "--server.address 127.0.0.1" in service["ExecStart"]
    # warmed once it answers (tests/test_load.py runs the command); a failed warm-up stops nothing
    assert service["ExecStartPost"] == "-/opt/dtts-dashboard/.venv/bin/python -m dtts_dashboard.load --warm %i"


def _verify(folder: Path, text: str) -> subprocess.CompletedProcess:
    (folder / UNIT.name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", str(folder / "dtts-dashboard@8501.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed (Debian package systemd)")
def test_systemd_analyze_verifies_the_unit(tmp_path):
    # The shipped paths point at /opt/dtts-dashboard; here, at this checkout (its .venv).
    text = UNIT.read_text(encoding="utf-8").replace("/opt/dtts-dashboard", str(ROOT))
    verified = _verify(tmp_path, text)
    assert verified.returncode == 0 and "dtts-dashboard" not in verified.stdout + verified.stderr, verified.stderr
    broken = _verify(tmp_path, text.replace("Restart=on-failure", "Restart=sometimes"))  # the check can fail
    assert "dtts-dashboard" in broken.stdout + broken.stderr


# --- the nginx site ----------------------------------------------------------------------


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _nginx_config(folder: Path, app_ports, http_port: int, https_port: int, cert: Path, key: Path) -> Path:
    """deploy/nginx.conf as shipped, on the test's ports and certificate, inside a main
    configuration whose files all live in ``folder``; its access log names, for each request,
    the browser's key (the dtts_server cookie) and the app server that answered."""
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    replaced = {
        "".join(f"    server 127.0.0.1:{p};\n" for p in SHIPPED_PORTS): "".join(
            f"    server 127.0.0.1:{p};\n" for p in app_ports
        ),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "/etc/ssl/dtts-dashboard/fullchain.pem": str(cert),
        "/etc/ssl/dtts-dashboard/privkey.pem": str(key),
    }
    for shipped, ours in replaced.items():
        assert site.count(shipped) == 1, f"the shipped site changed: {shipped!r}"
        site = site.replace(shipped, ours)
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the test's folder
    path = folder / "nginx.conf"
    path.write_text(
        f"{user}\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n{temp}\n{site}\n"
        "log_format dtts '$dtts_server_key $upstream_addr $request_uri $status';\n"
        f"access_log {folder / 'access.log'} dtts;\n}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The shipped site in front of two app servers on one store."""
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (./dev test installs it as root)")
    if OPENSSL is None:
        pytest.skip("openssl is not installed: no certificate for the TLS site")
    folder = tmp_path_factory.mktemp("site")
    env = {"DTTS_DB": str(folder / "store.sqlite"), "DTTS_EDITORS": str(folder / "editors.json")}
    add_editor(EDITOR, PASSWORD, folder / "editors.json")
    app_ports, http_port, https_port = (free_port(), free_port()), free_port(), free_port()
    cert, key = _certificate(folder)
    config = _nginx_config(folder, app_ports, http_port, https_port, cert, key)
    log = str(folder / "error.log")
    checked = subprocess.run([NGINX, "-t", "-e", log, "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr  # before anything starts: a failure leaves nothing running
    apps = []
    try:
        apps += [Server(env, port=app_ports[0]), Server(env, port=app_ports[1])]
        nginx = subprocess.Popen([NGINX, "-e", log, "-c", str(config), "-g", "daemon off;"])
        try:
            url = f"https://127.0.0.1:{https_port}"
            tls = ssl.create_default_context(cafile=str(cert))
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=tls).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or nginx.poll() is not None:
                        raise
                    time.sleep(0.2)
            yield SimpleNamespace(
                url=url,
                http_port=http_port,
                https_port=https_port,
                tls=tls,
                apps=app_ports,
                log=folder / "access.log",
                store=folder / "store.sqlite",
            )
        finally:
            nginx.terminate()
            nginx.wait(10)
    finally:
        for app in apps:
            app.stop()


EDITOR, PASSWORD = "Lò Văn Khoa", "mật-khẩu-đủ-dài-42"


def answered_by(site) -> dict[str, set[str]]:
    """For each browser key in the access log, the app servers (ports) that answered it."""
    out: dict[str, set[str]] = {}
    for line in site.log.read_text(encoding="utf-8").splitlines():
        key, upstream = line.split(" ")[:2]
        if upstream != "-":
            out.setdefault(key, set()).add(upstream.rsplit(":", 1)[1])
    return out


def get(site, path: str, cookie: str | None = None):
    request = urllib.request.Request(site.url + path, headers={"Cookie": f"dtts_server={cookie}"} if cookie else {})
    return urllib.request.urlopen(request, timeout=10, context=site.tls)


def our_cookie(response) -> str | None:
    """The dtts_server cookie the site sets in ``response`` (the app sets cookies of its own)."""
    for header in response.headers.get_all("Set-Cookie") or ():
        if header.startswith("dtts_server="):
            assert "Secure" in header and "HttpOnly" in header, header
            return COOKIE.match(header).group(1)
    return None


def _websocket_handshake(site, path: str, cookie: str | None = None) -> str:
    key = base64.b64encode(os.urandom(16)).decode()
    headers = {
        "Host": f"127.0.0.1:{site.https_port}",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        "Origin": site.url,
    }
    if cookie:
        headers["Cookie"] = f"dtts_server={cookie}"
    request = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=10)
    with site.tls.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
        sock.sendall(request.encode())
        return sock.recv(4096).decode("latin-1").split("\r\n")[0]


def test_the_proxy_forbids_framing_and_passes_the_page_and_its_websocket(site):
    with get(site, "/") as response:
        assert response.status == 200
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert b'<div id="root">' in response.read()
    with get(site, "/_stcore/health") as response:
        assert response.read() == b"ok" and response.headers["X-Frame-Options"] == "DENY"
    assert _websocket_handshake(site, "/_stcore/stream") == "HTTP/1.1 101 Switching Protocols"


def test_plain_http_is_sent_to_https(site):
    con = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    try:
        con.request("GET", "/timeline?units=Mai+Ch%C3%A2u")
        response = con.getresponse()
        assert response.status == 301
        assert response.getheader("Location") == "https://127.0.0.1/timeline?units=Mai+Ch%C3%A2u"
    finally:
        con.close()


def test_both_app_servers_answer_and_a_browser_sticks_to_one(site):
    keys = []
    for _ in range(24):  # 24 new browsers: each gets a key of its own, and the keys spread
        with get(site, "/_stcore/health") as response:
            keys.append(our_cookie(response))
    assert None not in keys and len(set(keys)) == 24
    answered = answered_by(site)
    assert set().union(*(answered[k] for k in keys)) == {str(p) for p in site.apps}  # both answer
    for key in keys[:4]:  # a browser's later requests, its websocket too, go where its first went
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/upload"):
            with get(site, path, cookie=key) as response:
                assert our_cookie(response) is None  # its key is kept
        assert _websocket_handshake(site, "/_stcore/stream", cookie=key) == "HTTP/1.1 101 Switching Protocols"
        assert len(answered_by(site)[key]) == 1


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)")
def test_the_dashboard_loads_and_checks_an_upload_through_the_proxy(site):
    """In a browser: the page drawn over the websocket, and a file checked on the Upload page
    (posted over HTTP, read by the session: both on one app server); every request of the
    browser answered by one server."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(ignore_https_errors=True)  # the test's own certificate
            page = context.new_page()
            page.goto(f"{site.url}/?lang=English")
            page.get_by_role("heading", name="Congress preparation at a glance").wait_for(timeout=30_000)
            page.locator('[data-testid="stMetric"]').nth(3).wait_for(timeout=30_000)  # drawn over the websocket
            # the headline's first number, once the run that drew it has settled (a rerun may be replacing it)
            page.locator('[data-testid="stMetric"]').filter(has_text="Units reporting").first.wait_for(timeout=30_000)
            page.goto(f"{site.url}/upload")
            settle(page)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                str(DATA / "refused_unknown_status.csv")
            )
            page.get_by_text("chưa được lưu").wait_for(timeout=20_000)
            assert not page.locator('[data-testid="stException"]').count()
            (key,) = [c["value"] for c in context.cookies() if c["name"] == "dtts_server"]
        finally:
            browser.close()
    lines = [line.split(" ") for line in site.log.read_text(encoding="utf-8").splitlines()]
    mine = [(upstream, uri) for k, upstream, uri, _ in lines if k == key]
    assert any(uri.startswith("/_stcore/stream") for _, uri in mine)
    assert any(uri.startswith("/_stcore/upload_file") for _, uri in mine)
    assert len({upstream for upstream, _ in mine}) == 1, mine


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)")
def test_wrong_login_tries_are_counted_for_the_address_nginx_passes_on(site):
    """Behind the shipped site, a wrong password is counted for the visitor's address as nginx
    passes it on in X-Forwarded-For, not for the proxy's own address, which every visitor
    would share. (Streamlit's server, uvicorn, believes that header from a proxy on 127.0.0.1;
    of its entries it takes the last one added by an address it does not trust, so a remote
    visitor's own entries are passed over. The browser here is on 127.0.0.1 too, trusted like
    nginx, so the address it sends stands for a remote visitor's.)"""
    import sqlite3

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                ignore_https_errors=True, extra_http_headers={"X-Forwarded-For": "203.0.113.7"}
            )
            page = context.new_page()
            page.goto(f"{site.url}/upload?lang=English")
            page.get_by_role("textbox", name="Account name").fill(EDITOR)
            page.get_by_role("textbox", name="Password").fill("not the password")
            page.get_by_role("button", name="Log in").click()
            page.get_by_text("Wrong account name or password").wait_for(timeout=30_000)
        finally:
            browser.close()
    con = sqlite3.connect(site.store)
    try:
        counted = dict(con.execute("SELECT id, failures FROM login_throttle WHERE id LIKE 'c:%'").fetchall())
    finally:
        con.close()
    assert counted == {"c:203.0.113.7": 1}, counted  # not "c:-", a local connection's (the proxy's)
