"""A new session's first run of the overview is cheap: what it shows is made once per data
version and view and shared by every session (issue 16, point 7)."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import charts, tables
from dtts_dashboard.store import Store

from .conftest import ROOT


@pytest.fixture
def made(db, monkeypatch):
    """How many times the overview's rounds figure and status matrix were built."""
    st.cache_data.clear()
    st.cache_resource.clear()
    calls = {"rounds_figure": [], "status_matrix": []}

    def counting(module, name):
        real = getattr(module, name)

        def counted(*args, **kwargs):
            calls[name].append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    counting(charts, "rounds_figure")
    counting(tables, "status_matrix")
    return calls


def session() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def reported(at) -> str:
    return {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"]


def test_new_sessions_share_the_overview_of_a_version(made, db, campaign):
    first = session()
    assert not first.exception and len(made["rounds_figure"]) == 1 and len(made["status_matrix"]) == 1
    second, third = session(), session()  # new sessions, as after a group message
    assert len(made["rounds_figure"]) == 1 and len(made["status_matrix"]) == 1  # nothing rebuilt for them
    for at in (second, third):
        assert not at.exception
        assert at.dataframe[0].value.equals(first.dataframe[0].value)
        assert [e.proto.spec for e in at.get("plotly_chart")] == [e.proto.spec for e in first.get("plotly_chart")]
    assert reported(third) == "10/10"

    english = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    english.query_params["lang"] = "en"
    english.run()
    assert not english.exception and len(made["rounds_figure"]) == 2  # another view: made for it
    assert "Unit" in english.dataframe[0].value.columns

    # A new version (real data: the sample and its illustrative rounds set aside): the next
    # session sees it (made anew), a session's rerun too
    Store(db, campaign).import_file(
        "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n20/06/2024,Mai Châu,x\r\n".encode(), "a.csv", "t"
    )
    after = session()
    assert not after.exception and len(made["status_matrix"]) == 3
    mai = after.dataframe[0].value.set_index("Đơn vị").loc["Mai Châu"]
    assert mai["Báo cáo ngày"] == "20/06/2024"
    first.run()
    assert first.dataframe[0].value.set_index("Đơn vị").loc["Mai Châu", "Báo cáo ngày"] == "20/06/2024"
    assert len(made["status_matrix"]) == 3


def test_a_long_attention_list_is_one_table_with_every_unit(tmp_path, monkeypatch):
    """Past ``MAX_CARDS`` units the overview lists the units needing attention, and the latest
    difficulties, each in one table: every unit still there, not a paragraph each (ten
    thousand paragraphs made the overview's rerun take seconds at commune scale)."""
    from dtts_dashboard import metrics, overview
    from dtts_dashboard.cards import MAX_CARDS
    from dtts_dashboard.synth import campaign_toml, progress_frame, synthetic_campaign, to_csv_bytes

    many = synthetic_campaign(6 * MAX_CARDS)
    (tmp_path / "campaign.toml").write_text(campaign_toml(many), encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(tmp_path / "campaign.toml"))
    monkeypatch.setenv("DTTS_DB", str(tmp_path / "store.sqlite"))
    store = Store(tmp_path / "store.sqlite", many)
    store.import_file(to_csv_bytes(progress_frame(many, 8)), "progress.csv", "t")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = session()
    assert not at.exception
    reports, real = store.reports(), many.for_real_data()
    as_of = metrics.default_as_of(reports, real, store.findings())
    expected = overview.overview(
        reports, store.schedule(), store.findings(), store.handling(), real, as_of, None, real.item_keys, "vi"
    )
    assert (
        len(expected.attention) > MAX_CARDS
        and len(metrics.difficulties(metrics.unit_state(reports, real, as_of))) > MAX_CARDS
    )
    tables_shown = [d.value for d in at.dataframe]
    attention = next(f for f in tables_shown if "Lý do" in f.columns)
    assert list(attention["Đơn vị"]) == [unit for unit, _ in expected.attention]  # every unit, in order
    assert list(attention["Lý do"]) == ["; ".join(reasons) for _, reasons in expected.attention]
    difficulties = next(f for f in tables_shown if "Khó khăn, vướng mắc" in f.columns)
    assert list(difficulties["Đơn vị"]) == list(metrics.difficulties(metrics.unit_state(reports, real, as_of))["unit"])
    assert not [m for m in at.markdown if m.value.startswith("**") and "**: " in m.value]  # no paragraph per unit
    assert len(at.markdown) < 30

    short = tables.attention_list(
        metrics.needs_attention(metrics.unit_state(reports, real, as_of), store.schedule(), real, as_of), real, "vi"
    )
    assert tables.attention_table(short[:MAX_CARDS], "vi") is None  # a short list stays a paragraph each
