"""A throw-away PostgreSQL server, for the tests and the benchmark: Debian's ``postgresql``
package (which ``./dev test`` installs where it can), a cluster in a temporary folder, owned
by an unprivileged user (PostgreSQL refuses to run as root), listening on a free local port
only, stopped and removed by ``stop``; a cluster whose process was killed before it could
stop it is stopped and removed by the next ``Server()``. Where the package is missing, ``Server()`` raises
``RuntimeError`` saying so (the tests that need it are then skipped with that reason).
Durability is off (``fsync=off``): nothing here is kept."""

from __future__ import annotations

import getpass
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER, PASSWORD = "dtts", "throw-away-password"
PREFIX = "dtts-pg-"  # the clusters' folders, in the temporary folder


def binaries() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One cluster; ``url(db)`` is a connection URL, ``new_database()`` a fresh database's."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError(
                "PostgreSQL is not installed (Debian package postgresql; ./dev test installs it as root)"
            )
        reap()
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.folder / "owner").write_text(str(os.getpid()))
        self.port = _free_port()
        self._run_as = None
        if os.geteuid() == 0:  # the server will not run as root: as Debian's postgres user, or nobody
            name = "postgres" if _user_exists("postgres") else "nobody"
            self._run_as = name
            shutil.chown(self.folder, user=name)
        self._names = itertools.count(1)
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._run_as:
            shutil.chown(pwfile, user=self._run_as)
        self._cmd(
            "initdb", "-D", data, "-U", USER, "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8",
            "--locale", "C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._cmd("pg_ctl", "-D", data, "-o", options, "-l", self.folder / "log", "-w", "start")

    def _cmd(self, name: str, *args) -> None:
        command = [str(self.bin / name), *map(str, args)]
        if self._run_as:
            command = ["runuser", "-u", self._run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else ""
            raise RuntimeError(f"{name} failed: {done.stderr or done.stdout}\n{log[-2000:]}")

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self._cmd("pg_ctl", "-D", self.folder / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def reap() -> list[Path]:
    """Stop and remove the clusters left by processes that are gone (a test run killed
    before its teardown). Each folder names its owner's process in a file that process wrote
    (one not written by this user is not ours, and left alone); the postmaster its
    ``postmaster.pid`` names is signalled only while it runs in that cluster's folder (a pid
    may have been reused), and the folder goes only once nothing runs there. Returns the
    folders removed."""
    reaped = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        owner_file = folder / "owner"
        try:
            if folder.is_symlink() or owner_file.is_symlink() or owner_file.stat().st_uid != os.geteuid():
                continue
            owner = int(owner_file.read_text())
        except (OSError, ValueError):
            continue  # being made, or not one of ours
        if _alive(owner):
            continue
        pid = _postmaster(folder / "data")
        if pid is not None:
            os.kill(pid, signal.SIGQUIT)  # PostgreSQL's immediate shutdown (fsync is off: nothing to keep)
            _wait_gone(pid)
            if _alive(pid):
                continue  # still running: left for the next run
        shutil.rmtree(folder, ignore_errors=True)
        reaped.append(folder)
    return reaped


def _postmaster(data: Path) -> int | None:
    """The pid of the postmaster running in the cluster ``data``, else None: the pid its
    ``postmaster.pid`` names, if that process's working folder is ``data`` (as a postmaster's is)."""
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
        return pid if os.readlink(f"/proc/{pid}/cwd") == str(data.resolve()) else None
    except (OSError, ValueError, IndexError):
        return None


def _wait_gone(pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return name != getpass.getuser()
