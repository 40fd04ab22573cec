"""Faults of the store itself, in words: a full disk, a read-only store, a damaged file, a
lost one. Pages show a plain message that names the setting to check (never a path, an
error's class or an exception); the command line says the real cause."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import cli, engines
from dtts_dashboard import store as store_module
from dtts_dashboard.auth import add_editor
from dtts_dashboard.i18n import TEXTS, t
from dtts_dashboard.store import SAMPLE_FILES, Store, StoreFault

from .conftest import ROOT
from .test_store import dump

PAGES = ["app.py", "pages/1_timeline.py", "pages/2_unit.py", "pages/3_upload.py", "pages/4_history.py"]
PAGES.append("pages/5_export.py")
GOOD = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n15/06/2024;Mai Châu;Hoàn thành\r\n".encode()
# A file too large for the free pages a store keeps: saving it must make the file grow.
# (Several rows of long cells: one cell may hold at most 32,767 characters.)
LARGE = (
    "Ngày báo cáo;Đơn vị;Khó khăn, vướng mắc\r\n"
    + "".join(f"{day:02d}/06/2024;Mai Châu;{'Thiếu kinh phí. ' * 2000}\r\n" for day in range(10, 16))
).encode()
PASSWORD = "mat-khau-dai"
LEAKS = ("sqlite", "Error", "Traceback", "malformed", "disk image", ".py")


def full_disk(con: sqlite3.Connection) -> None:
    """A connection that cannot make the file grow, as on a full disk (set below the file's
    size, SQLite takes the size)."""
    con.execute("PRAGMA max_page_count = 1")


def damage(path) -> None:
    """Overwrite the middle half of the file, as a failing disk or a bad copy would."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 4)
        fh.write(b"\x5a" * (size // 2))


def sample_store(path, campaign) -> Store:
    store = Store(path, campaign)
    store.load_sample_if_empty()
    return store


def shown(at: AppTest) -> str:
    kinds = ("error", "warning", "info", "success", "markdown", "caption", "title", "exception", "code")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def assert_told(at: AppTest, key: str, lang: str, db) -> None:
    """The page says ``key`` in words, with no exception, path or error class in sight."""
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t(key, lang)]
    assert "DTTS_DB" in at.error[0].value
    text = shown(at)
    assert str(db.parent) not in text and db.name not in text
    assert not [word for word in LEAKS if word in text], text


@pytest.fixture
def app(db, tmp_path, monkeypatch):
    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "editors.json"))
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(login: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        if login:
            at.switch_page("pages/3_upload.py").run()
            at.text_input(key="login_name").input(login)
            at.text_input(key="login_password").input(PASSWORD)
            at.button(key="FormSubmitter:login-Đăng nhập").click().run()
        return at

    return make


# --- a full disk -----------------------------------------------------------------------


def test_a_full_disk_is_reported_as_such_not_as_a_failed_rollback(db, campaign, monkeypatch):
    store = sample_store(db, campaign)
    before = dump(db)
    monkeypatch.setattr(engines, "CONNECT_HOOKS", [full_disk])
    with pytest.raises(StoreFault) as raised:
        store.import_file(LARGE, "a.csv", "t")
    assert raised.value.code == "full"
    assert "database or disk is full" in str(raised.value) and "rollback" not in str(raised.value)
    assert dump(db) == before


def test_a_full_disk_on_saving_is_a_message_on_the_upload_page(app, db, campaign, monkeypatch):
    sample_store(db, campaign)
    add_editor("lan", PASSWORD)
    at = app(login="lan")  # the login is kept in the store: before the disk fills up
    before = dump(db)
    monkeypatch.setattr(engines, "CONNECT_HOOKS", [full_disk])
    at.file_uploader[0].set_value(("a.csv", LARGE, "text/csv"))
    at.run()
    at.button(key="save").click().run()
    assert_told(at, "store_full", "vi", db)
    assert dump(db) == before


def test_the_command_line_says_the_real_cause(db, campaign, monkeypatch, capsys, tmp_path):
    sample_store(db, campaign)
    (tmp_path / "a.csv").write_bytes(LARGE)
    monkeypatch.setattr(engines, "CONNECT_HOOKS", [full_disk])
    assert cli.main(["import", str(tmp_path / "a.csv")]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert str(db) in err and "database or disk is full" in err and "free space" in err
    assert "Traceback" not in err


# --- a read-only store -------------------------------------------------------------------


def test_a_read_only_store_is_read_and_refuses_every_write(db, campaign):
    sample_store(db, campaign)
    before = db.read_bytes()
    store = Store(db, campaign, read_only=True)
    assert len(store.reports()) and len(store.history()) == len(SAMPLE_FILES)
    writes = {"import": lambda: store.import_file(GOOD, "a.csv", "t"), "restore": lambda: store.restore(1, "t")}
    writes["remove sample"] = lambda: store.remove_sample("t")
    for name, write in writes.items():
        with pytest.raises(StoreFault) as raised:
            write()
        assert raised.value.code == "read_only", name
    assert not store.load_sample_if_empty()
    assert db.read_bytes() == before


def test_a_store_in_a_folder_nobody_may_write_is_read_without_its_shm_file(db, campaign, monkeypatch):
    sample_store(db, campaign)
    real_access = engines.os.access
    folder = str(db.parent)
    monkeypatch.setattr(engines.os, "access", lambda p, mode: False if str(p) == folder else real_access(p, mode))
    store = Store(db, campaign)
    assert store.read_only
    assert len(store.reports()) and not Path(f"{db}-shm").exists()


def test_a_store_this_server_may_not_write_is_viewed_with_saving_off(app, db, campaign, monkeypatch):
    sample_store(db, campaign)
    add_editor("lan", PASSWORD)
    before = dump(db)
    monkeypatch.setattr(engines, "writable", lambda path: False)  # as for a read-only file or disk
    at = app()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"] == "10/10"
    assert t("store_read_only", "vi") not in shown(at)  # said where saving happens
    at.switch_page("pages/3_upload.py").run()
    assert not at.exception and t("store_read_only", "vi") in [w.value for w in at.warning]
    assert not at.text_input  # no login: nobody can save
    at.file_uploader[0].set_value(("a.csv", GOOD, "text/csv"))
    at.run()
    assert not at.exception and at.success  # a file can still be checked and previewed
    assert not [b for b in at.button if b.key == "save"]
    assert t("login_needed", "vi") not in shown(at)
    at.switch_page("pages/4_history.py").run()
    assert not at.exception and t("store_read_only", "vi") in [w.value for w in at.warning]
    assert not [b for b in at.button if b.key == "restore"]
    assert dump(db) == before


# --- a damaged store ---------------------------------------------------------------------


def test_a_damaged_store_is_a_message_on_every_page(app, db, campaign):
    sample_store(db, campaign)
    damage(db)
    at = app()
    for lang in ("vi", "en"):
        at.segmented_control(key="lang").set_value(lang).run()
        for page in PAGES:
            at.switch_page(page).run()
            assert_told(at, "store_corrupt", lang, db)


def test_a_file_that_is_not_a_store_is_called_damaged(app, db):
    db.write_bytes(b"not a database at all, " * 500)
    assert_told(app(), "store_corrupt", "vi", db)


def test_the_command_line_names_the_damaged_file(db, campaign, capsys, tmp_path):
    sample_store(db, campaign)
    damage(db)
    assert cli.main(["export", "--out", str(tmp_path / "out.csv")]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert str(db) in err and "malformed" in err and "backup" in err and "Traceback" not in err


# --- a lost store ------------------------------------------------------------------------


def test_a_store_removed_while_in_use_is_a_message_not_a_new_empty_store(app, db):
    at = app()  # makes the store and loads the sample
    assert not at.exception and at.metric
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    at.run()
    assert_told(at, "store_missing", "vi", db)
    assert not db.exists()


def test_a_broken_campaign_file_names_its_setting_not_its_path(app, monkeypatch, tmp_path):
    campaign_file = tmp_path / "campaign.toml"
    campaign_file.write_text("province = [unclosed", encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(campaign_file))
    at = app()
    assert not at.exception
    assert [e.value for e in at.error] == [t("campaign_error", "vi")] and "DTTS_CAMPAIGN" in at.error[0].value
    assert str(tmp_path) not in shown(at) and "TOML" not in shown(at)


def test_a_store_that_cannot_be_opened_names_the_setting_not_the_path(app, monkeypatch, tmp_path):
    db = tmp_path / "no-such-folder" / "x" / "store.sqlite"
    monkeypatch.setenv("DTTS_DB", str(db))
    (tmp_path / "no-such-folder").write_text("a file where a folder should be")
    assert_told(app(), "store_missing", "vi", db)


def test_every_fault_has_words_in_both_languages_and_advice_on_the_command_line():
    for code in store_module.FAULT_CODES:
        for lang in ("vi", "en"):
            assert "DTTS_DB" in t(f"store_{code}", lang), (code, lang)
        vi, en = TEXTS[f"cli_store_{code}"]  # what the command line says to do about it
        assert vi.strip() and en.strip(), code
