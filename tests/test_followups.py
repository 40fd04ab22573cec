"""Follow-up items: derived from the reports and findings, the same text kept as one item,
handled as versions, raised again after an answer."""

import datetime as dt
import json
import random

import pandas as pd
import pytest

from dtts_dashboard import followups
from dtts_dashboard.store import Store
from dtts_dashboard.text import is_nothing

from .test_cli_check import run


def csv(*rows) -> bytes:
    head = 'Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,"Khó khăn, vướng mắc","Đề xuất, kiến nghị"'
    return ("\r\n".join([head, *rows]) + "\r\n").encode("utf-8")


@pytest.fixture
def store(db, campaign):
    store = Store(db, campaign)
    store.import_file(
        csv(
            "20/05/2024,Đà Bắc,Đang,Thiếu kinh phí tổ chức Đại hội,Đề nghị tỉnh cấp bổ sung kinh phí",
            "27/05/2024,Đà Bắc,Đang,thiếu  kinh phí tổ chức đại hội.,Đề nghị tỉnh cấp bổ xung kinh phí",
            "27/05/2024,Mai Châu,Đang,Không,Không có",
            "03/06/2024,Mai Châu,Đang,-,Đề nghị hướng dẫn cơ cấu đại biểu",
        ),
        "tien-do.csv",
        "lan",
    )
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Văn kiện,Kiến nghị của đoàn\r\nĐà Bắc,03/06/2024,Cần hoàn thiện,"
        "Hoàn thiện dự thảo Văn kiện\r\n".encode(),
        "ket-qua.csv",
        "lan",
    )
    return store


def table(store, campaign, day="2024-06-05"):
    return followups.items(store.reports(), store.findings(), store.handling(), campaign, dt.date.fromisoformat(day))


def test_items_are_derived_and_the_same_text_is_one_item(store, campaign):
    items = table(store, campaign)
    got = [(r["unit"], r["source"], r["first_raised"], r["last_raised"]) for r in items.to_dict(orient="records")]
    assert got == [
        ("Đà Bắc", "difficulty", "2024-05-20", "2024-05-27"),  # case, spacing and a full stop ignored
        ("Đà Bắc", "proposal", "2024-05-20", "2024-05-20"),  # "bổ xung": a changed text is a new item...
        ("Đà Bắc", "proposal", "2024-05-27", "2024-05-27"),  # ...and the earlier one stays until handled
        ("Đà Bắc", "recommendation", "2024-06-03", "2024-06-03"),
        ("Mai Châu", "proposal", "2024-06-03", "2024-06-03"),  # "Không", "Không có", "-" are not items
    ]
    assert set(items["status"]) == {"open"}
    assert items.iloc[0]["age_days"] == 16
    assert followups.item_id("Đà Bắc", "difficulty", "THIẾU KINH PHÍ TỔ CHỨC ĐẠI HỘI") == items.iloc[0]["id"]
    assert followups.per_unit(items).set_index("unit").to_dict("index") == {
        "Đà Bắc": {"open": 4, "oldest_days": 16},
        "Mai Châu": {"open": 1, "oldest_days": 2},
    }
    assert table(store, campaign, "2024-05-25")["unit"].tolist() == ["Đà Bắc", "Đà Bắc"]
    # a unit's items (its page) are the rows of that unit among all the items
    day = dt.date(2024, 6, 5)
    for unit in ("Đà Bắc", "Mai Châu", "Cao Phong"):
        mine = followups.items(store.reports(), store.findings(), store.handling(), campaign, day, [unit])
        pd.testing.assert_frame_equal(mine, items[items["unit"] == unit].reset_index(drop=True))
    assert len(mine) == 0 and len(items[items["unit"] == "Mai Châu"]) == 1


def test_handling_is_a_version_and_an_item_raised_again_shows_it(store, campaign):
    first = table(store, campaign).iloc[0]
    v = store.answer(first["id"], first["unit"], "in_hand", "lan", owner="Sở Tài chính")
    assert (v.kind, v.author, v.added, v.changed) == ("answer", "lan", 1, 0)
    v2 = store.answer(
        first["id"],
        first["unit"],
        "answered",
        "mai",
        owner="Sở Tài chính",
        response="Đã cấp bổ sung 50 triệu đồng",
        response_date="2024-06-01",
        ref="123/STC-NS",
    )
    assert (v2.added, v2.changed) == (0, 1)
    now = table(store, campaign).iloc[0]
    assert (now["status"], now["response_ref"], now["came_back"]) == ("answered", "123/STC-NS", False)
    assert first["id"] not in set(followups.open_items(table(store, campaign))["id"])
    history = store.handling_history(first["id"])
    assert history[["status", "author"]].values.tolist() == [["in_hand", "lan"], ["answered", "mai"]]
    # the earlier handling is still there in the version before
    assert store.handling(version=v.number).set_index("item_id").loc[first["id"], "status"] == "in_hand"
    store.import_file(csv("10/06/2024,Đà Bắc,Đang,Thiếu kinh phí tổ chức Đại hội,"), "lai.csv", "lan")
    again = table(store, campaign, "2024-06-12").iloc[0]
    assert (again["status"], again["came_back"], again["last_raised"]) == ("answered", True, "2024-06-10")
    assert first["id"] in set(followups.open_items(table(store, campaign, "2024-06-12"))["id"])


def test_followups_and_answer_commands(store, db, tmp_path):
    env = {"DTTS_DB": str(db)}
    listed = run("followups", "--as-of", "2024-06-05", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)["items"]
    assert len(items) == 5 and items[0]["status"] == "open" and items[0]["source"] == "difficulty"
    assert set(items[0]) >= {
        "id",
        "unit",
        "source",
        "text",
        "first_raised",
        "last_raised",
        "status",
        "owner",
        "response",
        "response_date",
        "response_ref",
    }
    answered = run(
        "answer",
        items[0]["id"],
        "--status",
        "answered",
        "--owner",
        "Ban Dân tộc",
        "--response",
        "Đã hướng dẫn",
        "--ref",
        "45/BDT",
        "--date",
        "2024-06-04",
        "--by",
        "Lan",
        env=env,
    )
    assert answered.returncode == 0, answered.stderr
    after = json.loads(run("followups", "--as-of", "2024-06-05", "--json", env=env).stdout)["items"][0]
    assert (after["status"], after["owner"], after["response_ref"], after["response_date"]) == (
        "answered",
        "Ban Dân tộc",
        "45/BDT",
        "2024-06-04",
    )
    history = json.loads(run("history", "--json", env=env).stdout)["versions"]
    assert (history[-1]["kind"], history[-1]["author"]) == ("answer", "Lan")
    unknown = run("answer", "nope", "--status", "answered", "--by", "Lan", env=env)
    assert unknown.returncode == 1 and "nope" in unknown.stderr and "Traceback" not in unknown.stderr
    bad = run("answer", items[0]["id"], "--status", "done", "--by", "Lan", env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_no_reports_no_items(campaign):
    empty = pd.DataFrame(columns=["unit", "report_date", "difficulties", "proposals"])
    assert followups.items(empty, None, pd.DataFrame(), campaign, dt.date(2024, 6, 5)).empty


def _items_row_by_row(reports, findings, handling, campaign, as_of, units=None):
    """What ``followups.items`` gives, read the plain way: raising by raising in date order."""
    day = as_of.isoformat()
    raisings = []
    for frame, column, source, date in (
        (reports, "difficulties", "difficulty", "report_date"),
        (reports, "proposals", "proposal", "report_date"),
        (findings, "recommendations", "recommendation", "inspection_date"),
    ):
        for r in frame.astype(object).to_dict(orient="records"):
            text = r[column]
            mine = units is None or r["unit"] in units
            if mine and isinstance(text, str) and r[date] <= day and not is_nothing(text):
                raisings.append((r[date], len(raisings), r["unit"], source, text))
    seen = {}
    for date, _, unit, source, text in sorted(raisings):
        key = followups.item_id(unit, source, text)
        first = seen.get(key, {"id": key, "unit": unit, "source": source, "first_raised": date})
        seen[key] = first | {"text": text, "last_raised": date}
    handled = {r["item_id"]: {k: v for k, v in r.items() if isinstance(v, str)} for r in handling.to_dict("records")}
    rows = []
    for item in seen.values():
        h = handled.get(item["id"], {})
        status = h.get("status") or "open"
        answered = h.get("response_date")
        rows.append(
            item
            | {name: h.get(name) for name in followups.HANDLING_COLUMNS[2:]}
            | {"status": status, "age_days": (as_of - dt.date.fromisoformat(item["first_raised"])).days}
            | {"came_back": status in followups.CLOSED and answered is not None and item["last_raised"] > answered}
        )
    order = {u: i for i, u in enumerate(campaign.unit_names)}
    rows.sort(key=lambda r: (order.get(r["unit"], len(order)), r["first_raised"], r["source"]))  # stable
    return [{k: r[k] for k in followups.ITEM_COLUMNS} for r in rows]


@pytest.mark.parametrize("seed", range(6))
def test_items_are_what_a_row_by_row_reading_gives(campaign, seed):
    """``items`` works on numbers (each distinct text folded once, no row sorted); it must give
    what reading the raisings one by one gives, for spellings of one text, "nothing" cells,
    several sources, a unit filter, a date cut and handled items."""
    rng = random.Random(seed)
    texts = [
        None,
        "Không",
        "-",
        "Thiếu kinh phí",
        "thiếu  kinh phí.",
        "THIẾU KINH PHÍ;",
        "Đề nghị hướng dẫn",
        "Cần tập huấn",
    ]
    units = [*campaign.unit_names, "Huyện Không Có"]  # and a unit the campaign does not name: after the others
    days = [f"2024-05-{d:02d}" for d in range(10, 32)] + [f"2024-06-{d:02d}" for d in range(1, 12)]
    reports = pd.DataFrame(
        [
            {"unit": u, "report_date": d, "difficulties": rng.choice(texts), "proposals": rng.choice(texts)}
            for u, d in sorted({(rng.choice(units), rng.choice(days)) for _ in range(150)})
        ]
    ).astype("str")
    reports = reports.where(reports != "None")  # missing cells as the store gives them
    findings = pd.DataFrame(
        [
            {"unit": u, "inspection_date": d, "recommendations": rng.choice(texts)}
            for u, d in sorted({(rng.choice(units), rng.choice(days[20:])) for _ in range(8)})
        ]
    ).astype("str")
    findings = findings.where(findings != "None")
    as_of = dt.date(2024, 5, 20) + dt.timedelta(days=rng.randint(0, 25))
    every = followups.items(reports, findings, pd.DataFrame(), campaign, as_of)
    handling = pd.DataFrame(
        [
            {"item_id": i, "status": rng.choice(followups.STATUSES), "owner": "Lan", "response": "Đã trả lời"}
            | {"response_date": rng.choice([None, "2024-05-25", "2024-06-03"]), "response_ref": None}
            for i in every["id"]
            if rng.random() < 0.6
        ],
        columns=list(followups.HANDLING_COLUMNS),
    )
    some = rng.sample(units, 3)
    for chosen in (None, some):
        got = followups.items(reports, findings, handling, campaign, as_of, chosen)
        want = _items_row_by_row(reports, findings, handling, campaign, as_of, chosen)
        assert len(want) > 0 or chosen is not None
        assert got.to_dict(orient="records") == want


def test_the_follow_ups_page_lists_filters_and_records_an_answer(store, db, tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dtts_dashboard.auth import add_editor

    from .conftest import ROOT

    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "editors.json"))
    add_editor("lan", "mat-khau-dai")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-06-05"
    at.run()
    assert not at.exception
    # the overview: per unit, the items waiting and the oldest's age; over 7 days is a reason
    waiting = at.dataframe[-1].value.set_index("Đơn vị")
    assert waiting.loc["Đà Bắc", "Đang chờ"] == 4 and waiting.loc["Đà Bắc", "Lâu nhất (ngày)"] == 16
    assert any("4 khó khăn, đề xuất, kiến nghị chưa được trả lời, lâu nhất 16 ngày" in m.value for m in at.markdown)
    at.switch_page("pages/7_followups.py").run()
    assert not at.exception
    listed = at.dataframe[0].value
    assert len(listed) == 5 and listed["Trạng thái"].eq("Mới").all()
    assert listed.iloc[0]["Số ngày"] == 16  # waiting longest first
    at.multiselect(key="fu_source").set_value(["recommendation"]).run()
    assert at.dataframe[0].value["Nguồn"].tolist() == ["Kiến nghị của đoàn kiểm tra"]
    at.text_input(key="login_name").input("lan")
    at.text_input(key="login_password").input("mat-khau-dai")
    at.button(key="FormSubmitter:login-Đăng nhập").click().run()
    at.selectbox[-1].set_value("answered")
    at.text_input[-2].input("Ban Dân tộc")
    at.text_area[0].input("Đã hướng dẫn đơn vị hoàn thiện")
    at.text_input[-1].input("45/BDT")
    at.button[-1].click().run()
    assert not at.exception
    assert any("Đã lưu xử lý" in s.value for s in at.success)
    handled = store.handling().iloc[0]
    assert (handled["status"], handled["owner"], handled["response_ref"]) == ("answered", "Ban Dân tộc", "45/BDT")
    assert store.history()[-1].author == "lan"
    # answered items leave the default view (open and in hand)
    at.multiselect(key="fu_source").set_value([]).run()
    assert len(at.dataframe[0].value) == 4


def test_the_report_gives_what_was_raised_and_how_it_was_handled(store, campaign):
    import io

    from docx import Document

    from dtts_dashboard import report

    first = table(store, campaign).iloc[0]
    store.answer(
        first["id"],
        first["unit"],
        "answered",
        "lan",
        owner="Sở Tài chính",
        response="Đã cấp bổ sung",
        response_date="2024-06-01",
        ref="123/STC-NS",
    )
    data = report.report_docx(
        store.reports(),
        store.schedule(),
        campaign,
        dt.date(2024, 6, 5),
        findings=store.findings(),
        handling=store.handling(),
    )
    body = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "V. KẾT QUẢ GIẢI QUYẾT KHÓ KHĂN, KIẾN NGHỊ" in body and "VI. NHIỆM VỤ THỜI GIAN TỚI" in body
    assert (
        "- thiếu kinh phí tổ chức đại hội. (Khó khăn, vướng mắc, nêu từ ngày 20/05/2024): đã trả lời, Sở Tài chính; "
        "trả lời: Đã cấp bổ sung (123/STC-NS, 01/06/2024)." in body
    )
    assert "- Hoàn thiện dự thảo Văn kiện (Kiến nghị của đoàn kiểm tra, nêu từ ngày 03/06/2024): mới." in body
    # the attention list has the inspection and the waiting items too
    assert "4 khó khăn" not in body and "chưa được trả lời" in body


def test_findings_without_recommendations_and_no_reports_give_no_items(campaign):
    empty = pd.DataFrame(columns=["unit", "report_date", "difficulties", "proposals"])
    findings = pd.DataFrame({"unit": ["Mai Châu"], "inspection_date": ["2024-06-03"], "recommendations": [None]})
    assert followups.items(empty, findings, pd.DataFrame(), campaign, dt.date(2024, 6, 5)).empty


def test_restoring_an_older_version_restores_the_handling_too(store, campaign):
    first = table(store, campaign).iloc[0]
    before = store.history()[-1].number
    store.answer(first["id"], first["unit"], "answered", "lan", response="Đã trả lời")
    assert table(store, campaign).iloc[0]["status"] == "answered"
    store.restore(before, "lan")
    assert table(store, campaign).iloc[0]["status"] == "open"


def test_the_unit_page_lists_its_items(store, db):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-06-05"
    at.run()
    at.switch_page("pages/2_unit.py").run()
    at.selectbox(key="unit").set_value("Đà Bắc").run()
    assert not at.exception
    listed = at.dataframe[-1].value
    assert set(listed["Đơn vị"]) == {"Đà Bắc"} and len(listed) == 4


def test_findings_saved_before_any_report_are_in_view(db, campaign):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    Store(db, campaign).import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Kịch bản,Kiến nghị của đoàn\r\nCao Phong,03/06/2024,Chưa đạt,"
        "Hoàn thiện Kịch bản\r\n".encode(),
        "ket-qua.csv",
        "lan",
    )
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/7_followups.py").run()
    assert not at.exception
    assert at.dataframe[0].value["Nội dung"].tolist() == ["Hoàn thiện Kịch bản"]
