"""Small things of a deployment: the store is private, secrets stay out of git, the server
watches no files (the shipped nginx site and systemd unit: tests/test_deploy.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest

from dtts_dashboard.store import Store

from .conftest import ROOT


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
