"""import, history, restore, export, report and add-editor through real subprocesses."""

import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from .test_cli_check import run
from .test_store import dump

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def env(any_db, tmp_path):
    """The commands' environment: a new store on SQLite and on PostgreSQL (each test runs on both)."""
    return {"DTTS_DB": str(any_db), "DTTS_EDITORS": str(tmp_path / "editors.json")}


def test_import_history_restore(env, tmp_path):
    first = run("import", str(DATA / "utf8_bom_comma.csv"), "--by", "Lan", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1"
    assert run("import", str(DATA / "schedule_semicolon.csv"), env=env).stdout.strip() == "2"
    history = json.loads(run("history", "--json", env=env).stdout)["versions"]
    assert [(v["number"], v["kind"], v["rows"], v["author"]) for v in history] == [
        (1, "progress", 3, "Lan"), (2, "schedule", 2, "cli")]  # fmt: skip
    import hashlib

    assert history[0]["sha256"] == hashlib.sha256((DATA / "utf8_bom_comma.csv").read_bytes()).hexdigest()
    assert history[0]["filename"] == "utf8_bom_comma.csv" and history[0]["created_at"].endswith("Z")
    restored = run("restore", "1", "--by", "Mai", env=env)
    assert restored.returncode == 0 and restored.stdout.strip() == "3"
    last = json.loads(run("history", "--json", env=env).stdout)["versions"][-1]
    assert (last["kind"], last["restored_from"], last["author"]) == ("restore", 1, "Mai")
    missing = run("restore", "42", env=env)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_refused_import_prints_the_check_errors_and_stores_nothing(env):
    run("import", str(DATA / "utf8_bom_comma.csv"), env=env)
    before = dump(env["DTTS_DB"])
    result = run("import", str(DATA / "refused_unknown_status.csv"), env=env)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"][0]["row"] == 3 and payload["errors"][0]["column"] == "documents"
    assert dump(env["DTTS_DB"]) == before


def test_export_and_report(env, tmp_path):
    run("import", str(DATA / "utf8_bom_comma.csv"), env=env)
    out = tmp_path / "bang.xlsx"
    result = run("export", "--out", str(out), "--as-of", "2024-05-30", "--units", "Cao Phong", "TP Hòa Bình", env=env)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [c.value for c in sheet["A"]][1:] == ["Thành phố Hòa Bình", "Cao Phong"]
    assert sheet["B3"].value is not None and sheet["B2"].value is None  # Hòa Bình's report is dated 31/5
    docx = tmp_path / "bao-cao.docx"
    assert run("report", "--out", str(docx), "--as-of", "2024-06-01", env=env).returncode == 0
    assert "BÁO CÁO" in "\n".join(p.text for p in Document(docx).paragraphs)
    bad = run("export", "--out", str(tmp_path / "x.pdf"), env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    bad_date = run("report", "--out", str(docx), "--as-of", "30/5/2024", env=env)
    assert bad_date.returncode == 2 and "yyyy-mm-dd" in bad_date.stderr


def test_add_editor_reads_the_password_from_stdin(env, tmp_path):
    result = run("add-editor", "Nguyễn Lan", "--password-stdin", stdin="mat-khau-dai\n", env=env)
    assert result.returncode == 0, result.stderr
    accounts = json.loads(Path(env["DTTS_EDITORS"]).read_text(encoding="utf-8"))
    assert list(accounts) == ["Nguyễn Lan"]
    assert accounts["Nguyễn Lan"]["hash"].startswith("$argon2") and "mat-khau-dai" not in json.dumps(accounts)
    assert Path(env["DTTS_EDITORS"]).stat().st_mode & 0o077 == 0
    short = run("add-editor", "X", "--password-stdin", stdin="ngan\n", env=env)
    assert short.returncode == 1 and "8" in short.stderr  # refused (1), not "could not run" (2)


def test_summary_json_is_what_the_overview_shows(env, monkeypatch):
    """The command and the page are computed by the same functions: compare them on the
    sample data at a date when several units need attention."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    monkeypatch.setenv("DTTS_DB", env["DTTS_DB"])
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-06-06"
    at.run()  # loads the sample into the empty store, as a first start does
    assert not at.exception
    result = run("summary", "--as-of", "2024-06-06", "--json", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["as_of"] == "2024-06-06" and summary["sample"] is True
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    labels = {"done": "✓ Hoàn thành", "in_progress": "◐ Đang làm", "not_started": "✗ Chưa làm", None: "? Chưa báo cáo"}
    shown_items = {"documents": "Văn kiện", "programme": "Chương trình", "script": "Kịch bản"}
    assert [u["unit"] for u in summary["units"]] == list(matrix.index)
    for unit in summary["units"]:
        row = matrix.loc[unit["unit"]]
        for key, header in shown_items.items():
            # the cell's status, before any "⚠ found" mark of the sample's findings
            assert labels[unit["statuses"][key]] == row[header].split(" ⚠ ")[0], (unit["unit"], key)
        assert (row["Đại hội"] == "✓ Đã tổ chức") == unit["congress_held"]
    page = {
        m.value.split("**: ")[0].strip("*"): m.value.split("**: ", 1)[1]
        for m in at.markdown
        if m.value.startswith("**") and "**: " in m.value
    }
    flagged = {u["unit"]: "; ".join(r["text"] for r in u["attention"]) for u in summary["units"] if u["attention"]}
    assert flagged and page == flagged
    assert summary["headline"]["reporting"] == int(at.metric[0].value.split("/")[0])
    # the rounds opened by 6/6: the inspection round (due 28/5), week 1 (4/6), week 2 (11/6, the current one)
    rounds = summary["rounds"]
    assert [(r["name"], r["due"], r["current"], r["illustrative"]) for r in rounds] == [
        ("Báo cáo phục vụ kiểm tra", "2024-05-28", False, True),
        ("Báo cáo tuần 1", "2024-06-04", False, True),
        ("Báo cáo tuần 2", "2024-06-11", True, True),
    ]
    assert all(list(r["units"]) == list(matrix.index) for r in rounds)
    assert set(rounds[0]["units"].values()) == {"on_time"}
    current = rounds[2]["units"]
    assert current["Kim Bôi"] == "not_expected"  # its congress was on 16/5
    shown = {m.label: m.value for m in at.metric}
    on_time = sum(v == "on_time" for v in current.values())
    expected = sum(v != "not_expected" for v in current.values())
    assert shown["Đúng hạn"] == f"{on_time}/{expected}"
    missing = ", ".join(u for u, v in current.items() if v == "missing")
    assert f"Chưa gửi: {missing}" in [m.value for m in at.markdown]
    assert f"Kính gửi: {missing}." in at.code[0].value
    text = run("summary", "--as-of", "2024-06-06", env=env).stdout
    assert "Đợt / round “Báo cáo tuần 2” (2024-06-11): missing=9, not_expected=1" in text
    units = json.loads(run("summary", "--units", "Mai Chau", "--json", env=env).stdout)["units"]
    assert [u["unit"] for u in units] == ["Mai Châu"]
    bad = run("summary", "--units", "Atlantis", env=env)
    assert bad.returncode == 2 and "Atlantis" in bad.stderr and "Traceback" not in bad.stderr


def test_findings_through_check_and_import(env, tmp_path):
    findings = tmp_path / "ket-qua.csv"
    findings.write_text(
        "Đơn vị,Ngày kiểm tra,Dự thảo Văn kiện,Dự thảo Kịch bản,Nhận xét của đoàn\r\n"
        "Cao Phong,03/06/2024,Đạt,Cần bổ sung,Tích cực\r\nĐà Bắc,05/06/2024,x,0,\r\n",
        encoding="utf-8",
    )
    assert run("import", str(DATA / "schedule_semicolon.csv"), env=env).returncode == 0
    checked = run("check", str(findings), "--json", env=env)
    assert checked.returncode == 0, checked.stderr
    body = json.loads(checked.stdout)
    assert body["kind"] == "findings" and body["rows"] == 2
    assert body["records"][0]["script"] == "needs_work" and body["records"][1]["documents"] == "meets"
    # Đà Bắc's visit is planned on 11/6, not 5/6: kept, with a warning naming the row
    assert [(w["code"], w["row"]) for w in body["warnings"]] == [("unplanned_visit", 3)]
    as_schedule = run("check", str(findings), "--kind", "schedule", "--json", env=env)
    assert as_schedule.returncode == 0 and json.loads(as_schedule.stdout)["kind"] == "schedule"
    imported = run("import", str(findings), "--kind", "findings", "--by", "Lan", env=env)
    assert imported.returncode == 0 and imported.stdout.strip() == "2"
    last = json.loads(run("history", "--json", env=env).stdout)["versions"][-1]
    assert (last["kind"], last["rows"], last["author"]) == ("findings", 2, "Lan")
    summary = json.loads(run("summary", "--as-of", "2024-06-06", "--json", env=env).stdout)
    cao = next(u for u in summary["units"] if u["unit"] == "Cao Phong")
    assert cao["inspection_date"] == "2024-06-03"
    assert cao["findings"]["documents"] == "meets" and cao["findings"]["script"] == "needs_work"


def test_import_of_a_large_file_leaves_its_versions_snapshot(tmp_path):
    """The command waits for the version's snapshot (made from the change) before it ends: the
    next command's first read of 20,000 reports or more comes from it, not from SQL."""
    from dtts_dashboard.synth import write_campaign_files

    files = write_campaign_files(tmp_path / "scale", 400, 50)  # 20,000 reports: snapshot.MIN_ROWS
    db = tmp_path / "store.sqlite"
    env = {"DTTS_DB": str(db), "DTTS_CAMPAIGN": str(files["campaign"])}
    done = run("import", str(files["progress"]), env=env)
    assert done.returncode == 0, done.stderr
    import sqlite3

    con = sqlite3.connect(db)
    assert con.execute("SELECT version, tbl, row_count FROM snapshots").fetchall() == [(1, "reports", 20_000)]
