import json
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2.exceptions import VerifyMismatchError

from dtts_dashboard import auth
from dtts_dashboard.auth import AuthError, Throttle, add_editor, editors_configured, verify

# Not imported by name, so that a missing one fails its own tests only.
authenticate = getattr(auth, "authenticate", None)
login = getattr(auth, "login", None)
CLIENT_FREE_FAILURES = getattr(auth, "CLIENT_FREE_FAILURES", 5)
MAX_WAIT_SECONDS = getattr(auth, "MAX_WAIT_SECONDS", 300)


def test_accounts_and_passwords(tmp_path):
    path = tmp_path / "e.json"
    assert not editors_configured(path)
    add_editor("lan", "mat-khau-dai", path)
    assert editors_configured(path)
    assert verify("lan", "mat-khau-dai", path) and verify(" lan ", "mat-khau-dai", path)
    assert not verify("lan", "sai", path) and not verify("mai", "mat-khau-dai", path)
    add_editor("lan", "mat-khau-moi-1", path)  # a reset
    assert not verify("lan", "mat-khau-dai", path) and verify("lan", "mat-khau-moi-1", path)
    with pytest.raises(AuthError):
        add_editor("", "mat-khau-dai", path)
    with pytest.raises(AuthError):
        add_editor("x\x00y", "mat-khau-dai", path)


def test_throttle_doubles_the_wait():
    now = [100.0]
    throttle = Throttle(clock=lambda: now[0])
    assert throttle.wait("lan") == 0
    throttle.failed("lan")
    assert throttle.wait("LAN") == 1
    throttle.failed("lan")
    throttle.failed("lan")
    assert throttle.wait("lan") == 4
    now[0] += 4
    assert throttle.wait("lan") == 0
    throttle.succeeded("lan")
    throttle.failed("lan")
    assert throttle.wait("lan") == 1


# --- issue 18: names in any spelling, one try at a time, no lock-out -------------------

NFC_NAME = "Nguyễn Văn A"
SPELLINGS = [
    unicodedata.normalize("NFD", NFC_NAME),
    "nguyễn văn a",
    "NGUYỄN VĂN A",
    "  Nguyễn   Văn\u00a0A ",
    unicodedata.normalize("NFD", "NGUYỄN  văn a"),
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_name_in_any_spelling_logs_in_as_the_stored_name(tmp_path, spelling):
    path = tmp_path / "e.json"
    add_editor(NFC_NAME, "mat-khau-dai", path)
    assert verify(spelling, "mat-khau-dai", path)
    assert authenticate(spelling, "mat-khau-dai", path) == NFC_NAME
    assert authenticate(spelling, "sai-mat-khau", path) is None


def test_a_name_in_any_spelling_shares_one_allowance():
    throttle = Throttle(clock=lambda: 100.0)
    throttle.failed(NFC_NAME, client="10.0.0.1")
    for spelling in SPELLINGS:
        assert throttle.wait(spelling, client="10.0.0.2") == 1, spelling


def test_resetting_an_account_spelt_otherwise_replaces_it(tmp_path):
    path = tmp_path / "e.json"
    add_editor(unicodedata.normalize("NFD", NFC_NAME), "mat-khau-dai", path)
    add_editor("nguyễn  văn a", "mat-khau-moi-1", path)
    assert not verify(NFC_NAME, "mat-khau-dai", path) and verify(NFC_NAME, "mat-khau-moi-1", path)
    assert list(json.loads(path.read_text(encoding="utf-8"))) == ["nguyễn văn a"]


def test_unknown_names_from_one_client_are_throttled():
    now = [100.0]
    throttle = Throttle(clock=lambda: now[0])
    for n in range(CLIENT_FREE_FAILURES):
        assert throttle.begin(f"không có {n}", client="10.0.0.9") == 0
        throttle.end(f"không có {n}", client="10.0.0.9", ok=False)
    assert throttle.begin("một tên mới", client="10.0.0.9") > 0  # a fresh name does not help
    assert throttle.begin("một tên mới", client="10.0.0.10") == 0  # another client is not held up


def test_waits_are_capped_so_that_nobody_is_locked_out():
    now = [100.0]
    throttle = Throttle(clock=lambda: now[0])
    for _ in range(40):  # someone guessing the name from many addresses
        throttle.failed("lan", client=f"10.0.{_}.1")
        now[0] += 1000
    throttle.failed("lan", client="10.0.99.1")
    assert 0 < throttle.wait("lan", client="192.168.1.5") <= MAX_WAIT_SECONDS <= 30
    now[0] += MAX_WAIT_SECONDS
    assert throttle.begin("lan", client="192.168.1.5") == 0


def test_simultaneous_tries_for_a_name_get_at_most_one_check(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    add_editor("lan", "mat-khau-dai", path)
    checks = counting_verify(monkeypatch, seconds=0.2)
    throttle = Throttle()
    start = threading.Barrier(20)

    def attempt(i):
        start.wait()
        return login(throttle, "lan", f"doan-{i}", client=f"10.1.0.{i}", path=path)

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(attempt, range(20)))
    assert checks["count"] == 1
    assert sum(1 for editor, wait in results if wait == 0) == 1 and not any(editor for editor, _ in results)
    assert throttle.begin("lan", client="10.2.0.1") > 0  # the failed one's wait is pending


def counting_verify(monkeypatch, seconds: float) -> dict:
    """Replace argon2's check by a slow one that counts the checks and how many ran at once."""
    state = {"count": 0, "running": 0, "most": 0}
    lock = threading.Lock()
    real = auth._hasher

    class Slow:
        def hash(self, password):
            return real.hash(password)

        def verify(self, stored, password):
            return slow(stored, password)

    def slow(stored, password):
        with lock:
            state["count"] += 1
            state["running"] += 1
            state["most"] = max(state["most"], state["running"])
        try:
            time.sleep(seconds)
            raise VerifyMismatchError  # every password tried here is wrong
        finally:
            with lock:
                state["running"] -= 1

    monkeypatch.setattr(auth, "_hasher", Slow())
    return state


def test_password_checks_run_at_most_two_at_once(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    add_editor("lan", "mat-khau-dai", path)
    state = counting_verify(monkeypatch, seconds=0.2)
    monkeypatch.setattr(auth, "VERIFY_QUEUE_SECONDS", 60, raising=False)
    start = threading.Barrier(8)

    def attempt(i):
        start.wait()
        return verify(f"khách {i}", "mat-khau-dai", path)

    with ThreadPoolExecutor(8) as pool:
        assert not any(pool.map(attempt, range(8)))
    assert state["count"] == 8 and state["most"] <= 2


def test_a_check_that_cannot_get_its_turn_is_told_to_retry(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    add_editor("lan", "mat-khau-dai", path)
    counting_verify(monkeypatch, seconds=1.0)
    monkeypatch.setattr(auth, "VERIFY_QUEUE_SECONDS", 0.1)
    start = threading.Barrier(3)

    def attempt(i):
        start.wait()
        try:
            return login(Throttle(), "lan", "sai-mat-khau", client=f"10.3.0.{i}", path=path)
        except auth.Busy:
            return "busy"

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(attempt, range(3)))
    assert results.count("busy") == 1
