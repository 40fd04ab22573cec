"""Unit accounts: the permission rule, the check of a file's rows against the account's unit,
the store's record of where a version came from (and its migration), and add-editor --unit."""

import json
import sqlite3
from pathlib import Path

import pytest

from dtts_dashboard import permissions
from dtts_dashboard.auth import account, add_editor, authenticate
from dtts_dashboard.i18n import PROBLEMS, TEXTS
from dtts_dashboard.permissions import ACTIONS, Account, may, refusals
from dtts_dashboard.problems import InputError
from dtts_dashboard.store import MIGRATIONS, SCHEMA_VERSION, Store
from dtts_dashboard.validate import check_file

from .test_cli_check import run
from .test_store import dump

PROVINCE = Account("Thư ký Ban Dân tộc")
MAI_CHAU = Account("Văn phòng Mai Châu", "Mai Châu")
# What a unit's office may do: its own reports, by Upload and by Quick edit; nothing else.
UNIT_MAY = {
    "upload": True,
    "quick_edit": True,
    "restore": False,
    "remove_sample": False,
    "answer": False,
    "findings": False,
    "schedule": False,
}
TWO_UNITS = (
    "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;Mai Châu;Hoàn thành\r\n11/06/2024;H. Đà Bắc;Hoàn thành\r\n"
)
OWN = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;huyện Mai Chau;Hoàn thành\r\n"
SCHEDULE = "Đơn vị;Ngày kiểm tra;Trưởng đoàn\r\nMai Châu;05/06/2024;Ông A\r\n"
FINDINGS = "Đơn vị;Ngày kiểm tra;Dự thảo Kịch bản\r\nMai Châu;05/06/2024;Đạt\r\n"


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_for_both_kinds_of_account(action):
    assert set(UNIT_MAY) == set(ACTIONS)  # a new action is decided here too
    assert may(PROVINCE, action) is True
    assert may(MAI_CHAU, action) is UNIT_MAY[action]
    assert may(None, action) is False  # nobody logged in


def test_an_unknown_action_is_a_mistake_of_ours():
    with pytest.raises(ValueError):
        may(PROVINCE, "delete_everything")


def test_every_province_only_action_has_a_plain_message_in_both_languages():
    for action in ACTIONS:
        if not may(MAI_CHAU, action):
            vi, en = TEXTS[f"province_only_{action}"]
            assert "{unit}" in vi and "{unit}" in en and vi != en
    for code in ("other_unit", "unit_account_schedule", "unit_account_findings"):
        assert code in PROBLEMS


def test_a_row_of_another_unit_is_refused_naming_the_row(campaign):
    checked = check_file(TWO_UNITS.encode(), "bao-cao.csv", campaign)
    found = refusals(MAI_CHAU, checked.kind, checked.records)
    assert [(p.code, p.row, p.value) for p in found] == [("other_unit", 3, "Đà Bắc")]
    assert found[0].message("vi").startswith("Dòng 3, cột “Đơn vị”: “Đà Bắc” không phải đơn vị của tài khoản này")
    assert "(Mai Châu)" in found[0].message("vi")
    assert found[0].message("en").startswith("Row 3, column “Đơn vị”: “Đà Bắc” is not this account's unit")
    assert refusals(PROVINCE, checked.kind, checked.records) == []  # the province sends any unit's rows


def test_own_rows_are_accepted_however_the_unit_is_written(campaign):
    checked = check_file(OWN.encode(), "mai-chau.csv", campaign)
    assert refusals(MAI_CHAU, checked.kind, checked.records) == []


@pytest.mark.parametrize("text, code", [(SCHEDULE, "unit_account_schedule"), (FINDINGS, "unit_account_findings")])
def test_a_unit_account_sends_no_schedule_and_no_findings(campaign, text, code):
    checked = check_file(text.encode(), "tep.csv", campaign)
    found = refusals(MAI_CHAU, checked.kind, checked.records)
    assert [p.code for p in found] == [code]
    assert "Mai Châu" in found[0].message("vi") and "Tỉnh" in found[0].message("vi")
    assert refusals(PROVINCE, checked.kind, checked.records) == []


# --- the store: where a version came from -----------------------------------------------


def test_a_unit_version_records_its_unit_and_a_refused_one_stores_nothing(db, campaign):
    store = Store(db, campaign)
    store.import_file(OWN.replace("11/06", "10/06").encode(), "tinh.csv", "thu-ky")
    before = dump(db)
    with pytest.raises(InputError) as refused:
        store.import_file(TWO_UNITS.encode(), "hai-don-vi.csv", MAI_CHAU.name, origin_unit="Mai Châu")
    assert [(p.code, p.row) for p in refused.value.problems] == [("other_unit", 3)]
    with pytest.raises(InputError):
        store.import_file(SCHEDULE.encode(), "lich.csv", MAI_CHAU.name, origin_unit="Mai Châu")
    assert dump(db) == before  # nothing stored, no version made
    own = store.import_file(OWN.encode(), "mai-chau.csv", MAI_CHAU.name, origin_unit="Mai Châu")
    assert (own.origin, own.origin_unit, own.author) == ("unit", "Mai Châu", MAI_CHAU.name)
    first = store.history()[0]
    assert (first.origin, first.origin_unit) == ("province", None)
    assert store.version(own.number).to_json()["origin"] == "unit"
    assert store.version(own.number).to_json()["origin_unit"] == "Mai Châu"
    restored = store.restore(first.number, author="thu-ky")
    assert restored.origin == "province"


def test_a_store_of_the_previous_schema_keeps_its_versions_as_the_provinces(db, campaign, tmp_path):
    previous = 5  # the schema before unit accounts (migration 6 adds versions.origin_unit)
    con = sqlite3.connect(db)
    for step in MIGRATIONS[:previous]:
        for statement in step:
            con.execute(statement)
    for key in campaign.item_keys:
        con.execute(f"ALTER TABLE reports ADD COLUMN s_{key} TEXT")
        con.execute(f"ALTER TABLE findings ADD COLUMN a_{key} TEXT")
    con.execute(f"PRAGMA user_version = {previous}")
    con.execute(
        "INSERT INTO versions (created_at, author, filename, kind, rows) VALUES ('2024-06-01T00:00:00Z', 'cu', 'x.csv',"
        " 'progress', 1)"
    )
    con.execute(
        "INSERT INTO reports (unit, report_date, s_script, valid_from) VALUES ('Mai Châu', '2024-06-01', 'done', 1)"
    )
    con.commit()
    con.close()
    assert "origin_unit" not in {r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(versions)")}
    store = Store(db, campaign)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    old = store.history()[0]
    assert (old.author, old.origin, old.origin_unit) == ("cu", "province", None)
    assert store.reports()["script"].tolist() == ["done"]
    new = store.import_file(OWN.encode(), "mai-chau.csv", "vp", origin_unit="Mai Châu")
    assert new.origin_unit == "Mai Châu"


# --- accounts and the command line ---------------------------------------------------------


def test_an_account_of_a_unit_logs_in_as_that_unit(tmp_path):
    path = tmp_path / "e.json"
    add_editor("Văn phòng Mai Châu", "mat-khau-dai", path, unit="Mai Châu")
    add_editor("thu-ky", "mat-khau-dai", path)
    assert authenticate("văn phòng  mai châu", "mat-khau-dai", path) == "Văn phòng Mai Châu"
    assert account("VĂN PHÒNG MAI CHÂU", path) == Account("Văn phòng Mai Châu", "Mai Châu")
    assert account("thu-ky", path) == Account("thu-ky", None)
    assert account("nobody", path) is None
    add_editor("Văn phòng Mai Châu", "mat-khau-moi-1", path)  # a reset without a unit: the province's now
    assert account("Văn phòng Mai Châu", path).unit is None


@pytest.fixture
def env(tmp_path):
    return {"DTTS_DB": str(tmp_path / "cli.sqlite"), "DTTS_EDITORS": str(tmp_path / "editors.json")}


def test_add_editor_with_an_unknown_unit_is_refused(env):
    result = run("add-editor", "vp", "--unit", "Mai Chao", "--password-stdin", stdin="mat-khau-dai\n", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "“Mai Chao”" in result.stderr and "Mai Châu" in result.stderr  # said, with the closest name
    assert not Path(env["DTTS_EDITORS"]).exists()  # no account made
    other = run("add-editor", "vp", "--unit", "Hà Nội", "--password-stdin", stdin="mat-khau-dai\n", env=env)
    assert other.returncode == 1 and "“Hà Nội”" in other.stderr and "Traceback" not in other.stderr


def test_add_editor_with_a_unit_makes_an_account_that_logs_in_as_the_unit(env):
    result = run(
        "add-editor", "Văn phòng Mai Châu", "--unit", "h. mai chau", "--password-stdin", stdin="mat-khau-dai\n", env=env
    )
    assert result.returncode == 0, result.stderr
    path = Path(env["DTTS_EDITORS"])
    assert json.loads(path.read_text(encoding="utf-8"))["Văn phòng Mai Châu"]["unit"] == "Mai Châu"  # canonical
    assert authenticate("Văn phòng Mai Châu", "mat-khau-dai", path) == "Văn phòng Mai Châu"
    found = account("Văn phòng Mai Châu", path)
    assert found.is_unit and not permissions.may(found, "restore")


def test_history_json_says_each_versions_origin(env, tmp_path, campaign):
    Store(Path(env["DTTS_DB"]), campaign).import_file(OWN.encode(), "mai-chau.csv", "vp", origin_unit="Mai Châu")
    report = tmp_path / "tinh.csv"
    report.write_text(OWN.replace("11/06", "12/06"), encoding="utf-8")
    assert run("import", str(report), env=env).returncode == 0  # the command line is the province's
    versions = json.loads(run("history", "--json", env=env).stdout)["versions"]
    assert [(v["origin"], v["origin_unit"]) for v in versions] == [("unit", "Mai Châu"), ("province", None)]
