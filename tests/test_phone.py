"""Issue 15 without a browser: the overview's cards for a phone, the page's language texts."""

import json

import pytest

from dtts_dashboard import tables, ui_look
from dtts_dashboard.i18n import TEXTS
from dtts_dashboard.text import md_escape

from .test_pages import app  # noqa: F401  (the fixture)


def test_the_overview_has_one_card_per_unit_with_its_statuses_and_reasons(app):  # noqa: F811
    at = app(as_of="2024-06-05").run()
    assert not at.exception
    matrix = at.dataframe[0].value
    facts = ("Ngày Đại hội: ", "Chưa có ngày Đại hội")  # a card's second line begins with one of these
    cards = [
        m.value for m in at.markdown if m.value.startswith("**") and (m.value.split("  \n") + [""])[1].startswith(facts)
    ]
    assert [c.split("**")[1] for c in cards] == list(matrix["Đơn vị"])  # every unit, in the matrix's order
    items = [c for c in matrix.columns if c in ("Văn kiện", "Chương trình", "Kịch bản")]
    for card, (_, row) in zip(cards, matrix.iterrows()):
        for item in items:  # the matrix's symbol and word for each item
            assert f"{item}: {md_escape(row[item])}" in card
    attention = {m.value.split("**")[1]: m.value for m in at.markdown if m.value.startswith("**") and "**: " in m.value}
    assert attention, "the sample has units needing attention on 5/6"
    for card in cards:
        unit = card.split("**")[1]
        assert ("⚠" in card) == (unit in attention)
        if unit in attention:
            for reason in attention[unit].split("**: ", 1)[1].split("; "):
                assert f"⚠ {reason}" in card


def test_cards_keep_to_a_readable_number_of_units(campaign):
    import pandas as pd

    many = pd.DataFrame({"Đơn vị": [f"U{i}" for i in range(tables.MAX_CARDS + 1)]})
    for column in ("Ngày Đại hội", "Đại hội", "Báo cáo ngày", "Số đại biểu"):
        many[column] = ""
    assert tables.unit_cards(many, [], "vi") == []
    assert len(tables.unit_cards(many.head(tables.MAX_CARDS), [], "vi")) == tables.MAX_CARDS


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_language_texts_name_every_streamlit_name_in_both_languages(lang):
    texts = ui_look.language_texts(lang)
    assert texts["lang"] == lang
    assert len(texts["names"]) == len(ui_look.A11Y_NAMES)
    for english, (vi, en, wanted) in zip(ui_look.A11Y_NAMES, texts["names"]):
        assert en == english and vi and vi != en
        assert wanted == (vi if lang == "vi" else en)
        assert english.endswith(" ") == vi.endswith(" ")  # a prefix in one language is one in the other


def test_the_script_gets_our_texts_only_as_data():
    script = ui_look._LANGUAGE_SCRIPT
    assert script.count("__TEXTS__") == 1
    data = json.dumps(ui_look.language_texts("vi"), ensure_ascii=True)
    assert "<" not in data  # nothing that could close the script element
    assert all(key in TEXTS for key in ui_look.A11Y_NAMES.values())


def card_texts(at, key: str) -> list[str]:
    """The Markdown of each card in the phone-only container ``key`` (AppTest sees what the
    style sheet hides)."""

    def blocks(node):
        for child in node.children.values():
            if child.type == "flex_container":
                yield child
                yield from blocks(child)

    found = [b for b in blocks(at.main) if b.proto.id.endswith(f"-phone-only-{key}")]
    assert len(found) == 1, f"no phone-only-{key}"
    return [m.value for m in found[0].markdown]


def test_a_table_read_down_as_cards_keeps_every_cell_in_order_and_escapes_typed_text():
    import pandas as pd

    from dtts_dashboard.cards import MAX_CARDS, row_cards

    frame = pd.DataFrame(
        {
            "Đơn vị": ["Đà Bắc", "[x](http://a.b)"],
            "Nguồn": ["Khó khăn", "Kiến nghị"],
            "Nội dung": ["dòng 1\ndòng 2", "**đậm**"],
            "Số ngày": [16, 3],
            "Trả lời": ["", None],
        }
    )
    first, second = row_cards(frame, "Đơn vị", ("Nội dung", "Trả lời"))
    assert first.markdown() == "**Đà Bắc**\n\nNguồn: Khó khăn\n\n**Nội dung**  \ndòng 1  \ndòng 2\n\nSố ngày: 16"
    assert second.heading == md_escape("[x](http://a.b)") and "**" + md_escape("**đậm**") not in second.markdown()
    assert md_escape("**đậm**") in second.markdown() and "Trả lời" not in second.markdown()  # empty: left out
    named = row_cards(frame, "Số ngày", named=True)
    assert [c.heading for c in named] == ["Số ngày: 16", "Số ngày: 3"]
    many = pd.concat([frame] * (MAX_CARDS // 2 + 1))
    assert row_cards(many, "Đơn vị") == [] and len(row_cards(many.head(MAX_CARDS), "Đơn vị")) == MAX_CARDS


def test_the_unit_page_has_a_card_for_each_report_and_follow_up(app):  # noqa: F811
    at = app(as_of="2024-06-05").run()
    at.switch_page("pages/2_unit.py").run()
    at.selectbox(key="unit").set_value("Đà Bắc").run()
    assert not at.exception
    reports, listed = at.dataframe[0].value, at.dataframe[-1].value
    report_cards, followup_cards = card_texts(at, "unit-reports"), card_texts(at, "unit-followups")
    assert [c.split("\n")[0] for c in report_cards] == [f"**Báo cáo ngày: {d}**" for d in reports["Báo cáo ngày"]]
    for card, (_, row) in zip(report_cards, reports.iterrows()):
        assert f"Dự thảo Kịch bản: {md_escape(row['Dự thảo Kịch bản'])}" in card
    assert len(followup_cards) == len(listed) > 0
    for card, text in zip(followup_cards, listed["Nội dung"]):
        assert card.startswith("**Đà Bắc**") and md_escape(text) in card


@pytest.mark.parametrize(
    "page, key, heading, line",
    [  # each card: headed by the row's heading cell, and one of its other cells as a line
        (
            "pages/7_followups.py",
            "followups",
            lambda r: md_escape(r["Đơn vị"]),
            lambda r: f"Trạng thái: {r['Trạng thái']}",
        ),
        (
            "pages/4_history.py",
            "history",
            lambda r: f"Phiên bản: {r['Phiên bản']}",
            lambda r: f"Loại: {md_escape(r['Loại'])}",
        ),
    ],
    ids=["followups", "history"],
)
def test_a_page_has_a_card_for_each_row_it_lists(app, page, key, heading, line):  # noqa: F811
    at = app(as_of="2024-06-05").run()
    at.switch_page(page).run()
    assert not at.exception
    listed, found = at.dataframe[0].value, card_texts(at, key)
    assert len(found) == len(listed) > 0
    for card, (_, row) in zip(found, listed.iterrows()):
        assert card.startswith(f"**{heading(row)}**") and line(row) in card


def test_plotly_gets_its_own_texts_in_vietnamese():
    """The charts' config gives Plotly.js a "vi" locale whose dictionary holds, for each of its
    English texts that we translate, our Vietnamese; each English text is one the Plotly.js that
    Streamlit bundles looks up (a new version that rewords one shows here)."""
    from pathlib import Path

    import streamlit

    from dtts_dashboard.i18n import t

    vi, en = ui_look.plotly_config("vi"), ui_look.plotly_config("en")
    dictionary = vi["locales"]["vi"]["dictionary"]
    assert vi["locale"] == "vi" and "locale" not in en and "locales" not in en
    assert dictionary["Reset axes"] == t("plotly_reset_axes", "vi") != "Reset axes"
    assert len(dictionary) == len(ui_look.PLOTLY_TEXTS) and all(
        english != words for english, words in dictionary.items()
    )
    assert vi["modeBarButtons"] == en["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert vi["toImageButtonOptions"]["filename"] != en["toImageButtonOptions"]["filename"]
    bundled = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart*.js")
    )
    assert bundled, "Streamlit's bundled Plotly.js not found"
    for english in dictionary:
        assert f"`{english}`" in bundled or f'"{english}"' in bundled, english
