from __future__ import annotations

from pathlib import Path

import pytest

from dtts_dashboard.campaign import load_campaign

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def campaign():
    return load_campaign(ROOT / "data" / "campaign.toml")


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh store file for the test, named through DTTS_DB as users do."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("DTTS_DB", str(path))
    return path
