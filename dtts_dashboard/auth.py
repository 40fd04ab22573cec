"""Editor accounts: who may upload, restore and remove sample data.

Passwords are kept only as argon2 hashes, in a JSON file outside the repository
(``DTTS_EDITORS``, default ``~/.config/dtts-dashboard/editors.json``). Repeated wrong
passwords for a name are slowed down: each failure doubles the wait, up to a limit.
"""

from __future__ import annotations

import json
import os
import threading
import time
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD = 8
MAX_WAIT_SECONDS = 300
_hasher = PasswordHasher()


class AuthError(ValueError):
    """An account request that cannot be carried out (bad name, short password...)."""


def editors_path() -> Path:
    configured = os.environ.get("DTTS_EDITORS")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "dtts-dashboard" / "editors.json"


def _normal_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 64 or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AuthError("Tên tài khoản phải có 1–64 ký tự in được / the name must be 1-64 printable characters")
    return name


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AuthError(f"Không đọc được tệp tài khoản {path}: {exc}") from exc


def add_editor(name: str, password: str, path: Path | None = None) -> Path:
    """Create or reset an editor account. Returns the accounts file's path."""
    name = _normal_name(name)
    if len(password) < MIN_PASSWORD:
        raise AuthError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự / the password needs at least {MIN_PASSWORD} characters"
        )
    path = path or editors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    accounts = _load(path)
    accounts[name] = {"hash": _hasher.hash(password), "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(accounts, fh, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def editors_configured(path: Path | None = None) -> bool:
    try:
        return bool(_load(path or editors_path()))
    except AuthError:
        return False


def verify(name: str, password: str, path: Path | None = None) -> bool:
    """True when ``password`` is the editor ``name``'s. Constant work whether or not the name exists."""
    try:
        name = _normal_name(name)
    except AuthError:
        return False
    account = _load(path or editors_path()).get(name)
    stored = account["hash"] if account else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    return ok and account is not None


_DUMMY_HASH = _hasher.hash("not a password of anyone")


class Throttle:
    """Slows down guessing: after n failures for a name, the next try waits 2**(n-1) seconds."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def wait(self, name: str) -> int:
        """Seconds to wait before ``name`` may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(name.strip().lower(), (0, 0.0))
        if count == 0:
            return 0
        delay = min(2 ** (count - 1), MAX_WAIT_SECONDS)
        return max(0, int(last + delay - self._clock() + 0.999))

    def failed(self, name: str) -> None:
        key = name.strip().lower()
        with self._lock:
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, self._clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().lower(), None)
